import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AgentLink, Fact, Quantity, RemoteMark, type AgentData, type MeasureData } from '../components.js';
import { EventTable, type EventSummary } from '../event-list.js';
import { AGENT, EVENT_SUMMARY, MEASURE } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';

export interface ResourcePageData {
  economicResource:
    | {
        id: string;
        uri: string;
        name: string;
        note: string | null;
        local: boolean;
        trackingIdentifier: string | null;
        ofBatchLot: string | null;
        currentLocation: string | null;
        state: string | null;
        accountingQuantity: MeasureData | null;
        onhandQuantity: MeasureData | null;
        primaryAccountable: AgentData | null;
        custodian: AgentData | null;
        conformsTo: { name: string } | null;
        containedIn: { id: string; name: string } | null;
        stage: { name: string } | null;
        events: EventSummary[];
      }
    | null;
}

/** A resource's inventory: its quantities with units, who is accountable and who holds it, and its events. */
function ResourcePage({ data }: PageProps<ResourcePageData>) {
  const t = useT();
  const resource = data.economicResource!;
  return (
    <div className="stack">
      <FlowsStyles />
      <div className="stack stack--tight">
        <h1>
          {resource.name}
          {resource.local ? null : <RemoteMark uri={resource.uri} />}
        </h1>
        {resource.note ? <p>{resource.note}</p> : null}
      </div>
      <section className="stack" aria-labelledby="resource-inventory">
        <h2 id="resource-inventory">{t('economic-flows.resource.inventory')}</h2>
        <dl className="flows-facts">
          <Fact term={t('economic-flows.resource.accounting')}>
            <Quantity measure={resource.accountingQuantity} />
          </Fact>
          <Fact term={t('economic-flows.resource.onhand')}>
            <Quantity measure={resource.onhandQuantity} />
          </Fact>
          <Fact term={t('economic-flows.resource.primaryAccountable')}>
            <AgentLink agent={resource.primaryAccountable} />
          </Fact>
          <Fact term={t('economic-flows.resource.custodian')}>
            {resource.custodian ? <AgentLink agent={resource.custodian} /> : <span className="muted">{t('economic-flows.resource.custodyWithAccountable')}</span>}
          </Fact>
          {resource.conformsTo ? <Fact term={t('economic-flows.resource.conformsTo')}>{resource.conformsTo.name}</Fact> : null}
          {resource.ofBatchLot ? <Fact term={t('economic-flows.resource.batch')}>{resource.ofBatchLot}</Fact> : null}
          {resource.trackingIdentifier ? <Fact term={t('economic-flows.resource.tracking')}>{resource.trackingIdentifier}</Fact> : null}
          {resource.currentLocation ? <Fact term={t('economic-flows.resource.location')}>{resource.currentLocation}</Fact> : null}
          {resource.containedIn ? (
            <Fact term={t('economic-flows.resource.containedIn')}>
              <a href={flowsPaths.resource(resource.containedIn.id)}>{resource.containedIn.name}</a>
            </Fact>
          ) : null}
          {resource.stage ? <Fact term={t('economic-flows.resource.stage')}>{resource.stage.name}</Fact> : null}
          {resource.state ? <Fact term={t('economic-flows.resource.state')}>{resource.state}</Fact> : null}
        </dl>
        <p className="cluster">
          <a className="button button--secondary" href={flowsPaths.trace(resource.id)}>
            {t('economic-flows.trace.link')}
          </a>
          <a className="button button--secondary" href={`${flowsPaths.record}?resource=${encodeURIComponent(resource.id)}`}>
            {t('economic-flows.resource.recordFor')}
          </a>
        </p>
      </section>
      <section className="stack" aria-labelledby="resource-events">
        <h2 id="resource-events">{t('economic-flows.resource.events')}</h2>
        <EventTable events={resource.events} caption={t('economic-flows.resource.events')} />
      </section>
    </div>
  );
}

export const resourcePage: PageDefinition<ResourcePageData> = {
  path: '/flows/resources/:id',
  query: `query FlowsResource($id: ID!) {
    economicResource(id: $id) {
      id uri name note local trackingIdentifier ofBatchLot currentLocation state
      accountingQuantity { ${MEASURE} } onhandQuantity { ${MEASURE} }
      primaryAccountable { ${AGENT} } custodian { ${AGENT} }
      conformsTo { name } containedIn { id name } stage { name }
      events(first: 50) { ${EVENT_SUMMARY} }
    }
  }`,
  variables: (params) => ({ id: params.id }),
  notFound: (data) => !data.economicResource,
  component: ResourcePage,
  title: ({ data }) => data.economicResource?.name ?? '',
  head: ({ data }) => ({ activityPubId: data.economicResource?.uri }),
};
