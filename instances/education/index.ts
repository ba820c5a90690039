import { defineInstance } from '@commonplace/sdk';
import { educationCommonsPlugin } from '@commonplace/plugin-education-commons';

/**
 * An open educational commons, in MoodleNet's line: communities, collections and resources.
 * Enables education-commons; microblog joins when it is built.
 */
export default defineInstance({
  name: 'Commonplace for education',
  description: 'Educators sharing and curating open educational resources in federated communities.',
  plugins: [educationCommonsPlugin],
  settings: {
    signUp: 'open',
  },
});
