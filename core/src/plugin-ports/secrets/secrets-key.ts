import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isInMemoryDataDir, type InstanceSettings, type Logger } from '@commonplace/sdk/internal';

export const SECRETS_KEY_BYTES = 32;
export const SECRETS_KEY_FILE = 'secrets.key';

export interface SecretsKeySource {
  settings: Pick<InstanceSettings, 'secrets' | 'database'>;
  log: Logger;
  /** process.env.NODE_ENV unless a test says otherwise. */
  nodeEnv?: string | undefined;
}

/** Reads SECRETS_KEY's value: 64 hex digits or base64 (standard or URL-safe) of 32 bytes. */
export function decodeSecretsKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== SECRETS_KEY_BYTES) {
    throw new Error(`SECRETS_KEY must be ${SECRETS_KEY_BYTES} bytes, as 64 hex digits or base64 (openssl rand -base64 32); it decodes to ${key.length} bytes`);
  }
  return key;
}

/**
 * The key plugin secrets are sealed with, found once when first needed:
 * - `secrets.key` (SECRETS_KEY) when set;
 * - PostgreSQL in production without it: an error, since a key made by one process would be unknown to
 *   the others and lost with its disk, taking every secret with it;
 * - otherwise DATA_DIR/secrets.key, made (mode 0600) on first use and said once in the log, so the
 *   embedded instance keeps its key beside its data; an in-memory instance gets one for this run only.
 */
export async function loadSecretsKey(source: SecretsKeySource): Promise<Buffer> {
  const { settings, log } = source;
  if (settings.secrets.key) return decodeSecretsKey(settings.secrets.key);
  const nodeEnv = 'nodeEnv' in source ? source.nodeEnv : process.env.NODE_ENV;
  if (settings.database.url && nodeEnv === 'production') {
    throw new Error(
      'Plugin secrets cannot be stored: SECRETS_KEY is not set. With PostgreSQL in production every process needs the same key: ' +
        'set SECRETS_KEY to 32 random bytes (openssl rand -base64 32) in the environment of every process, and keep it safe.',
    );
  }
  if (isInMemoryDataDir(settings)) {
    log.warn('SECRETS_KEY is not set and the data directory is in memory: plugin secrets use a key made for this run only');
    return randomBytes(SECRETS_KEY_BYTES);
  }
  return keyFromDataDir(resolve(settings.database.dataDir, SECRETS_KEY_FILE), log);
}

async function keyFromDataDir(path: string, log: Logger): Promise<Buffer> {
  const existing = await readKeyFile(path);
  if (existing) return existing;
  const made = randomBytes(SECRETS_KEY_BYTES);
  await mkdir(dirname(path), { recursive: true });
  try {
    // 'wx': another process that made it first wins, and its key is the one read back.
    await writeFile(path, `${made.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const theirs = await readKeyFile(path);
    if (theirs) return theirs;
    throw error;
  }
  log.warn({ path }, 'SECRETS_KEY is not set: made a key for plugin secrets in the data directory; back it up with the data, or set SECRETS_KEY');
  return made;
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return decodeSecretsKey(text);
  } catch (error) {
    throw new Error(`${path} does not hold a secrets key: ${(error as Error).message}`);
  }
}
