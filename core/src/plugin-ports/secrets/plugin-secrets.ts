import { BadUserInputError, type Clock, type Executor, type SecretsPort } from '@commonplace/sdk/internal';
import type { Kysely } from 'kysely';
import type { PluginPortTables } from '../tables.js';
import { open, seal } from './cipher.js';

export interface PluginSecretsDeps {
  db: Kysely<PluginPortTables>;
  clock: Clock;
  /** Found on first use (and its failure, such as no SECRETS_KEY in production, thrown to the caller). */
  key(): Promise<Buffer>;
  maxValueBytes: number;
}

const MAX_NAME_LENGTH = 200;

/** One plugin's SecretsPort: rows keyed by its id, which the plugin never chooses. Values are never logged. */
export function pluginSecrets(pluginId: string, deps: PluginSecretsDeps): SecretsPort {
  const executor = (tx: Executor | undefined) => (tx ?? deps.db) as Kysely<PluginPortTables>;
  return {
    async set(name, value, options = {}) {
      checkName(name);
      if (typeof value !== 'string') throw new BadUserInputError('A secret is a string.', 'value');
      if (Buffer.byteLength(value, 'utf8') > deps.maxValueBytes) {
        throw new BadUserInputError(`A secret may hold at most ${deps.maxValueBytes} bytes (secrets.maxValueBytes).`, 'value');
      }
      const sealed = seal(await deps.key(), pluginId, name, value);
      const updatedAt = deps.clock.now();
      await executor(options.tx)
        .insertInto('core_plugin_secrets')
        .values({ plugin: pluginId, name, nonce: sealed.nonce, ciphertext: sealed.ciphertext, updated_at: updatedAt })
        .onConflict((conflict) => conflict.columns(['plugin', 'name']).doUpdateSet({ nonce: sealed.nonce, ciphertext: sealed.ciphertext, updated_at: updatedAt }))
        .execute();
    },
    async get(name, options = {}) {
      checkName(name);
      const row = await executor(options.tx)
        .selectFrom('core_plugin_secrets')
        .select(['nonce', 'ciphertext'])
        .where('plugin', '=', pluginId)
        .where('name', '=', name)
        .executeTakeFirst();
      if (!row) return null;
      const value = open(await deps.key(), pluginId, name, { nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) });
      if (value === null) {
        throw new Error(
          `Secret "${name}" of plugin "${pluginId}" cannot be decrypted: SECRETS_KEY is not the key it was stored with (or its row was altered). ` +
            'Restore the key it was stored with, or set the secret again.',
        );
      }
      return value;
    },
    async delete(name, options = {}) {
      checkName(name);
      const result = await executor(options.tx).deleteFrom('core_plugin_secrets').where('plugin', '=', pluginId).where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new BadUserInputError(`A secret's name of 1 to ${MAX_NAME_LENGTH} characters is needed.`, 'name');
  }
}
