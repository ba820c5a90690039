/**
 * economic-flows: signed events recorded per second, with the signature checked on node:crypto (the hot
 * path) against the same events checked with Zencode in its worker pool (the baseline, same run); the same
 * events in batches (recordMany, what createEconomicEvents runs); and a trace over a 1,000-event history. In process, on PGlite (or on PostgreSQL when DATABASE_URL is set).
 * `npm run bench -- economic-events [--quick]`
 */
import { randomBytes } from 'node:crypto';
import { createTestInstance, type TestInstance } from '@commonplace/sdk/testing';
import { economicFlowsPlugin } from '../../plugins/economic-flows/src/index.js';
import { encodeBase58 } from '../../plugins/economic-flows/src/signatures/base58.js';
import { publicKeyOfSecret, signEd25519 } from '../../plugins/economic-flows/src/signatures/ed25519.js';
import { ZencodePool } from '../../plugins/economic-flows/src/signatures/zencode-pool.js';
import { zencodeVerify } from '../../plugins/economic-flows/src/signatures/zencode-scripts.js';
import { AgentDirectory } from '../../plugins/economic-flows/src/services/agents.js';
import { EventRecorder } from '../../plugins/economic-flows/src/services/event-recorder.js';
import type { EventInput } from '../../plugins/economic-flows/src/services/event-input.js';
import { flowsServices } from '../../plugins/economic-flows/test/helpers.js';
import { TraceService } from '../../plugins/economic-flows/src/trace/trace-service.js';
import { int, median, ratio, type BenchResult } from './lib/report.js';

const quick = process.argv.includes('--quick');
const EVENTS = quick ? 300 : 3_000;
const ZENCODE_EVENTS = quick ? 30 : 200;
const HISTORY = 1_000;
const TRACE_RUNS = quick ? 5 : 30;
const RECORD_TARGET = 1_000;
const CONCURRENCY = 8;
const TRACE_TARGET_MS = 50;
/** Events per createEconomicEvents call in the batched run. */
const BATCH_SIZE = 50;

