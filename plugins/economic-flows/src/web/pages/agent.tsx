import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { Quantity, RemoteMark, type AgentData, type MeasureData } from '../components.js';
import { EventTable, type EventSummary } from '../event-list.js';
import { AGENT, EVENT_SUMMARY, MEASURE } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';

export interface AgentPageData {
  agent:
    | (AgentData & {
        serverHeldKey: boolean;
        eddsaPublicKey: string | null;
        inventory: Array<{ id: string; name: string; ofBatchLot: string | null; accountingQuantity: MeasureData | null; onhandQuantity: MeasureData | null }>;
      })
    | null;
  economicEvents: { nodes: EventSummary[] };
}

/** An agent: who it is, what it holds (its inventory) and the events it provided. */
function AgentPage({ data }: PageProps<AgentPageData>) {
  const t = useT();
  const agent = data.agent!;
  return (
    <div className="stack">
      <FlowsStyles />
      <div className="stack stack--tight">
        <h1>
          {agent.name}
          {agent.local ? null : <RemoteMark uri={agent.uri} />}
        </h1>
        <p className="muted">
          {t(agent.agentType === 'Organization' ? 'economic-flows.agent.organisation' : 'economic-flows.agent.person')}
          {' · '}
          {agent.serverHeldKey ? t('economic-flows.agent.serverSigns') : agent.eddsaPublicKey ? t('economic-flows.agent.ownKey') : t('economic-flows.agent.noKey')}
        </p>
      </div>
      <section className="stack" aria-labelledby="agent-inventory">
        <h2 id="agent-inventory">{t('economic-flows.agent.inventory')}</h2>
        {agent.inventory.length === 0 ? (
          <p className="muted">{t('economic-flows.agent.noInventory')}</p>
        ) : (
          <div className="flows-table-wrap">
            <table className="flows-table">
              <caption className="visually-hidden">{t('economic-flows.agent.inventory')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('economic-flows.resource.name')}</th>
                  <th scope="col">{t('economic-flows.resource.batch')}</th>
                  <th scope="col">{t('economic-flows.resource.accounting')}</th>
                  <th scope="col">{t('economic-flows.resource.onhand')}</th>
                </tr>
              </thead>
              <tbody>
                {agent.inventory.map((resource) => (
                  <tr key={resource.id}>
                    <td>
                      <a href={flowsPaths.resource(resource.id)}>{resource.name}</a>
                    </td>
                    <td>{resource.ofBatchLot ?? t('economic-flows.none')}</td>
                    <td>
                      <Quantity measure={resource.accountingQuantity} />
                    </td>
                    <td>
                      <Quantity measure={resource.onhandQuantity} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="stack" aria-labelledby="agent-events">
        <h2 id="agent-events">{t('economic-flows.agent.events')}</h2>
        <EventTable events={data.economicEvents.nodes} caption={t('economic-flows.agent.events')} />
      </section>
    </div>
  );
}

export const agentPage: PageDefinition<AgentPageData> = {
  path: '/flows/agents/:id',
  query: `query FlowsAgent($id: ID!) {
    agent(id: $id) {
      ${AGENT} serverHeldKey eddsaPublicKey
      inventory(first: 50) { id name ofBatchLot accountingQuantity { ${MEASURE} } onhandQuantity { ${MEASURE} } }
    }
    economicEvents(filter: { provider: $id }, first: 20) { nodes { ${EVENT_SUMMARY} } }
  }`,
  variables: (params) => ({ id: params.id }),
  notFound: (data) => !data.agent,
  component: AgentPage,
  title: ({ data }) => data.agent?.name ?? '',
  head: ({ data }) => ({ activityPubId: data.agent?.local ? data.agent.uri : undefined }),
};
