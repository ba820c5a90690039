import type { ReactNode } from 'react';
import { FormattedNumber, useT } from '@commonplace/sdk/web';
import { flowsPaths, instanceOf } from './paths.js';

export interface MeasureData {
  hasNumericalValue: number;
  hasUnit: { id: string; symbol: string; label: string };
}

export interface AgentData {
  id: string;
  name: string;
  uri: string;
  local: boolean;
  agentType?: string;
}

/** A quantity with its unit, the number formatted for the page's locale ("1.234,5 kg"). */
export function Quantity({ measure }: { measure: MeasureData | null }) {
  const t = useT();
  if (!measure) return <span className="muted">{t('economic-flows.none')}</span>;
  return (
    <span>
      <FormattedNumber value={measure.hasNumericalValue} /> <abbr title={measure.hasUnit.label}>{measure.hasUnit.symbol}</abbr>
    </span>
  );
}

/** A link to an agent's page; one of another instance says which. */
export function AgentLink({ agent }: { agent: AgentData | null }) {
  const t = useT();
  if (!agent) return <span className="muted">{t('economic-flows.none')}</span>;
  return (
    <span>
      <a href={flowsPaths.agent(agent.id)}>{agent.name}</a>
      {agent.local ? null : <RemoteMark uri={agent.uri} />}
    </span>
  );
}

/** "on paris.example": marks what was recorded on another instance. */
export function RemoteMark({ uri }: { uri: string }) {
  const t = useT();
  const host = instanceOf(uri);
  if (!host) return null;
  return <span className="muted"> ({t('economic-flows.remoteOn', { instance: host })})</span>;
}

/** A definition list's row, left out when there is nothing to say. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
