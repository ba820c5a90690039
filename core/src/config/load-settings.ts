import { describeIssues, instanceSettingsSchema, type InstanceSettings, type InstanceSettingsInput } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';

/** Environment variables that override an instance's settings, so one configuration runs anywhere. */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): InstanceSettingsInput {
  const overrides: InstanceSettingsInput = {};
  if (env.PORT) overrides.port = parsePort(env.PORT);
  if (env.HOST) overrides.host = env.HOST;
  if (env.PUBLIC_URL) overrides.publicUrl = env.PUBLIC_URL;
  if (env.DATABASE_URL || env.DATA_DIR) {
    overrides.database = {
      ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : {}),
      ...(env.DATA_DIR ? { dataDir: env.DATA_DIR } : {}),
    };
  }
  if (env.REDIS_URL) overrides.redis = { url: env.REDIS_URL };
  // Names the server only: parseInstanceSettings picks the backend, so an explicit search.backend still wins.
  if (env.MEILISEARCH_URL) {
    overrides.search = { meilisearch: { url: env.MEILISEARCH_URL, ...(env.MEILISEARCH_KEY ? { key: env.MEILISEARCH_KEY } : {}) } };
  }
  if (env.SECRETS_KEY) overrides.secrets = { key: env.SECRETS_KEY };
  if (env.FEDERATION_ALLOW_PRIVATE) overrides.federation = { allowPrivateAddresses: env.FEDERATION_ALLOW_PRIVATE === 'true' };
  return overrides;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new BootError('core', `PORT must be a port number, got "${value}".`);
  }
  return port;
}

/** Merges layers (instance file, then environment, then command line), later ones winning, group by group. */
export function mergeSettings(...layers: InstanceSettingsInput[]): InstanceSettingsInput {
  return layers.reduce<Record<string, unknown>>((merged, layer) => mergeObjects(merged, layer as Record<string, unknown>), {}) as InstanceSettingsInput;
}

function mergeObjects(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const previous = merged[key];
    merged[key] = isPlainObject(previous) && isPlainObject(value) ? mergeObjects(previous, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseInstanceSettings(input: InstanceSettingsInput): InstanceSettings {
  const result = instanceSettingsSchema.safeParse(withSearchBackendChosen(input));
  if (!result.success) {
    throw new BootError('core', `invalid instance settings:\n  - ${describeIssues(result.error.issues).join('\n  - ')}`);
  }
  return result.data;
}

/**
 * A Meilisearch server named (MEILISEARCH_URL, or search.meilisearch.url) is the search backend,
 * unless search.backend says which one explicitly; without either, PostgreSQL full text.
 */
function withSearchBackendChosen(input: InstanceSettingsInput): InstanceSettingsInput {
  const search = input.search;
  if (!search || search.backend !== undefined || !search.meilisearch?.url) return input;
  return { ...input, search: { ...search, backend: 'meilisearch' } };
}

/** The base URL for links: PUBLIC_URL, or the local address, without a trailing slash. */
export function publicUrlOf(settings: InstanceSettings): string {
  const url = settings.publicUrl ?? `http://localhost:${settings.port}`;
  return url.replace(/\/+$/, '');
}
