import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './paths.js';

const POLL_INTERVAL_MS = 15;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcess {
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Milliseconds from spawn() to the first 200 on GET /healthz. */
  readyMs: number;
  /** Resident memory of the child right now (VmRSS), in MB. */
  rssMb(): Promise<number>;
  /** SIGTERM, then wait for the exit (SIGKILL after 15 s); resolves with how long it took, in ms. */
  stop(): Promise<number>;
}

export interface ServerCommand {
  /** For error messages. */
  label: string;
  /** Arguments to `node`. */
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Builds the command for the port it is given. */
export type CommandFor = (port: number) => ServerCommand;

/**
 * Spawns `node <args>` on a free port from the repository root and resolves once GET /healthz
 * answers 200. The child's output goes to `logFile`; its last lines are shown if it dies or never gets ready.
 */
export async function startServer(commandFor: CommandFor, logFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const command = commandFor(port);
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, command.args, { cwd: repoRoot, env: command.env ?? process.env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  try {
    while (exitCode === undefined) {
      if ((await healthStatus(url)) === 200) {
        return serverProcess(child, url, performance.now() - started, exited);
      }
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
      await sleep(POLL_INTERVAL_MS);
    }
    throw new Error(`exited with ${exitCode} before answering /healthz`);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${command.label}: ${(error as Error).message}\n--- last lines of ${logFile} ---\n${tail(logFile)}`);
  }
}

/** Starts a server, hands it to `work`, and stops it whatever happens. */
export async function withServer<T>(commandFor: CommandFor, logFile: string, work: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await startServer(commandFor, logFile);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/**
 * Starts several servers, one after another, hands them to `work` (so they can be measured in turns),
 * and stops them all whatever happens.
 */
export async function withServers<T>(commands: readonly CommandFor[], logFile: string, work: (servers: ServerProcess[]) => Promise<T>): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    for (const command of commands) servers.push(await startServer(command, logFile));
    return await work(servers);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

function serverProcess(child: ChildProcess, url: string, readyMs: number, exited: Promise<unknown>): ServerProcess {
  const pid = child.pid!;
  let stopping: Promise<number> | undefined;
  return {
    pid,
    url,
    readyMs,
    rssMb: () => rssMb(pid),
    stop: () =>
      (stopping ??= (async () => {
        const started = performance.now();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        return performance.now() - started;
      })()),
  };
}

/** One GET /healthz with a short timeout: the status, or 0 when nothing answers yet. */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** VmRSS from /proc/<pid>/status, in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A temporary directory for one benchmark (data directories and child logs), removed by cleanup(). */
export function workDir(name: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), `commonplace-bench-${name}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}
