import { z } from '@commonplace/sdk';

/** Every limit is a named setting with a default; `services.config.settings`. */
export const settingsSchema = z.object({
  /** Let consume, transfer... take a resource below zero (some co-ops record stock they have not counted yet). */
  allowNegativeStock: z.boolean().default(false),
  /** Refuse events without a verifying signature (an organisation with a server-held key is signed for). */
  requireSignatures: z.boolean().default(true),
  /** The deepest `trace`/`track` a client may ask for, and the most items one walk returns. */
  maxTraceDepth: z.number().int().min(1).max(100_000).default(10_000),
  maxTraceItems: z.number().int().min(1).max(100_000).default(10_000),
  /** The most events one `createEconomicEvents` records (one transaction holds their resources' locks). */
  maxEventsPerBatch: z.number().int().min(1).max(10_000).default(500),
  maxNoteLength: z.number().int().min(1).max(100_000).default(10_000),
  zencode: z
    .object({
      /** Worker threads running Zencode (each Zenroom call blocks its thread). */
      workers: z.number().int().min(1).max(16).default(2),
      /** A Zencode call taking longer fails with SERVICE_UNAVAILABLE. */
      callTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
      /** A worker without work for this long is stopped (each holds tens of MB); the next call starts one again (about 0.2 s). */
      idleMs: z.number().int().min(100).max(3_600_000).default(2_000),
    })
    .default({ workers: 2, callTimeoutMs: 15_000, idleMs: 2_000 }),
  signedRequests: z
    .object({
      /** Zenflows-style signed GraphQL requests as a log-in. */
      enabled: z.boolean().default(true),
      /** How far the `zenflows-timestamp` header may be from the server's clock. */
      maxClockSkewMs: z.number().int().min(1_000).max(3_600_000).default(300_000),
    })
    .default({ enabled: true, maxClockSkewMs: 300_000 }),
  federation: z
    .object({
      /** At most this many earlier events, processes and resources travel with a transfer, for tracing there. */
      maxHistoryItems: z.number().int().min(0).max(10_000).default(1_000),
    })
    .default({ maxHistoryItems: 1_000 }),
});

export type EconomicFlowsSettings = z.infer<typeof settingsSchema>;
export const PLUGIN_ID = 'economic-flows';
