import { defineInstance } from '@commonplace/sdk';

/**
 * An open educational commons, in MoodleNet's line: communities, collections and resources.
 * Will enable: education-commons, microblog. Plugins not built yet are absent for now.
 */
export default defineInstance({
  name: 'Commonplace for education',
  description: 'Educators sharing and curating open educational resources in federated communities.',
  plugins: [],
  settings: {
    signUp: 'open',
  },
});
