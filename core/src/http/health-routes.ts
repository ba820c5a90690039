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
    const [database, jobs, search] = await Promise.all([
      withTimeout(checks.database()),
      withTimeout(checks.jobs()),
      checks.search ? withTimeout(checks.search()) : Promise.resolve(undefined),
    ]);
    const ready = database && jobs;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      checks: { database: database ? 'ok' : 'failing', jobs: jobs ? 'ok' : 'failing' },
      ...(search === undefined ? {} : { search: search ? 'ok' : 'unavailable' }),
    });
  });
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
