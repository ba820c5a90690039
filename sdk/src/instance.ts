import { z } from 'zod';
import type { PluginDefinition } from './plugin.js';

/**
 * Core settings of an instance. Every limit is a named setting with a sane default;
 * environment variables (PORT, PUBLIC_URL, DATABASE_URL, DATA_DIR, REDIS_URL...) override them at boot.
 */
export const instanceSettingsSchema = z
  .object({
    /** Base URL the instance puts in links it makes (env PUBLIC_URL). Defaults to http://localhost:<port>. */
    publicUrl: z.url().optional(),
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().default('0.0.0.0'),
    signUp: z.enum(['open', 'invite-only', 'closed']).default('open'),
    database: z
      .object({
        /** postgres://... for PostgreSQL; unset means embedded PGlite in `dataDir`. */
        url: z.string().optional(),
        /** PGlite data directory; `memory://` keeps it in memory (tests). */
        dataDir: z.string().default('./data'),
        poolSize: z.number().int().min(1).max(200).default(10),
        /**
         * PGlite's shared buffers, in MB. Its WebAssembly heap never shrinks, and reads of a data
         * directory go through the operating system's cache anyway, so small keeps the process small.
         */
        embeddedSharedBuffersMb: z.number().int().min(1).max(4096).default(16),
      })
      .prefault({}),
    redis: z
      .object({
        /** redis://...; when set, jobs run on BullMQ. */
        url: z.string().optional(),
      })
      .prefault({}),
    http: z
      .object({
        /** Largest request body accepted, in bytes. */
        bodyLimitBytes: z.number().int().min(1024).default(1_048_576),
        /** Origins allowed by CORS: a list, or true for any (credentials are never sent with `*`). */
        corsOrigins: z.union([z.array(z.string()), z.boolean()]).default(true),
        rateLimit: z
          .object({
            /** Requests per client IP in each window. */
            max: z.number().int().min(1).default(600),
            windowMs: z.number().int().min(1000).default(60_000),
          })
          .prefault({}),
        /** Trust X-Forwarded-* from a reverse proxy: true, or its addresses ("127.0.0.1,10.0.0.0/8"). */
        trustProxy: z.union([z.boolean(), z.string()]).default(false),
        /** How long shutdown waits for in-flight requests and jobs. */
        shutdownGraceMs: z.number().int().min(0).default(10_000),
      })
      .prefault({}),
    graphql: z
      .object({
        graphiql: z.boolean().default(true),
        maxDepth: z.number().int().min(2).default(12),
        /**
         * Estimated cost: each field 1, each list field multiplied by its `first` (or the default page
         * size), each mutation field graphql.mutationCost, and a field that declares its weight with
         * the sdk's Cost (log-in, sign-up: 1,000) that weight.
         */
        maxCost: z.number().int().min(10).default(10_000),
        /** What a mutation field weighs in the cost when it declares no Cost of its own: a write is never cheap. */
        mutationCost: z.number().int().min(1).default(10),
        /**
         * Fields that check or hash a password (`logIn`, `signUp`, `deleteAccount`; a plugin's with
         * `Cost(weight, { passwordCheck: true })`) allowed in one request; a request with more is refused before any runs.
         */
        maxPasswordChecksPerRequest: z.number().int().min(1).default(1),
        /** How long the answer to a mutation sent with an Idempotency-Key is kept and replayed (24 h). */
        idempotencyKeyTtlSeconds: z.number().int().min(60).default(86_400),
        defaultPageSize: z.number().int().min(1).default(20),
        maxPageSize: z.number().int().min(1).default(100),
      })
      .refine((graphql) => graphql.defaultPageSize <= graphql.maxPageSize, {
        message: 'defaultPageSize must not exceed maxPageSize',
        path: ['defaultPageSize'],
      })
      .prefault({}),
    auth: z
      .object({
        sessionTtlDays: z.number().min(0.001).default(30),
        passwordMinLength: z.number().int().min(8).default(10),
        /** Failed log-ins allowed per login name, and per client address, in each window. */
        loginAttempts: z
          .object({
            perLogin: z.number().int().min(1).default(10),
            perAddress: z.number().int().min(1).default(50),
            windowSeconds: z.number().int().min(1).default(900),
          })
          .prefault({}),
        /** Sign-ups allowed per client address in each log-in window (auth.loginAttempts.windowSeconds). */
        signUpsPerAddress: z.number().int().min(1).default(10),
        /** Invites made by createInvite expire after this many days. */
        inviteTtlDays: z.number().min(0.001).default(14),
      })
      .prefault({}),
    federation: z
      .object({
        /**
         * blocklist: every domain federates except those blocked; allowlist: only the domains admins
         * allow (and their subdomains) are accepted from and delivered to.
         */
        mode: z.enum(['blocklist', 'allowlist']).default('blocklist'),
        /** Allow fetching from and delivering to loopback and private addresses (tests, local development; env FEDERATION_ALLOW_PRIVATE=true). */
        allowPrivateAddresses: z.boolean().default(false),
        /** Authorized-fetch ("secure mode"): unsigned GETs of objects get 401, except the instance actor and public keys. */
        authorizedFetch: z.boolean().default(false),
        /** Outgoing fetches: time limit, largest body, redirects followed (each re-checked). */
        fetchTimeoutMs: z.number().int().min(100).default(10_000),
        fetchMaxBytes: z.number().int().min(1024).default(1_048_576),
        fetchMaxRedirects: z.number().int().min(0).max(10).default(3),
        /**
         * Outgoing fetches (keys, actors, objects, WebFinger) in flight at once in one process: in all, and
         * to one host. Others wait their turn at most fetchQueueWaitMs, then are refused (the inbox answers
         * 503 with Retry-After), so a flood of made-up key ids cannot open a connection each.
         */
        fetchConcurrency: z.number().int().min(1).max(1_000).default(64),
        fetchConcurrencyPerHost: z.number().int().min(1).max(100).default(4),
        fetchQueueWaitMs: z.number().int().min(0).max(60_000).default(5_000),
        /**
         * How long NodeInfo's usage counts (users, local posts) are reused before they are counted again.
         * The endpoint is public and anonymous, and counting scans the outbox: every crawler that asks
         * would otherwise cost a scan. 0 counts on every request.
         */
        nodeInfoCacheSeconds: z.number().int().min(0).max(86_400).default(60),
        /** Largest activity accepted by an inbox, in bytes. */
        inboxBodyLimitBytes: z.number().int().min(1024).default(1_048_576),
        /** Activities accepted per minute from one address (instead of http.rateLimit): a large server delivers from few addresses. */
        inboxRateLimitPerMinute: z.number().int().min(1).default(6_000),
        /** Incoming signatures: allowed clock skew into the future, and largest age. */
        signatureMaxSkewSeconds: z.number().int().min(1).default(3_600),
        signatureMaxAgeSeconds: z.number().int().min(1).default(43_200),
        /** Delivery: one POST's time limit (redirects included) and the most of a response read. */
        deliveryTimeoutMs: z.number().int().min(100).default(10_000),
        deliveryMaxResponseBytes: z.number().int().min(1024).default(65_536),
        /** Deliveries in flight at once in one process: slots of their own, beside jobs.concurrency (they wait on the network). */
        deliveryConcurrency: z.number().int().min(1).max(1_000).default(64),
        /** POSTs to one host at once in one process. */
        deliveryConcurrencyPerHost: z.number().int().min(1).default(4),
        /** A host failing without a success this long is paused for deliveryPauseMs. */
        deliveryPauseAfterMs: z.number().int().min(1000).default(86_400_000),
        deliveryPauseMs: z.number().int().min(1000).default(43_200_000),
        /** 12 attempts from 90 s doubling: the last retry about two days after the first. */
        deliveryMaxAttempts: z.number().int().min(1).default(12),
        deliveryBackoffMs: z.number().int().min(1).default(90_000),
        /** A delivery still waiting on a paused host this long after publishing is dropped. */
        deliveryGiveUpAfterMs: z.number().int().min(1000).default(604_800_000),
        deliveryMaxRedirects: z.number().int().min(0).max(10).default(3),
        /** A cached remote actor is used without refetching for this long (it is refetched sooner when its signature fails). */
        remoteActorCacheTtlSeconds: z.number().int().min(0).default(86_400),
        /**
         * How long one process trusts its in-memory copy of a remote key with its actor, and of the
         * domain blocks, before reading the database again (0: always read). Changes made in a process
         * apply there at once; other processes see them within this time.
         */
        hotCacheSeconds: z.number().int().min(0).default(30),
        /** The most accepted activities the inbox commits in one transaction when they arrive together (group commit). */
        inboxCommitBatchMax: z.number().int().min(1).max(1_000).default(64),
        /** Items on one page of a collection we serve (followers, following, outbox, featured, replies). */
        collectionPageSize: z.number().int().min(1).max(1_000).default(20),
        /**
         * The most local actors read as followed by one signer, most recently accepted first, for what
         * its signed fetches may see (followers-only and group objects). Past it, older follows count as
         * none: never more shown than is due.
         */
        fetcherFollowsMax: z.number().int().min(0).max(10_000).default(1_000),
      })
      .prefault({}),
    search: z
      .object({
        /** Where documents are indexed: PostgreSQL full text (the instance's own database) or Meilisearch. */
        backend: z.enum(['postgres', 'meilisearch']).default('postgres'),
        /** Meilisearch only (env MEILISEARCH_URL, MEILISEARCH_KEY). */
        meilisearch: z
          .object({
            url: z.string().optional(),
            key: z.string().optional(),
            /** How long an index task is awaited before it counts as failed. */
            taskTimeoutMs: z.number().int().min(100).default(30_000),
            /** Index names are `<indexPrefix>_<type>`, so several instances can share one server. */
            indexPrefix: z.string().regex(/^[A-Za-z0-9_-]+$/).default('commonplace'),
            /** One HTTP request to Meilisearch; past it the backend counts as unavailable. */
            requestTimeoutMs: z.number().int().min(100).default(5_000),
            /** Other processes notice a rebuild within this long; a rebuild waits it out before reading rows. */
            rebuildDiscoveryMs: z.number().int().min(0).default(5_000),
          })
          .prefault({}),
        /** Longest query text, in characters. */
        maxQueryLength: z.number().int().min(1).default(500),
        defaultPageSize: z.number().int().min(1).default(20),
        maxPageSize: z.number().int().min(1).default(100),
        /** Values returned per facet, most frequent first. */
        maxFacetValues: z.number().int().min(1).default(20),
        /**
         * PostgreSQL full text: past this many matches, a search ranks a candidate set (the first this
         * many matches the index yields, plus the newest and the exact title matches) and estimates the
         * total and the facet counts, so a very common word costs no more than this many rows.
         */
        rankCandidateLimit: z.number().int().min(100).default(1_000),
        /** Typo tolerance: words at least this long are matched to known words this similar (pg_trgm similarity, 0..1). */
        typoMinWordLength: z.number().int().min(1).default(4),
        typoSimilarity: z.number().min(0.3).max(1).default(0.45),
        /** Other sources (peers, the shared index, remote look-up) answer within this, or are left out. */
        externalTimeoutMs: z.number().int().min(50).default(2_000),
        /** Documents per batch when `commonplace reindex` rebuilds from the database. */
        reindexBatchSize: z.number().int().min(1).max(10_000).default(500),
        /** Base URLs of trusted peers whose /api/search a FEDERATED search asks (within externalTimeoutMs). */
        peers: z.array(z.url()).default([]),
        /** The public peer API (GET /api/search): requests per client address per minute, and the largest page. */
        publicApi: z
          .object({
            enabled: z.boolean().default(true),
            ratePerMinute: z.number().int().min(1).default(60),
            maxPageSize: z.number().int().min(1).max(100).default(20),
          })
          .prefault({}),
        /** The shared discovery index ("mothership"): a Meilisearch index several instances push public documents to. */
        sharedIndex: z
          .object({
            url: z.url(),
            key: z.string().optional(),
            index: z.string().regex(/^[A-Za-z0-9_-]+$/).default('commonplace_discovery'),
            /** Push this instance's public documents to it. */
            push: z.boolean().default(false),
            /** Use it as one more source of FEDERATED searches. */
            query: z.boolean().default(false),
          })
          .optional(),
        /** Index changes whose job was lost (a crash, a job out of attempts) are retried this often. */
        sweepIntervalMs: z.number().int().min(1_000).default(60_000),
      })
      .refine((search) => search.defaultPageSize <= search.maxPageSize, {
        message: 'defaultPageSize must not exceed maxPageSize',
        path: ['defaultPageSize'],
      })
      .prefault({}),
    jobs: z
      .object({
        /** Jobs one process runs at once. */
        concurrency: z.number().int().min(1).default(4),
        pollIntervalMs: z.number().int().min(10).default(500),
        maxAttempts: z.number().int().min(1).default(8),
        /** First retry delay; doubles each attempt. */
        backoffMs: z.number().int().min(1).default(1_000),
        /** A running job whose process vanished for this long is run again. */
        leaseMs: z.number().int().min(1000).default(300_000),
        timeoutMs: z.number().int().min(100).default(120_000),
        /** Run job workers inside the web process (the embedded default). */
        runInWebProcess: z.boolean().default(true),
        /** Completed job rows are kept this long (for inspection), then deleted, so core_jobs does not grow forever (a day). */
        completedRetentionMs: z.number().int().min(0).default(24 * 60 * 60 * 1000),
        /**
         * Dead job rows (out of attempts) are kept this long after their last attempt, for an operator to
         * read or retry, then deleted: a host gone for good otherwise leaves a dead delivery row per activity for ever (30 days).
         */
        deadRetentionMs: z.number().int().min(0).default(30 * 24 * 60 * 60 * 1000),
      })
      .prefault({}),
    /** Schedules plugins add at run time (`services.scheduler`), kept in core_plugin_schedules. */
    scheduler: z
      .object({
        /** How often due plugin schedules are looked for: a run starts up to this late. */
        tickMs: z.number().int().min(1_000).max(3_600_000).default(15_000),
        /** Runs enqueued by one tick at most; the rest are enqueued by the next. */
        maxRunsPerTick: z.number().int().min(1).max(10_000).default(500),
        /** Schedules one plugin may hold. */
        maxSchedulesPerPlugin: z.number().int().min(1).default(1_000),
      })
      .prefault({}),
    /** Values plugins keep encrypted (`services.secrets`), in core_plugin_secrets. */
    secrets: z
      .object({
        /**
         * AES-256 key: 32 bytes as 64 hex digits or base64 (env SECRETS_KEY; `openssl rand -base64 32`).
         * Unset: an embedded instance makes one in DATA_DIR/secrets.key; PostgreSQL in production refuses to store secrets.
         */
        key: z
          .string()
          .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, 'must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)')
          .optional(),
        /** Largest value stored, in bytes. */
        maxValueBytes: z.number().int().min(1).max(1_048_576).default(65_536),
      })
      .prefault({}),
    /** Messages across processes (`services.pubsub`): Redis pub/sub when redis.url is set. */
    pubsub: z
      .object({
        /** Largest message published, in bytes of JSON. */
        maxMessageBytes: z.number().int().min(64).max(16_777_216).default(262_144),
      })
      .prefault({}),
  })
  .strict();

export type InstanceSettings = z.output<typeof instanceSettingsSchema>;
export type InstanceSettingsInput = z.input<typeof instanceSettingsSchema>;

/** A plugin to enable, with its settings. A bare plugin means "enable with default settings". */
export type PluginEntry = PluginDefinition<any> | { plugin: PluginDefinition<any>; settings?: unknown };

export interface InstanceDefinition {
  /** Shown on the front page and in NodeInfo. */
  name: string;
  description?: string;
  plugins: readonly PluginEntry[];
  settings?: InstanceSettingsInput;
  /** Seed demo data (an admin, sample content) on the first start. */
  seedDemoOnFirstStart?: boolean;
}

/** Declares an instance: which plugins, their settings and core settings. */
export function defineInstance(instance: InstanceDefinition): InstanceDefinition {
  return instance;
}

export function pluginOf(entry: PluginEntry): { plugin: PluginDefinition<any>; settings: unknown } {
  return 'plugin' in entry ? { plugin: entry.plugin, settings: entry.settings } : { plugin: entry, settings: undefined };
}
