import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PageContext, type PageContextValue } from '@commonplace/sdk/web';
import en from '../../src/web/messages/en.json' with { type: 'json' };
import es from '../../src/web/messages/es.json' with { type: 'json' };
import type { FlowItem } from '../../src/web/trace-graph/flow-items.js';
import { TraceSvg } from '../../src/web/trace-graph/trace-svg.js';

/** Just enough of a page's facts to render the picture: English messages with {placeholders} filled. */
function context(): PageContextValue {
  const messages = en as Record<string, string>;
  return {
    viewer: null, locale: 'en', dir: 'ltr', csrfToken: '', nonce: '', instanceName: 'Here', url: '/', params: {}, search: {}, form: null,
    navigation: [], islands: new Set(), slot: () => [],
    t: (key, values = {}) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name])),
    formatDate: (value) => String(value),
    formatNumber: (value) => String(value),
  };
}

const kg = { hasNumericalValue: 40, hasUnit: { id: 'kg', symbol: 'kg', label: 'kilogram' } };

describe('the trace picture, rendered on the server', () => {
  it('links every step to its page and marks a step of another instance with that instance', () => {
    const items: FlowItem[] = [
      { __typename: 'EconomicResource', id: 'r1', uri: 'https://here.example/r1', local: true, name: 'Beans', ofBatchLot: 'B-1', onhandQuantity: kg },
      {
        __typename: 'EconomicEvent', id: 'e1', uri: 'https://milan.example/flows/events/e1', local: false, hasPointInTime: null, action: { id: 'transfer' },
        resourceQuantity: kg, effortQuantity: null, provider: { name: 'Milan' }, receiver: { name: 'Paris' },
        resourceInventoriedAs: null, toResourceInventoriedAs: { id: 'r1' }, inputOf: null, outputOf: null,
      },
    ];
    const html = renderToString(createElement(PageContext.Provider, { value: context() }, createElement(TraceSvg, { items, titleId: 'title' })));
    expect(html).toContain('href="/flows/resources/r1"');
    expect(html).toContain('href="/flows/events/e1"');
    expect(html).toMatch(/class="flows-node flows-node--event flows-node--remote"/);
    expect(html).toContain('Event · on milan.example');
    expect(html).toContain('Transfer 40 kg');
    expect(html.match(/class="flows-edge"/g)).toHaveLength(1);
  });

  it('has every message in Spanish too, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) expect(placeholders((es as Record<string, string>)[key]!), key).toEqual(placeholders(text));
  });
});
