import { PLUGIN_ID_PATTERN } from '@commonplace/sdk/internal';

/** The spellings of a plugin's id that its files use: package, tables, TypeScript and GraphQL names. */
export interface PluginNames {
  /** `my-things`: the manifest's id, the folder, the URL prefix, search types. */
  id: string;
  /** `my_things`: the prefix of its tables. */
  snake: string;
  /** `MyThings`: its TypeScript types and the prefix of its GraphQL types. */
  pascal: string;
  /** `myThings`: its services' and GraphQL fields' prefix. */
  camel: string;
  /** `@commonplace/plugin-my-things`. */
  packageName: string;
}

/** The names for a new plugin's id, or an error saying what a valid id looks like. */
export function pluginNames(id: string): PluginNames {
  if (!PLUGIN_ID_PATTERN.test(id)) {
    throw new Error(`"${id}" is not a plugin id: use lowercase letters and digits in words joined by single hyphens, starting with a letter (e.g. "tool-library").`);
  }
  if (id === 'core') throw new Error('the plugin id "core" is reserved.');
  const words = id.split('-');
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return { id, snake: words.join('_'), pascal, camel: pascal[0]!.toLowerCase() + pascal.slice(1), packageName: `@commonplace/plugin-${id}` };
}

/**
 * A template file with the template plugin's names (`plugin-template`, `plugin_template`,
 * `PluginTemplate`, `pluginTemplate`) replaced by the new plugin's. The template folder is written as a
 * plugin of that name so that it reads as code.
 */
export function renderTemplate(text: string, names: PluginNames, sdkVersion: string): string {
  return text
    .replaceAll('plugin-template', names.id)
    .replaceAll('plugin_template', names.snake)
    .replaceAll('PluginTemplate', names.pascal)
    .replaceAll('pluginTemplate', names.camel)
    .replaceAll('SDK_VERSION', sdkVersion);
}
