import type { FastifyInstance } from 'fastify';

export interface ReadinessChecks {
  database(): Promise<boolean>;
  jobs(): Promise<boolean>;
}

/** /healthz: the process is up. /readyz: it can serve, because its database and queue answer. */
export async function healthRoutes(app: FastifyInstance, checks: ReadinessChecks): Promise<void> {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const [database, jobs] = await Promise.all([withTimeout(checks.database()), withTimeout(checks.jobs())]);
    const ready = database && jobs;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'unavailable',
      checks: { database: database ? 'ok' : 'failing', jobs: jobs ? 'ok' : 'failing' },
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
