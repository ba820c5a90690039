import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { flowsPaths } from '../paths.js';
import { FlowsStyles } from '../styles.js';
import { FLOW_ITEM_FIELDS, type FlowItem } from '../trace-graph/flow-items.js';
import { TraceSteps, TraceSvg } from '../trace-graph/trace-svg.js';

export interface TracePageData {
  economicResource: { id: string; name: string } | null;
  traced?: FlowItem[];
  tracked?: FlowItem[];
}

/** Track and trace as a picture: where a resource came from (trace) or where it went (track). */
function TracePage({ data, search }: PageProps<TracePageData>) {
  const t = useT();
  const resource = data.economicResource!;
  const tracking = search.direction === 'track';
  const items = (tracking ? data.tracked : data.traced) ?? [];
  return (
    <div className="stack">
      <FlowsStyles />
      <h1 id="flows-trace-title">{t(tracking ? 'economic-flows.trace.trackTitle' : 'economic-flows.trace.title', { name: resource.name })}</h1>
      <p className="lead">{t(tracking ? 'economic-flows.trace.trackLead' : 'economic-flows.trace.lead')}</p>
      <nav aria-label={t('economic-flows.trace.direction')} className="cluster">
        <a href={flowsPaths.resource(resource.id)}>{t('economic-flows.trace.back', { name: resource.name })}</a>
        {tracking ? <a href={flowsPaths.trace(resource.id)}>{t('economic-flows.trace.showTrace')}</a> : <a href={`${flowsPaths.trace(resource.id)}?direction=track`}>{t('economic-flows.trace.showTrack')}</a>}
      </nav>
      {items.length === 0 ? (
        <p className="muted">{t('economic-flows.trace.empty')}</p>
      ) : (
        <>
          <TraceSvg items={items} titleId="flows-trace-title" />
          <p className="muted">{t('economic-flows.trace.legend')}</p>
          <section className="stack" aria-labelledby="flows-trace-steps">
            <h2 id="flows-trace-steps">{t('economic-flows.trace.steps')}</h2>
            <TraceSteps items={items} />
          </section>
        </>
      )}
    </div>
  );
}

export const tracePage: PageDefinition<TracePageData> = {
  path: '/flows/resources/:id/trace',
  query: `query FlowsTrace($id: ID!, $track: Boolean!) {
    economicResource(id: $id) { id name }
    traced: trace(resourceId: $id) @skip(if: $track) { ${FLOW_ITEM_FIELDS} }
    tracked: track(resourceId: $id) @include(if: $track) { ${FLOW_ITEM_FIELDS} }
  }`,
  variables: (params, search) => ({ id: params.id, track: search.direction === 'track' }),
  notFound: (data) => !data.economicResource,
  component: TracePage,
  title: ({ data, search }, t) => t(search.direction === 'track' ? 'economic-flows.trace.trackTitle' : 'economic-flows.trace.title', { name: data.economicResource?.name ?? '' }),
};
