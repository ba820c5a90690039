import { describe, expect, it } from 'vitest';
import { flowEdges, type FlowItem } from '../../src/web/trace-graph/flow-items.js';
import { layOut, NODE_WIDTH } from '../../src/web/trace-graph/layout.js';
import { recordEventVariables } from '../../src/web/pages/record-event-variables.js';

const kg = { hasNumericalValue: 1, hasUnit: { id: 'kg', symbol: 'kg', label: 'kilogram' } };
function event(id: string, action: string, links: { from?: string; to?: string; inputOf?: string; outputOf?: string }): FlowItem {
  return {
    __typename: 'EconomicEvent', id, uri: `https://here.example/${id}`, local: true, hasPointInTime: null, action: { id: action },
    resourceQuantity: kg, effortQuantity: null, provider: { name: 'A' }, receiver: { name: 'B' },
    resourceInventoriedAs: links.from ? { id: links.from } : null, toResourceInventoriedAs: links.to ? { id: links.to } : null,
    inputOf: links.inputOf ? { id: links.inputOf } : null, outputOf: links.outputOf ? { id: links.outputOf } : null,
  };
}
const resource = (id: string): FlowItem => ({ __typename: 'EconomicResource', id, uri: `https://here.example/${id}`, local: true, name: id, ofBatchLot: null, onhandQuantity: kg });
const process = (id: string): FlowItem => ({ __typename: 'Process', id, uri: `https://here.example/${id}`, local: true, name: id });

describe('the trace picture', () => {
  it('draws arrows the way things flowed: process to its output, the output into its resource, a resource into its transfer, the transfer into the receiving resource', () => {
    const items = [resource('paris-lot'), event('transfer', 'transfer', { from: 'milan-lot', to: 'paris-lot' }), resource('milan-lot'), event('produce', 'produce', { from: 'milan-lot', outputOf: 'harvest' }), process('harvest')];
    expect(flowEdges(items)).toEqual(
      expect.arrayContaining([
        { from: 'harvest', to: 'produce' },
        { from: 'produce', to: 'milan-lot' },
        { from: 'milan-lot', to: 'transfer' },
        { from: 'transfer', to: 'paris-lot' },
      ]),
    );
    expect(flowEdges(items)).toHaveLength(4);
  });

  it('a consumed input flows into the event and on into its process; a raise makes its resource; links outside the walk are left out', () => {
    const items = [event('consume', 'consume', { from: 'flour', inputOf: 'baking' }), resource('flour'), process('baking'), event('raise', 'raise', { from: 'flour' }), event('use', 'use', { from: 'oven' })];
    expect(flowEdges(items)).toEqual([
      { from: 'flour', to: 'consume' },
      { from: 'consume', to: 'baking' },
      { from: 'raise', to: 'flour' },
    ]);
  });

  it('lays a short flow out across and a long chain downwards, every box placed inside the picture', () => {
    const short = layOut(['a', 'b'], [{ from: 'a', to: 'b' }]);
    expect(short.nodes[1]!.x).toBeGreaterThan(short.nodes[0]!.x);
    const ids = Array.from({ length: 9 }, (_, index) => `n${index}`);
    const chain = layOut(ids, ids.slice(1).map((id, index) => ({ from: ids[index]!, to: id })));
    expect(chain.width).toBeLessThan(2 * NODE_WIDTH);
    expect(chain.nodes[8]!.y).toBeGreaterThan(chain.nodes[0]!.y);
    for (const node of chain.nodes) expect(node.x >= 0 && node.y >= 0 && node.x + node.width <= chain.width && node.y + node.height <= chain.height).toBe(true);
    expect(chain.edges.every((edge) => edge.points.length >= 2)).toBe(true);
  });
});

describe('the record form', () => {
  const now = () => new Date('2026-03-01T10:00:00.000Z');
  it('makes the mutation variables: a quantity of a number and a unit, the receiver URI before the choice, the time of recording', () => {
    const variables = recordEventVariables({ action: 'transfer', provider: 'p', receiver: 'r', receiverUri: ' https://paris.example/actors/paris ', resourceQuantity: '2,5', resourceQuantityUnit: 'kg', effortQuantity: '', note: ' ' }, now);
    expect(variables.event).toMatchObject({ action: 'transfer', provider: 'p', receiver: 'https://paris.example/actors/paris', resourceQuantity: { hasNumericalValue: 2.5, hasUnit: 'kg' }, effortQuantity: null, note: null, hasPointInTime: '2026-03-01T10:00:00.000Z' });
    expect(variables.newInventoriedResource).toBeNull();
    expect(recordEventVariables({ receiver: 'r', newResourceName: 'Beans' }, now).newInventoriedResource).toEqual({ name: 'Beans', ofBatchLot: null });
  });

  it('refuses beside the field: no receiver, a quantity that is not a number', () => {
    expect(() => recordEventVariables({ receiver: '' }, now)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'receiver' }) }));
    expect(() => recordEventVariables({ receiver: 'r', resourceQuantity: 'lots', resourceQuantityUnit: 'kg' }, now)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'resourceQuantity' }) }),
    );
  });
});
