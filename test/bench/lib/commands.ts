import { cliEntry } from './paths.js';
import type { CommandFor } from './server.js';

/** A command that starts an instance with the CLI, exactly as `commonplace start` does. */
export function commonplaceCommand(options: {
  /** `demo`, or a path such as the bench instance. */
  instance?: string;
  dataDir?: string;
  databaseUrl?: string;
}): CommandFor {
  return (port) => ({
    label: `commonplace (${options.instance ?? 'demo'})`,
    args: [...profileArgs(), cliEntry, '--instance', options.instance ?? 'demo', 'start', '--port', String(port)],
    env: commonplaceEnv(options),
  });
}

/**
 * With BENCH_CPU_PROF_DIR set, the instance runs under `node --cpu-prof` and writes its profile there
 * when it exits (NODE_OPTIONS does not take --cpu-prof), to see where a benchmark's time goes.
 * BENCH_CPU_PROF_INTERVAL sets the sampling interval in µs (V8's default, 1000, unless told).
 */
function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-interval', process.env.BENCH_CPU_PROF_INTERVAL ?? '1000', `--cpu-prof-dir=${dir}`] : [];
}

function commonplaceEnv(options: { dataDir?: string; databaseUrl?: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1' };
  // Only what this run asks for: no stray DATABASE_URL, REDIS_URL or PORT from the caller's shell.
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'REDIS_URL', 'PORT', 'PUBLIC_URL']) delete env[name];
  if (options.dataDir) env.DATA_DIR = options.dataDir;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  return env;
}

/**
 * The baseline: a bare Fastify app in `node -e`, with the same /healthz and a POST /me route
 * that answers a small JSON like our `me` query does.
 */
const BARE_FASTIFY = `
const app = require('fastify')();
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/me', async () => ({ data: { me: { id: '0197a4e2-7c1b-7a51-9d3e-1f2a3b4c5d6e', username: 'bench', displayName: 'bench', roles: ['member'] } } }));
app.listen({ port: Number(process.argv[1]), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

export const bareFastifyCommand: CommandFor = (port) => ({ label: 'bare fastify', args: ['-e', BARE_FASTIFY, String(port)] });
