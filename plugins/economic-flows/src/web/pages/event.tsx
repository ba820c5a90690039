import { FormattedDate, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AgentLink, Fact, Quantity, RemoteMark } from '../components.js';
import { actionLabel, type EventSummary } from '../event-list.js';
import { EVENT_SUMMARY } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';

export interface EventPageData {
  economicEvent:
    | (EventSummary & {
        atLocation: string | null;
        toLocation: string | null;
        state: string | null;
        signature: { verified: boolean; signerPublicKey: string } | null;
        corrects: { id: string } | null;
        correctedBy: Array<{ id: string }>;
      })
    | null;
}

/** One economic event: its action, quantity, agents, resources, process and signature. */
function EventPage({ data }: PageProps<EventPageData>) {
  const t = useT();
  const event = data.economicEvent!;
  const resourceLink = (resource: { id: string; name: string } | null) => (resource ? <a href={flowsPaths.resource(resource.id)}>{resource.name}</a> : null);
  const processLink = (process: { id: string; name: string } | null) => (process ? <a href={flowsPaths.process(process.id)}>{process.name}</a> : null);
  return (
    <div className="stack">
      <FlowsStyles />
      <h1>
        {actionLabel(t, event.action.id)}
        {event.local ? null : <RemoteMark uri={event.uri} />}
      </h1>
      <p className="lead">{t(`economic-flows.action.${event.action.id}.summary`)}</p>
      <dl className="flows-facts">
        {event.hasPointInTime ? (
          <Fact term={t('economic-flows.event.when')}>
            <FormattedDate value={event.hasPointInTime} options={{ dateStyle: 'medium', timeStyle: 'short' }} />
          </Fact>
        ) : null}
        {event.resourceQuantity ? (
          <Fact term={t('economic-flows.event.resourceQuantity')}>
            <Quantity measure={event.resourceQuantity} />
          </Fact>
        ) : null}
        {event.effortQuantity ? (
          <Fact term={t('economic-flows.event.effortQuantity')}>
            <Quantity measure={event.effortQuantity} />
          </Fact>
        ) : null}
        <Fact term={t('economic-flows.event.provider')}>
          <AgentLink agent={event.provider} />
        </Fact>
        <Fact term={t('economic-flows.event.receiver')}>
          <AgentLink agent={event.receiver} />
        </Fact>
        {event.resourceInventoriedAs ? <Fact term={t('economic-flows.event.resourceInventoriedAs')}>{resourceLink(event.resourceInventoriedAs)}</Fact> : null}
        {event.toResourceInventoriedAs ? <Fact term={t('economic-flows.event.toResourceInventoriedAs')}>{resourceLink(event.toResourceInventoriedAs)}</Fact> : null}
        {event.inputOf ? <Fact term={t('economic-flows.event.inputOf')}>{processLink(event.inputOf)}</Fact> : null}
        {event.outputOf ? <Fact term={t('economic-flows.event.outputOf')}>{processLink(event.outputOf)}</Fact> : null}
        {event.atLocation ? <Fact term={t('economic-flows.event.atLocation')}>{event.atLocation}</Fact> : null}
        {event.toLocation ? <Fact term={t('economic-flows.event.toLocation')}>{event.toLocation}</Fact> : null}
        {event.state ? <Fact term={t('economic-flows.event.state')}>{event.state}</Fact> : null}
        {event.note ? <Fact term={t('economic-flows.event.note')}>{event.note}</Fact> : null}
        <Fact term={t('economic-flows.event.signature')}>
          {event.signature ? (
            <>
              {t(event.signature.verified ? 'economic-flows.signature.verified' : 'economic-flows.signature.unverified')}{' '}
              <span className="muted">
                {t('economic-flows.signature.signer')} <code>{event.signature.signerPublicKey}</code>
              </span>
            </>
          ) : (
            t('economic-flows.signature.none')
          )}
        </Fact>
        {event.corrects ? (
          <Fact term={t('economic-flows.event.corrects')}>
            <a href={flowsPaths.event(event.corrects.id)}>{t('economic-flows.event.original')}</a>
          </Fact>
        ) : null}
        {event.correctedBy.length > 0 ? (
          <Fact term={t('economic-flows.event.correctedBy')}>
            <ul className="inline-list">
              {event.correctedBy.map((correction, index) => (
                <li key={correction.id}>
                  <a href={flowsPaths.event(correction.id)}>{t('economic-flows.event.correction', { number: index + 1 })}</a>
                </li>
              ))}
            </ul>
          </Fact>
        ) : null}
      </dl>
    </div>
  );
}

export const eventPage: PageDefinition<EventPageData> = {
  path: '/flows/events/:id',
  query: `query FlowsEvent($id: ID!) {
    economicEvent(id: $id) {
      ${EVENT_SUMMARY} atLocation toLocation state
      signature { verified signerPublicKey }
      corrects { id } correctedBy { id }
    }
  }`,
  variables: (params) => ({ id: params.id }),
  notFound: (data) => !data.economicEvent,
  component: EventPage,
  title: ({ data }, t) => (data.economicEvent ? actionLabel(t, data.economicEvent.action.id) : ''),
  head: ({ data }) => ({ activityPubId: data.economicEvent?.uri }),
};
