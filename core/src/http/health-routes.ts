import type { FastifyInstance } from 'fastify';

export interface ReadinessChecks {
  database(): Promise<boolean>;
  jobs(): Promise<boolean>;
  /** Reported, never failing readiness: with search down, writes still work (their index jobs retry). */
  search?(): Promise<boolean>;
}

/** /healthz: the process is up. /readyz: it can serve, because its database and queue answer (and whether search does). */
export async function healthRoutes(app: FastifyInstance, checks: ReadinessChecks): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const readiness = await checkReadiness(checks);
    return reply.status(readiness.ready ? 200 : 503).send({
      status: readiness.ready ? 'ready' : 'unavailable',
      checks: { database: readiness.database ? 'ok' : 'failing', jobs: readiness.jobs ? 'ok' : 'failing' },
      ...(readiness.search === undefined ? {} : { search: readiness.search ? 'ok' : 'unavailable' }),
    });
  });
}

export interface Readiness {
  /** What /readyz answers 200 for: the database and the queue answer. */
  ready: boolean;
  database: boolean;
  jobs: boolean;
  /** Undefined when the instance has no search check. */
  search: boolean | undefined;
}

/** The checks /readyz runs, also read by the admin overview (its banner says what /readyz would). */
export async function checkReadiness(checks: ReadinessChecks): Promise<Readiness> {
  const [database, jobs, search] = await Promise.all([
    withTimeout(checks.database()),
    withTimeout(checks.jobs()),
    checks.search ? withTimeout(checks.search()) : Promise.resolve(undefined),
  ]);
  return { ready: database && jobs, database, jobs, search };
}

/** A probe that hangs is a failing probe. */
async function withTimeout(check: Promise<boolean>, ms = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
