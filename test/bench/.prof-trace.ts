import { createTestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../../plugins/economic-flows/src/index.js';
import { AgentDirectory } from '../../plugins/economic-flows/src/services/agents.js';
import { EventRecorder } from '../../plugins/economic-flows/src/services/event-recorder.js';
import { TraceService } from '../../plugins/economic-flows/src/trace/trace-service.js';
import { FlowGraph } from '../../plugins/economic-flows/src/trace/flow-graph.js';
import { trace } from '../../plugins/economic-flows/src/trace/walk.js';
const instance = await createTestInstance({ plugins: [economicFlowsPlugin], jobs: false });
const user = await instance.createUser('tracer');
const made = await instance.graphql(`mutation { createOrganization(organization: { username: "bench_coop", name: "Bench co-op", serverHeldKey: true }) { id } }`, {}, { as: user });
const orgId = made.data.createOrganization.id;
const agent = (await new AgentDirectory(instance.services).byRef(`${instance.services.config.publicUrl}/actors/tracer`, 'a'))!;
const recorder = new EventRecorder(instance.services);
let t = performance.now();
let current = (await recorder.record({ action: 'raise', provider: orgId, receiver: orgId, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, { name: 'Lot 0' }, { recorder: agent })).resource!.id;
for (let i = 1; i < 1000; i++) current = (await recorder.record({ action: 'transfer', provider: orgId, receiver: orgId, resourceInventoriedAs: current, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, null, { recorder: agent })).resource!.id;
console.log('record 1000 server-signed', (performance.now() - t).toFixed(0), 'ms');
const svc: any = new TraceService(instance.services);
for (let run = 0; run < 4; run++) {
  t = performance.now();
  const events = await svc.upstreamEvents({ kind: 'resource', id: current }, instance.services.db);
  const t1 = performance.now();
  const graph = new FlowGraph(events);
  const walked = trace(graph, { kind: 'resource', id: current }, { depth: 100000, maxItems: 100000, orderKey: () => 0 });
  const t2 = performance.now();
  const items = await svc.load(walked, instance.services.db);
  const t3 = performance.now();
  console.log(`cte ${(t1 - t).toFixed(1)} walk ${(t2 - t1).toFixed(1)} load ${(t3 - t2).toFixed(1)} items ${items.length} events ${events.length}`);
}
const { sql } = await import('@commonplace/sdk');
const walkedIds = (await svc.upstreamEvents({ kind: 'resource', id: current }, instance.services.db)).map((e: any) => e.id);
for (let run = 0; run < 3; run++) {
  let a = performance.now();
  await (instance.services.db as any).selectFrom('economic_flows_events').selectAll().where(sql`id = any(${walkedIds}::uuid[])`).execute();
  let b = performance.now();
  await (instance.services.db as any).selectFrom('economic_flows_events').select(['id','uri','action','provider','receiver','resource_inventoried_as']).where(sql`id = any(${walkedIds}::uuid[])`).execute();
  let c = performance.now();
  await sql`select e.* from economic_flows_events e where id = any(${walkedIds}::uuid[])`.execute(instance.services.db);
  let d = performance.now();
  await sql`select to_jsonb(e) as j from economic_flows_events e where id = any(${walkedIds}::uuid[])`.execute(instance.services.db);
  let f = performance.now();
  await sql`select json_agg(e) as j from economic_flows_events e where id = any(${walkedIds}::uuid[])`.execute(instance.services.db);
  let g = performance.now();
  console.log(`all ${(b-a).toFixed(1)} six ${(c-b).toFixed(1)} raw ${(d-c).toFixed(1)} jsonb-rows ${(f-d).toFixed(1)} json_agg ${(g-f).toFixed(1)}`);
}
await instance.close();
