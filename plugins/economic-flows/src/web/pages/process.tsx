import { FormattedDate, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { Fact, RemoteMark } from '../components.js';
import { EventTable, type EventSummary } from '../event-list.js';
import { EVENT_SUMMARY } from '../fragments.js';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';

export interface ProcessPageData {
  process: {
    id: string;
    uri: string;
    name: string;
    note: string | null;
    local: boolean;
    finished: boolean;
    hasBeginning: string | null;
    hasEnd: string | null;
    basedOn: { name: string } | null;
    inputs: EventSummary[];
    outputs: EventSummary[];
  } | null;
}

/** A process: what went in (inputs) and what came out (outputs), each event linked to its page. */
function ProcessPage({ data, viewer }: PageProps<ProcessPageData>) {
  const t = useT();
  const process = data.process!;
  return (
    <div className="stack">
      <FlowsStyles />
      <div className="stack stack--tight">
        <h1>
          {process.name}
          {process.local ? null : <RemoteMark uri={process.uri} />}
        </h1>
        {process.note ? <p>{process.note}</p> : null}
        <dl className="flows-facts">
          <Fact term={t('economic-flows.process.status')}>{t(process.finished ? 'economic-flows.process.finished' : 'economic-flows.process.open')}</Fact>
          {process.basedOn ? <Fact term={t('economic-flows.process.basedOn')}>{process.basedOn.name}</Fact> : null}
          {process.hasBeginning ? (
            <Fact term={t('economic-flows.process.began')}>
              <FormattedDate value={process.hasBeginning} />
            </Fact>
          ) : null}
          {process.hasEnd ? (
            <Fact term={t('economic-flows.process.ended')}>
              <FormattedDate value={process.hasEnd} />
            </Fact>
          ) : null}
        </dl>
      </div>
      {viewer && process.local && !process.finished ? (
        <p className="cluster">
          <a className="button button--secondary" href={`${flowsPaths.record}?action=consume&inputOf=${encodeURIComponent(process.id)}`}>
            {t('economic-flows.process.recordInput')}
          </a>
          <a className="button button--secondary" href={`${flowsPaths.record}?action=produce&outputOf=${encodeURIComponent(process.id)}`}>
            {t('economic-flows.process.recordOutput')}
          </a>
        </p>
      ) : null}
      <section className="stack" aria-labelledby="process-inputs">
        <h2 id="process-inputs">{t('economic-flows.process.inputs')}</h2>
        <EventTable events={process.inputs} caption={t('economic-flows.process.inputs')} />
      </section>
      <section className="stack" aria-labelledby="process-outputs">
        <h2 id="process-outputs">{t('economic-flows.process.outputs')}</h2>
        <EventTable events={process.outputs} caption={t('economic-flows.process.outputs')} />
      </section>
    </div>
  );
}

export const processPage: PageDefinition<ProcessPageData> = {
  path: '/flows/processes/:id',
  query: `query FlowsProcess($id: ID!) {
    process(id: $id) {
      id uri name note local finished hasBeginning hasEnd basedOn { name }
      inputs { ${EVENT_SUMMARY} } outputs { ${EVENT_SUMMARY} }
    }
  }`,
  variables: (params) => ({ id: params.id }),
  notFound: (data) => !data.process,
  component: ProcessPage,
  title: ({ data }) => data.process?.name ?? '',
  head: ({ data }) => ({ activityPubId: data.process?.uri }),
};
