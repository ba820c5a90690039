import type { WebContribution } from '@commonplace/sdk/web';
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import { agentPage } from './pages/agent.js';
import { eventPage } from './pages/event.js';
import { flowsHomePage } from './pages/flows-home.js';
import { processPage } from './pages/process.js';
import { recordEventPage } from './pages/record-event.js';
import { resourcePage } from './pages/resource.js';
import { tracePage } from './pages/trace.js';
import { flowsPaths } from './paths.js';

/**
 * economic-flows in the browser: organisations and the viewer's agents, an agent's inventory, a
 * resource, an event, a process, the record form and the trace drawn as a graph. Every page reads
 * through the plugin's GraphQL API as the viewer and writes through its mutations.
 */
export const economicFlowsWeb: WebContribution = {
  pages: [flowsHomePage, recordEventPage, agentPage, resourcePage, tracePage, eventPage, processPage],
  navigation: [{ menu: 'main', label: 'economic-flows.nav', href: flowsPaths.home, order: 400 }],
  messages: { en, es },
};
