import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { pino } from 'pino';
import { BadUserInputError } from '@commonplace/sdk/internal';
import { decodeSecretsKey } from '../../../core/src/plugin-ports/index.js';
import { loadSecretsKey } from '../../../core/src/plugin-ports/secrets/secrets-key.js';
import { testDialects } from '../../helpers/databases.js';
import { PortsFixture, silentLog, testSettings } from './fixture.js';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('hex');

for (const dialect of testDialects()) {
  describe(`plugin secrets (${dialect})`, () => {
    let f: PortsFixture;
    beforeAll(async () => {
      f = await PortsFixture.open(dialect);
    });
    afterAll(async () => {
      await f?.close();
    });
    beforeEach(async () => {
      await f.reset();
    });

    const withKey = (key: string) => f.ports({ settings: testSettings({ secrets: { key } }) });

    test('a value comes back as it was set, is replaced, deleted, and is stored only encrypted', async () => {
      const secrets = withKey(KEY_A).forPlugin('decidim').secrets;
      const value = 'client-secret-über-7f3a';
      await secrets.set('api-token', value);
      expect(await secrets.get('api-token')).toBe(value);

      const row = await f.db.selectFrom('core_plugin_secrets').selectAll().executeTakeFirstOrThrow();
      expect(row.plugin).toBe('decidim');
      const stored = Buffer.from(row.ciphertext);
      expect(stored.includes(Buffer.from(value))).toBe(false);
      expect(stored.length).toBe(Buffer.byteLength(value) + 16);
      expect(Buffer.from(row.nonce)).toHaveLength(12);

      await secrets.set('api-token', 'rotated');
      expect(await secrets.get('api-token')).toBe('rotated');
      expect(await secrets.delete('api-token')).toBe(true);
      expect(await secrets.delete('api-token')).toBe(false);
      expect(await secrets.get('api-token')).toBeNull();
    });

    test('written in a transaction, a secret exists only if it commits', async () => {
      const secrets = withKey(KEY_A).forPlugin('decidim').secrets;
      await f.db
        .transaction()
        .execute(async (tx) => {
          await secrets.set('in-tx', 'v', { tx });
          expect(await secrets.get('in-tx', { tx })).toBe('v');
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await secrets.get('in-tx')).toBeNull();
    });

    test("a plugin cannot read another plugin's secret, even with its row copied into its own namespace", async () => {
      const ports = withKey(KEY_A);
      await ports.forPlugin('decidim').secrets.set('api-token', 'decidim only');
      expect(await ports.forPlugin('links').secrets.get('api-token')).toBeNull();
      expect(await ports.forPlugin('links').secrets.delete('api-token')).toBe(false);

      // Even a row moved by hand to another plugin does not open there: the plugin is bound into the ciphertext.
      await f.db.updateTable('core_plugin_secrets').set({ plugin: 'links' }).execute();
      await expect(ports.forPlugin('links').secrets.get('api-token')).rejects.toThrow(/cannot be decrypted/);
    });

    test('with another key, reading fails with an error saying the key is not the one it was stored with', async () => {
      await withKey(KEY_A).forPlugin('decidim').secrets.set('api-token', 'v');
      const error = await withKey(KEY_B).forPlugin('decidim').secrets.get('api-token').catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe(
        'Secret "api-token" of plugin "decidim" cannot be decrypted: SECRETS_KEY is not the key it was stored with (or its row was altered). Restore the key it was stored with, or set the secret again.',
      );
    });

    test('names and values past their limits are bad input', async () => {
      const secrets = f.ports({ settings: testSettings({ secrets: { key: KEY_A, maxValueBytes: 8 } }) }).forPlugin('decidim').secrets;
      await expect(secrets.set('', 'v')).rejects.toBeInstanceOf(BadUserInputError);
      const error = await secrets.set('long', '123456789').catch((e: BadUserInputError) => e);
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).extensions.field).toBe('value');
    });

    test('PostgreSQL in production without SECRETS_KEY refuses to store a secret, saying what to set', async () => {
      const ports = f.ports({ settings: testSettings({ database: { url: 'postgres://db.example/commonplace' } }), nodeEnv: 'production' });
      await expect(ports.forPlugin('decidim').secrets.set('api-token', 'v')).rejects.toThrow(/SECRETS_KEY is not set.*openssl rand -base64 32/);
      expect(await f.db.selectFrom('core_plugin_secrets').selectAll().execute()).toEqual([]);
    });
  });
}

describe('the secrets key', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-secrets-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('SECRETS_KEY is read as hex or base64 of 32 bytes, and anything else is refused', () => {
    expect(decodeSecretsKey(KEY_A)).toEqual(Buffer.from(KEY_A, 'base64'));
    expect(decodeSecretsKey(KEY_B)).toEqual(Buffer.from(KEY_B, 'hex'));
    expect(() => decodeSecretsKey(randomBytes(16).toString('base64'))).toThrow(/must be 32 bytes.*decodes to 16 bytes/);
    expect(() => testSettings({ secrets: { key: 'short' } })).toThrow(/32 bytes/);
  });

  test('without SECRETS_KEY, an embedded instance makes a key in DATA_DIR/secrets.key (0600), says so once, and reuses it', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const settings = testSettings({ database: { dataDir } });
    const first = await loadSecretsKey({ settings, log, nodeEnv: 'production' });
    const again = await loadSecretsKey({ settings, log, nodeEnv: 'production' });
    expect(again).toEqual(first);
    const path = join(dataDir, 'secrets.key');
    expect(decodeSecretsKey(await readFile(path, 'utf8'))).toEqual(first);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(lines.filter((line) => line.includes('made a key for plugin secrets'))).toHaveLength(1);
    expect(lines.join('')).not.toContain(first.toString('base64'));
  });

  test('SECRETS_KEY wins over a key file', async () => {
    const settings = testSettings({ database: { dataDir }, secrets: { key: KEY_B } });
    expect(await loadSecretsKey({ settings, log: silentLog })).toEqual(Buffer.from(KEY_B, 'hex'));
  });
});
