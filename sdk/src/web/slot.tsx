import { use } from 'react';
import { usePage, type ResolvedSlotPanel } from './context.js';

export interface SlotOutletProps {
  /** The slot's name (`front.sections`, `profile.panels`, `community.panels`...). */
  name: string;
  /** What the panels' queries get as variables (the host page's params by default). */
  params?: Readonly<Record<string, string>>;
  /** Rendered around the panels when there is at least one (a heading, a list). */
  className?: string;
}

/**
 * A named place on a page that plugins fill with panels (`web.slots`). Renders nothing when no
 * enabled plugin has a panel there, so a page shows no empty box.
 */
export function Slot({ name, params, className }: SlotOutletProps) {
  const page = usePage();
  const answer = page.slot(name, params ?? page.params);
  const panels: readonly ResolvedSlotPanel[] = isPromise(answer) ? use(answer) : answer;
  if (panels.length === 0) return null;
  return (
    <div className={className ?? 'slot'} data-slot={name}>
      {panels.map(({ key, component: Panel, data }) => (
        <Panel key={key} data={data} params={params ?? page.params} viewer={page.viewer} />
      ))}
    </div>
  );
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}
