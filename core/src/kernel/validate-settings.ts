import { describeIssues, type PluginDefinition } from '@commonplace/sdk/internal';
import { BootError } from './boot-error.js';

/** Validates a plugin's settings against its schema; invalid settings stop boot with every issue listed. */
export async function validatePluginSettings(plugin: PluginDefinition<any>, raw: unknown): Promise<unknown> {
  if (!plugin.settings) {
    if (raw !== undefined && !(typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0)) {
      throw new BootError(plugin.id, 'was given settings but declares none.');
    }
    return undefined;
  }
  const result = await plugin.settings['~standard'].validate(raw ?? {});
  if (result.issues) {
    throw new BootError(plugin.id, `invalid settings:\n  - ${describeIssues(result.issues).join('\n  - ')}`);
  }
  return result.value;
}
