import { planAnnounce } from './announce-verb.js';
import { planFlag } from './flag-verb.js';
import { planAcceptOrReject, planBlock, planFollow, planUndo } from './follow-verbs.js';
import { planMove } from './move-verb.js';
import { planCreate, planDelete, planLike, planUpdate } from './object-verbs.js';
import { PLUGIN_VERBS, pluginVerb } from './plugin-verbs.js';
import type { VerbPlanner } from './verb-context.js';

/**
 * The inbox's verbs: activity type -> its planner. Core registers its own (follows and blocks, posts,
 * announces, flags, moves) and the verbs it gives plugins by their object (`Add`, `Offer`...); each
 * plugin's `federation.verbs` adds more, routed the same way. An activity of a type nobody registered
 * is ignored with a log line.
 */
export class VerbRegistry {
  private readonly planners = new Map<string, VerbPlanner>();
  private readonly core = new Set<string>();

  /** Core's verb: its own rule. */
  registerCore(type: string, planner: VerbPlanner): this {
    if (this.planners.has(type)) throw new Error(`the inbox verb "${type}" is registered twice`);
    this.planners.set(type, planner);
    this.core.add(type);
    return this;
  }

  /** A verb a plugin declared (`federation.verbs`): given to handlers' `on[type]` by the activity's object. Several plugins may declare one. */
  registerPluginVerb(type: string, pluginId: string): this {
    if (this.core.has(type) && !(PLUGIN_VERBS as readonly string[]).includes(type)) {
      throw new Error(`plugin "${pluginId}" declares the inbox verb "${type}", which is core's: handle it with on.${type} instead`);
    }
    if (!/^[A-Z][A-Za-z0-9]*$/.test(type)) throw new Error(`plugin "${pluginId}" declares the inbox verb "${type}": an ActivityStreams type (PascalCase) is expected`);
    if (!this.planners.has(type)) this.planners.set(type, pluginVerb(type));
    return this;
  }

  plannerOf(type: string): VerbPlanner | undefined {
    return this.planners.get(type);
  }

  get types(): readonly string[] {
    return [...this.planners.keys()];
  }
}

/** The registry with core's verbs, and the verbs the plugins declared. */
export function inboxVerbs(declared: ReadonlyArray<{ pluginId: string; verbs: readonly string[] }> = []): VerbRegistry {
  const registry = new VerbRegistry()
    .registerCore('Follow', planFollow)
    .registerCore('Accept', planAcceptOrReject)
    .registerCore('Reject', planAcceptOrReject)
    .registerCore('Block', planBlock)
    .registerCore('Undo', planUndo)
    .registerCore('Create', planCreate)
    .registerCore('Update', planUpdate)
    .registerCore('Delete', planDelete)
    .registerCore('Like', planLike)
    .registerCore('Announce', planAnnounce)
    .registerCore('Flag', planFlag)
    .registerCore('Move', planMove);
  for (const verb of PLUGIN_VERBS) registry.registerCore(verb, pluginVerb(verb));
  for (const { pluginId, verbs } of declared) for (const verb of verbs) registry.registerPluginVerb(verb, pluginId);
  return registry;
}
