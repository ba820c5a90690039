import ts from 'typescript';
import { readPlugins, walk, whereOf } from './plugin-sources.js';

export interface ForeignTable {
  /** `path:line`, relative to the repository root. */
  where: string;
  plugin: string;
  table: string;
  /** `core` or the id of the plugin whose prefix the name carries. */
  owner: string;
}

/** The table prefix of an owner: `core_`, or a plugin's id with underscores (`economic_flows_`). */
export function tablePrefixOf(owner: string): string {
  return `${owner.replaceAll('-', '_')}_`;
}

/**
 * Every table name in a plugin's src/ that belongs to another owner: core's (`core_`) or another
 * plugin's (`<other_id>_`). Names are read where a query can carry them: string literals (the
 * arguments of selectFrom, insertInto, innerJoin..., or a constant holding a table's name), the text
 * of templates (raw `sql`...), and the keys of a Tables type (`{ core_actors: ... }` would type a read).
 * `allowed` lists the names core offers plugins to join (its follows view).
 */
export function findForeignTables(pluginsDir: string, repoRoot: string, allowed: ReadonlySet<string>): ForeignTable[] {
  const plugins = readPlugins(pluginsDir);
  const found: ForeignTable[] = [];
  for (const plugin of plugins) {
    const owners = ['core', ...plugins.map((other) => other.id).filter((id) => id !== plugin.id)];
    // The longest prefix first, so `economic_flows_` wins over an owner called `economic`.
    const byPrefix = owners.map((owner) => ({ owner, prefix: tablePrefixOf(owner) })).sort((a, b) => b.prefix.length - a.prefix.length);
    const ownPrefix = tablePrefixOf(plugin.id);
    const pattern = new RegExp(`(?<![\\w$])(${byPrefix.map(({ prefix }) => escape(prefix)).join('|')})[a-z0-9_]*`, 'g');
    for (const file of plugin.files) {
      walk(file, (node) => {
        for (const text of textsOf(node)) {
          for (const [table] of text.matchAll(pattern)) {
            // A plugin whose own prefix starts with another's (`core_tools_` against `core_`) names its own tables.
            if (table.startsWith(ownPrefix) || allowed.has(table)) continue;
            const owner = byPrefix.find(({ prefix }) => table.startsWith(prefix))!.owner;
            found.push({ where: whereOf(file, node, repoRoot), plugin: plugin.id, table, owner });
          }
        }
      });
    }
  }
  return found;
}

/** The texts a node gives a query: a string, a template's literal parts, a property key in a type. */
function textsOf(node: ts.Node): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return [node.text];
  if (ts.isPropertySignature(node) && ts.isIdentifier(node.name)) return [node.name.text];
  return [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
