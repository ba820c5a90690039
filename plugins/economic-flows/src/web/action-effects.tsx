import { useT } from '@commonplace/sdk/web';

/** An action's effects as the ValueFlows table gives them (the `Action` GraphQL type). */
export interface ActionData {
  id: string;
  inputOutput: string | null;
  createResource: string | null;
  eventQuantity: string;
  accountingEffect: string | null;
  onhandEffect: string | null;
  locationEffect: string | null;
  containedEffect: string | null;
  accountableEffect: string | null;
  stageEffect: string | null;
  stateEffect: string | null;
}

export const ACTION_FIELDS = 'id inputOutput createResource eventQuantity accountingEffect onhandEffect locationEffect containedEffect accountableEffect stageEffect stateEffect';

/** Every effect kind and value the 1.0 table uses: each has a sentence in the catalogues. */
const EFFECTS: Record<string, readonly string[]> = {
  accountingEffect: ['increment', 'decrement', 'decrementIncrement', 'incrementTo'],
  onhandEffect: ['increment', 'decrement', 'decrementIncrement', 'incrementTo'],
  locationEffect: ['new', 'update', 'updateTo'],
  containedEffect: ['remove', 'update'],
  accountableEffect: ['new', 'updateTo'],
  stageEffect: ['update'],
  stateEffect: ['update', 'updateTo'],
  inputOutput: ['input', 'output', 'outputInput'],
  createResource: ['optional', 'optionalTo'],
};

/**
 * What an action does, read from the table the server answers with (not from a list kept here): one
 * sentence for each effect it has. A value the catalogues do not know is shown as the table names it.
 */
export function ActionEffects({ action }: { action: ActionData }) {
  const t = useT();
  const lines: string[] = [];
  for (const [kind, known] of Object.entries(EFFECTS)) {
    const value = action[kind as keyof ActionData];
    if (!value) continue;
    lines.push(known.includes(value) ? t(`economic-flows.effect.${kind}.${value}`) : `${kind}: ${value}`);
  }
  lines.push(t(`economic-flows.effect.eventQuantity.${action.eventQuantity === 'effort' || action.eventQuantity === 'both' ? action.eventQuantity : 'resource'}`));
  return (
    <ul className="stack stack--tight">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
