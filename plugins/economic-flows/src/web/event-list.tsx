import { FormattedDate, useT } from '@commonplace/sdk/web';
import { AgentLink, Quantity, RemoteMark, type AgentData, type MeasureData } from './components.js';
import { flowsPaths } from './paths.js';

export interface EventSummary {
  id: string;
  uri: string;
  local: boolean;
  hasPointInTime: string | null;
  note: string | null;
  action: { id: string; label: string };
  provider: AgentData;
  receiver: AgentData;
  resourceQuantity: MeasureData | null;
  effortQuantity: MeasureData | null;
  resourceInventoriedAs: { id: string; name: string } | null;
  toResourceInventoriedAs: { id: string; name: string } | null;
  inputOf: { id: string; name: string } | null;
  outputOf: { id: string; name: string } | null;
  signature: { verified: boolean } | null;
}

/** Events as a table: when, what, how much, from whom to whom, signed or not; each links to its page. */
export function EventTable({ events, caption }: { events: readonly EventSummary[]; caption: string }) {
  const t = useT();
  if (events.length === 0) return <p className="muted">{t('economic-flows.events.none')}</p>;
  return (
    <div className="flows-table-wrap">
      <table className="flows-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('economic-flows.event.when')}</th>
            <th scope="col">{t('economic-flows.event.action')}</th>
            <th scope="col">{t('economic-flows.event.quantity')}</th>
            <th scope="col">{t('economic-flows.event.provider')}</th>
            <th scope="col">{t('economic-flows.event.receiver')}</th>
            <th scope="col">{t('economic-flows.event.signature')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{event.hasPointInTime ? <FormattedDate value={event.hasPointInTime} /> : t('economic-flows.none')}</td>
              <td>
                <a href={flowsPaths.event(event.id)}>{actionLabel(t, event.action.id)}</a>
                {event.local ? null : <RemoteMark uri={event.uri} />}
              </td>
              <td>
                <Quantity measure={event.resourceQuantity ?? event.effortQuantity} />
              </td>
              <td>
                <AgentLink agent={event.provider} />
              </td>
              <td>
                <AgentLink agent={event.receiver} />
              </td>
              <td>{event.signature ? (event.signature.verified ? t('economic-flows.signature.verified') : t('economic-flows.signature.unverified')) : t('economic-flows.signature.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An action's name in the page's language (`economic-flows.action.transfer.label`). */
export function actionLabel(t: (key: string) => string, id: string): string {
  return t(`economic-flows.action.${id}.label`);
}
