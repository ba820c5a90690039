import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootInstance } from '../../core/src/kernel/boot.js';
import demo from '../../instances/demo/index.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'core/bin/commonplace.js');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The environment a person would have: embedded defaults unless this run targets PostgreSQL. */
function cliEnvironment(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env.VITEST;
  delete env.REDIS_URL;
  // A fresh PGlite directory stands in for a fresh machine; PostgreSQL runs are covered by the suites.
  delete env.DATABASE_URL;
  return env;
}

/** `commonplace start` in a child process, once it answers /healthz; `output` gathers its stdout and stderr. */
async function startCommonplace(args: readonly string[], env: NodeJS.ProcessEnv, healthUrl: string): Promise<{ child: ChildProcess; output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`commonplace start exited:\n${output}`);
    const healthy = await fetch(healthUrl).then((r) => r.ok, () => false);
    if (healthy) return { child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`commonplace start did not answer /healthz in time:\n${output}`);
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('the commonplace command', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  let output: () => string;
  let baseUrl = '';
  const adminPassword = () => readFileSync(join(dataDir, 'admin-password.txt'), 'utf8').match(/^password: ([\w-]{12,})$/m)![1]!;

  beforeAll(async () => {
    // What `npm start` does first: the bin then runs the compiled build, which these tests exercise.
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], { cwd: root });
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-cli-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    ({ child: server, output } = await startCommonplace(
      ['start', '--instance', 'demo', '--port', String(port)],
      cliEnvironment(dataDir, { HOST: '127.0.0.1', PUBLIC_URL: baseUrl }),
      `${baseUrl}/healthz`,
    ));
  }, 90_000);

  afterAll(async () => {
    await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('start prints where it listens and the demo admin’s log-in, once', () => {
    expect(output()).not.toContain('running the TypeScript sources');
    expect(output()).toContain(`is listening on ${baseUrl}`);
    // Standard output is a pipe here, as under a service manager: the password goes to a 0600 file, not the log.
    expect(output().match(/Log in as "admin" with the password in /g)).toHaveLength(1);
    expect(output()).not.toContain(adminPassword());
  });

  it('seeds a new embedded demo in a child process, at the port the server listens on', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'commonplace-cli-first-'));
    const port = await freePort();
    let started: { child: ChildProcess; output: () => string } | undefined;
    try {
      // No PUBLIC_URL: the seeded actors' URLs come from the port, which the child must be told.
      started = await startCommonplace(
        ['start', '--instance', 'demo', '--port', String(port)],
        cliEnvironment(fresh, { HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
        `http://127.0.0.1:${port}/healthz`,
      );
      const boots = started
        .output()
        .split('\n')
        .filter((line) => line.includes('"msg":"instance booted"'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid);
      expect(boots).toHaveLength(2);
      expect(boots[0]).not.toBe(started.child.pid);
      expect(boots[1]).toBe(started.child.pid);
      expect(started.output().match(/Log in as "admin"/g)).toHaveLength(1);

      const host = `localhost:${port}`;
      const finger = await fetch(`http://127.0.0.1:${port}/.well-known/webfinger?resource=acct:milan_food_coop@${host}`);
      expect(finger.status).toBe(200);
      const self = ((await finger.json()) as { links: Array<{ rel: string; href: string }> }).links.find((link) => link.rel === 'self');
      expect(self?.href).toBe(`http://${host}/actors/milan_food_coop`);
    } finally {
      await stop(started?.child);
      await rm(fresh, { recursive: true, force: true });
    }
  }, 120_000);

  it('serves the front page to a browser, with its built stylesheet', async () => {
    const response = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<h1[^>]*>Commonplace demo<\/h1>/);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    expect(stylesheet).toMatch(/^\/assets\//);
    expect((await fetch(`${baseUrl}${stylesheet}`)).status).toBe(200);
  });

  it('signs up, logs in and answers me over real HTTP, as curl would', async () => {
    const post = (query: string, variables: object, token?: string) =>
      fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<any>);

    const signUp = await post(
      `mutation($input: SignUpInput!) { signUp(input: $input) { token actor { id username } } }`,
      { input: { username: 'curl_user', email: 'curl@example.org', password: 'a long enough password' } },
    );
    expect(signUp.errors).toBeUndefined();
    expect(signUp.data.signUp.actor.username).toBe('curl_user');

    const logIn = await post(`mutation($input: LogInInput!) { logIn(input: $input) { token } }`, {
      input: { login: 'curl_user', password: 'a long enough password' },
    });
    expect(logIn.data.logIn.token).toMatch(/^cp_/);

    const me = await post(`{ me { id username displayName roles } }`, {}, logIn.data.logIn.token);
    expect(me.data.me).toMatchObject({ id: signUp.data.signUp.actor.id, username: 'curl_user', roles: ['MEMBER'] });

    const admin = adminPassword();
    const adminLogIn = await post(`mutation($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { login: 'admin', password: admin } });
    const adminMe = await post(`{ me { username roles } }`, {}, adminLogIn.data.logIn.token);
    expect(adminMe.data.me).toEqual({ username: 'admin', roles: ['ADMIN'] });
  });

  it('serves the GraphQL schema the TypeScript sources make (decorators and class names survive compiling)', async () => {
    // Within the instance's depth limit (12), unlike graphql-js's full introspection query (15).
    const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
    const query = JSON.stringify({
      query: `{ __schema { types { kind name interfaces { name } possibleTypes { name } enumValues(includeDeprecated: true) { name }
        inputFields { name type { ${typeRef} } }
        fields(includeDeprecated: true) { name args { name type { ${typeRef} } } type { ${typeRef} } } } } }`,
    });
    const typesOf = async (response: Promise<{ json(): unknown }>) => {
      const body = (await (await response).json()) as { data?: { __schema: { types: Array<{ name: string }> } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data!.__schema.types.sort((a, b) => a.name.localeCompare(b.name));
    };
    const compiled = await typesOf(fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query }));
    const fromSources = await bootInstance(demo, {
      useEnvironment: false,
      overrides: { database: { dataDir: 'memory://' }, jobs: { runInWebProcess: false } },
      logger: pino({ level: 'silent' }),
    });
    try {
      const sources = await typesOf(fromSources.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: query }));
      expect(compiled.map((type) => type.name)).toContain('Query');
      expect(compiled).toEqual(sources);
    } finally {
      await fromSources.close();
    }
  }, 60_000);

  it('stops gracefully on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('plugins lists an instance’s plugins', async () => {
    const { stdout } = await run(process.execPath, [cli, 'plugins', '--instance', 'education'], { cwd: root, env: cliEnvironment(dataDir) });
    expect(stdout).toMatch(/^Commonplace for education: \d+ plugins?/);
  });

  it('create-admin makes an admin and refuses a bad username', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'commonplace-cli-admin-'));
    try {
      const env = cliEnvironment(fresh);
      const { stdout } = await run(process.execPath, [cli, 'create-admin', '--instance', 'city-coop', '-u', 'mira', '-e', 'mira@example.org'], { cwd: root, env });
      expect(stdout).toMatch(/Admin "mira" created\. Password: [\w-]{12,}/);
      const failed = await run(process.execPath, [cli, 'create-admin', '--instance', 'city-coop', '-u', 'Not Valid', '-e', 'x@example.org'], { cwd: root, env }).catch((error) => error);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/username/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unknown instance stops with a clear message', async () => {
    const failed = await run(process.execPath, [cli, 'plugins', '--instance', 'atlantis'], { cwd: root, env: cliEnvironment(dataDir) }).catch((error) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Cannot start: [core] no instance "atlantis"');
  });
});