export async function economicEvents(): Promise<BenchResult> {
  const instance = await createTestInstance({ plugins: [economicFlowsPlugin], jobs: false });
  const pool = new ZencodePool({ size: 2, timeoutMs: 30_000 });
  try {
    const setup = await prepare(instance);
    const node = await recordSigned(setup, EVENTS, false, pool);
    const zencode = await recordSigned(setup, ZENCODE_EVENTS, true, pool);
    const batched = await recordBatched(setup, EVENTS);
    const trace = await traceHistory(instance);
    const recordPass = node.perSecond >= RECORD_TARGET;
    const tracePass = trace.medianMs < TRACE_TARGET_MS;
    return {
      name: 'economic-events',
      line:
        `economic-events: ${int(node.perSecond)} signed events/s recorded (node:crypto Ed25519); baseline with Zencode verification ${int(zencode.perSecond)} events/s; ` +
        `ratio ${ratio(node.perSecond, zencode.perSecond)}; target >= ${int(RECORD_TARGET)}/s: ${recordPass ? 'pass' : 'FAIL'}. ` +
        `trace of a ${int(trace.events)}-event history: median ${trace.medianMs.toFixed(1)} ms (${trace.items} items); target < ${TRACE_TARGET_MS} ms: ${tracePass ? 'pass' : 'FAIL'}`,
      details: [
        `${EVENTS} events with node:crypto in ${int(node.ms)} ms; ${ZENCODE_EVENTS} with Zencode (2 worker threads) verifying each first, in ${int(zencode.ms)} ms`,
        `batched (createEconomicEvents, ${BATCH_SIZE} signed events per transaction, ${CONCURRENCY} clients): ${int(batched.perSecond)} events/s (${EVENTS} in ${int(batched.ms)} ms)`,
        `verification alone: node:crypto ${int(node.verifyPerSecond)}/s, Zencode ${int(zencode.verifyPerSecond)}/s`,
        `trace (the walk: one recursive query + the depth-first walk in memory) ms over ${TRACE_RUNS} runs: min ${Math.min(...trace.samples).toFixed(1)}, max ${Math.max(...trace.samples).toFixed(1)}; with every item's full row loaded (what GraphQL trace returns): median ${trace.withRowsMs.toFixed(1)} ms`,
        `${CONCURRENCY} concurrent clients; database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
      ],
      rows: [
        {
          metric: 'Signed economic events recorded (one transaction each, Ed25519 checked)',
          value: `${int(node.perSecond)}/s`,
          baseline: `${int(zencode.perSecond)}/s (Zencode verify)`,
          ratio: ratio(node.perSecond, zencode.perSecond),
          target: `>= ${int(RECORD_TARGET)}/s`,
          pass: recordPass,
        },
        {
          metric: `Signed economic events recorded in batches of ${BATCH_SIZE} (createEconomicEvents)`,
          value: `${int(batched.perSecond)}/s`,
          baseline: `${int(node.perSecond)}/s (one per transaction)`,
          ratio: ratio(batched.perSecond, node.perSecond),
          target: `>= ${int(RECORD_TARGET)}/s`,
          pass: batched.perSecond >= RECORD_TARGET,
        },
        {
          metric: `Trace of a ${int(HISTORY)}-event history (median)`,
          value: `${trace.medianMs.toFixed(1)} ms`,
          baseline: '—',
          ratio: '—',
          target: `< ${TRACE_TARGET_MS} ms`,
          pass: tracePass,
        },
      ],
    };
  } finally {
    await pool.close();
    await instance.close();
  }
}

interface Setup {
  instance: TestInstance;
  agentId: string;
  secretKey: string;
  publicKey: string;
  /** One stock per concurrent client, so their transactions do not wait on one row's lock. */
  resourceIds: string[];
  recorder: Awaited<ReturnType<AgentDirectory['forViewer']>>;
}

async function prepare(instance: TestInstance): Promise<Setup> {
  const user = await instance.createUser('bench');
  const secretKey = encodeBase58(randomBytes(32));
  const publicKey = publicKeyOfSecret(secretKey);
  const set = await instance.graphql(`mutation($k: String!) { setAgentPublicKey(publicKey: $k) { id } }`, { k: publicKey }, { as: user });
  const agentId = set.data.setAgentPublicKey.id as string;
  const recorder = (await new AgentDirectory(flowsServices(instance)).byId(agentId))!;
  const resourceIds: string[] = [];
  for (let i = 0; i < CONCURRENCY; i++) {
    const first = await signedInput(instance, recorder, { action: 'raise', provider: agentId, receiver: agentId, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, hasPointInTime: time(-1 - i) }, secretKey, publicKey, { name: `Bench stock ${i}` });
    resourceIds.push((await new EventRecorder(flowsServices(instance)).record(first.input, { name: `Bench stock ${i}` }, { recorder })).resource!.id);
  }
  return { instance, agentId, secretKey, publicKey, resourceIds, recorder };
}

let tick = 1;
function time(offset: number): string {
  return new Date(Date.UTC(2026, 0, 1) + offset).toISOString();
}

/** Signs as a client would: the canonical text from the server, the signature made here. */
async function signedInput(instance: TestInstance, recorder: Setup['recorder'], input: EventInput, secretKey: string, publicKey: string, newResource: object | null = null) {
  const payload = await new EventRecorder(flowsServices(instance)).signingPayload(input, newResource, recorder);
  return { input: { ...input, signature: signEd25519(payload, secretKey), signerPublicKey: publicKey }, payload };
}

/** Records `count` pre-signed raises on one stock, one transaction each; with `zencode`, each is also checked by Zencode first. */
async function recordSigned(setup: Setup, count: number, zencode: boolean, pool: ZencodePool) {
  const events: Array<Awaited<ReturnType<typeof signedInput>>> = [];
  for (let i = 0; i < count; i++) {
    events.push(
      await signedInput(
        setup.instance,
        setup.recorder,
        { action: 'raise', provider: setup.agentId, receiver: setup.agentId, resourceInventoriedAs: setup.resourceIds[i % CONCURRENCY], resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, hasPointInTime: time(tick++) },
        setup.secretKey,
        setup.publicKey,
      ),
    );
  }
  const recorder = new EventRecorder(flowsServices(setup.instance));
  const started = performance.now();
  // CONCURRENCY clients at once, as a web process serves them (PGlite runs their transactions one at a time).
  let next = 0;
  const client = async () => {
    while (next < events.length) {
      const { input, payload } = events[next++]!;
      if (zencode && !(await zencodeVerify(pool, payload, input.signature!, input.signerPublicKey!))) throw new Error('Zencode refused a good signature');
      await recorder.record(input, null, { recorder: setup.recorder });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const ms = performance.now() - started;

  const { verifyEd25519 } = await import('../../plugins/economic-flows/src/signatures/ed25519.js');
  const sample = events.slice(0, Math.min(events.length, 50));
  const verifyStarted = performance.now();
  if (zencode) await Promise.all(sample.map(({ input, payload }) => zencodeVerify(pool, payload, input.signature!, input.signerPublicKey!)));
  else for (let round = 0; round < 20; round++) for (const { input, payload } of sample) verifyEd25519(payload, input.signature!, input.signerPublicKey!);
  const verifyMs = performance.now() - verifyStarted;
  return { ms, perSecond: (count / ms) * 1000, verifyPerSecond: ((zencode ? sample.length : sample.length * 20) / verifyMs) * 1000 };
}

/** The same kind of events through `recordMany`: each client sends batches of BATCH_SIZE on its own stock. */
async function recordBatched(setup: Setup, count: number) {
  const perClient: Array<Array<{ input: EventInput; newResource: null }>> = Array.from({ length: CONCURRENCY }, () => []);
  for (let i = 0; i < count; i++) {
    const { input } = await signedInput(
      setup.instance,
      setup.recorder,
      { action: 'raise', provider: setup.agentId, receiver: setup.agentId, resourceInventoriedAs: setup.resourceIds[i % CONCURRENCY], resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' }, hasPointInTime: time(tick++) },
      setup.secretKey,
      setup.publicKey,
    );
    perClient[i % CONCURRENCY]!.push({ input, newResource: null });
  }
  const recorder = new EventRecorder(flowsServices(setup.instance));
  const started = performance.now();
  await Promise.all(
    perClient.map(async (events) => {
      for (let at = 0; at < events.length; at += BATCH_SIZE) await recorder.recordMany(events.slice(at, at + BATCH_SIZE), { recorder: setup.recorder });
    }),
  );
  const ms = performance.now() - started;
  return { ms, perSecond: (count / ms) * 1000 };
}

/** A 1,000-event history: a stock raised, then passed on 999 times, each transfer making the next resource. */
async function traceHistory(instance: TestInstance) {
  const user = await instance.createUser('tracer');
  const made = await instance.graphql(`mutation { createOrganization(organization: { username: "bench_coop", name: "Bench co-op", serverHeldKey: true }) { id } }`, {}, { as: user });
  const orgId = made.data.createOrganization.id as string;
  const viewerAgent = (await new AgentDirectory(flowsServices(instance)).byRef(`${flowsServices(instance).config.publicUrl}/actors/tracer`, 'agent'))!;
  const recorder = new EventRecorder(flowsServices(instance));
  let current = (await recorder.record({ action: 'raise', provider: orgId, receiver: orgId, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, { name: 'Lot 0' }, { recorder: viewerAgent })).resource!.id;
  for (let i = 1; i < HISTORY; i++) {
    const moved = await recorder.record({ action: 'transfer', provider: orgId, receiver: orgId, resourceInventoriedAs: current, resourceQuantity: { hasNumericalValue: 1, hasUnit: 'kg' } }, null, { recorder: viewerAgent });
    current = moved.resource!.id;
  }
  const trace = new TraceService(flowsServices(instance));
  const samples: number[] = [];
  const withRows: number[] = [];
  let items = 0;
  for (let run = 0; run < TRACE_RUNS + 2; run++) {
    let started = performance.now();
    const walked = await trace.walk('trace', { kind: 'resource', ref: current }, null);
    const ms = performance.now() - started;
    started = performance.now();
    const loaded = await trace.trace({ kind: 'resource', ref: current }, null);
    const full = performance.now() - started;
    items = walked.length;
    if (loaded.length !== walked.length) throw new Error('the walk and the loaded trace differ');
    if (run >= 2) {
      samples.push(ms); // two warm-up runs
      withRows.push(full);
    }
  }
  return { events: HISTORY, items, medianMs: median(samples), samples, withRowsMs: median(withRows) };
}
