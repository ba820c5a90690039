import type { Executor } from './db.js';

/**
 * Small values a plugin must keep secret (API credentials, client secrets), encrypted at rest with a
 * key from the environment (`SECRETS_KEY`; AES-256-GCM) and kept per plugin: one plugin cannot read
 * another's. Reading a value stored under another key throws, saying so; never log a value.
 */
export interface SecretsPort {
  set(name: string, value: string, options?: { tx?: Executor }): Promise<void>;
  /** null when there is none. */
  get(name: string, options?: { tx?: Executor }): Promise<string | null>;
  /** false when there was none. */
  delete(name: string, options?: { tx?: Executor }): Promise<boolean>;
}
