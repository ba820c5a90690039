import { randomUUID } from 'node:crypto';
import {
  BadUserInputError,
  ForbiddenError,
  isUuid,
  NotFoundError,
  type ActivityPubObject,
  type Viewer,
} from '@commonplace/sdk';
import type { AgentRow, FlowsDb, FlowsExecutor } from '../db/tables.js';
import { hostOf, isHttpUrl } from '../model/refs.js';
import { publicKeyFromBase58 } from '../signatures/ed25519.js';
import { zencodeCreateKeys } from '../signatures/zencode-scripts.js';
import type { EconomicFlowsServices } from '../services.js';

/** Roles that let a person record events for an organisation. */
export const ACTING_ROLES = ['owner', 'member'] as const;
const USERNAME = /^[a-z0-9_]{1,30}$/;

/**
 * ValueFlows agents backed by core actors: a local person's agent is their actor; an organisation is an
 * Organization actor (so it federates) with an agent row here; remote agents are copies of other
 * instances' actors. Roles between agents are relationships (`owner`, `member`, or any other label).
 */
export class AgentDirectory {
  constructor(private readonly services: EconomicFlowsServices) {}

  private get db(): FlowsDb {
    return this.services.db;
  }

  /** The viewer's own agent, made on first use from their Person actor. */
  async forViewer(viewer: Viewer, tx: FlowsExecutor = this.db): Promise<AgentRow> {
    const existing = await tx.selectFrom('economic_flows_agents').selectAll().where('actor_id', '=', viewer.actorId).executeTakeFirst();
    if (existing) return existing;
    const actor = await this.services.actors.byId(viewer.actorId, tx);
    if (!actor) throw new NotFoundError('Your actor is gone.');
    const row: AgentRow = {
      id: randomUUID(),
      uri: actor.uri,
      agent_type: 'Person',
      name: actor.displayName ?? actor.username,
      actor_id: actor.id,
      origin: null,
      eddsa_public_key: null,
      server_eddsa_secret_key: null,
      created_at: this.services.clock.now(),
    };
    await tx.insertInto('economic_flows_agents').values(row).onConflict((oc) => oc.column('actor_id').doNothing()).execute();
    return (await tx.selectFrom('economic_flows_agents').selectAll().where('actor_id', '=', viewer.actorId).executeTakeFirstOrThrow());
  }

  /**
   * A new organisation: a local Organization actor, its agent, and the viewer as its owner. With
   * `serverHeldKey`, Zencode makes its key pair here and the server signs its events.
   */
  async createOrganization(viewer: Viewer, input: { username: string; name: string; note?: string | null; serverHeldKey?: boolean | null }): Promise<AgentRow> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw new BadUserInputError('username is 1 to 30 lowercase letters, digits or underscores.', 'username');
    const name = input.name.trim();
    if (!name || name.length > 200) throw new BadUserInputError('name must have 1 to 200 characters.', 'name');
    if (await this.services.actors.byUsername(username)) throw new BadUserInputError(`username ${username} is taken.`, 'username');
    const keys = input.serverHeldKey ? await zencodeCreateKeys(this.services.economicFlowsZencode) : null;
    const owner = await this.forViewer(viewer);
    return this.db.transaction().execute(async (tx) => {
      const actor = await this.services.actors.createLocal(
        { type: 'Organization', username, displayName: name, summary: input.note ?? null, ownerAccountId: viewer.accountId },
        tx,
      );
      const row: AgentRow = {
        id: randomUUID(),
        uri: actor.uri,
        agent_type: 'Organization',
        name,
        actor_id: actor.id,
        origin: null,
        eddsa_public_key: keys?.publicKey ?? null,
        server_eddsa_secret_key: keys?.secretKey ?? null,
        created_at: this.services.clock.now(),
      };
      await tx.insertInto('economic_flows_agents').values(row).execute();
      await this.relate(tx, owner.id, row.id, 'owner');
      return row;
    });
  }

  /** Registers the public key of a pair made on the client (Zencode `create the eddsa public key`). */
  async setPublicKey(viewer: Viewer, agentRef: string | null | undefined, publicKey: string): Promise<AgentRow> {
    if (!publicKeyFromBase58(publicKey)) throw new BadUserInputError('publicKey is not an EdDSA public key (32 bytes in base58).', 'publicKey');
    const me = await this.forViewer(viewer);
    const agent = agentRef ? await this.byRef(agentRef, 'agent') : me;
    if (agent.origin !== null) throw new BadUserInputError('agent lives on another instance.', 'agent');
    // A key signs everything the agent records: a member records for an organisation, only an owner names its key.
    if (agent.id !== me.id && !(await this.hasRole(me.id, agent.id, ['owner']))) throw new ForbiddenError(`Only ${agent.name} or an owner of it sets its key.`);
    if (agent.server_eddsa_secret_key) throw new BadUserInputError('agent has a server-held key; it cannot also register a client key.', 'agent');
    await this.db.updateTable('economic_flows_agents').set({ eddsa_public_key: publicKey }).where('id', '=', agent.id).execute();
    return { ...agent, eddsa_public_key: publicKey };
  }

  async addRelationship(viewer: Viewer, input: { subject: string; object: string; role: string }): Promise<{ id: string; subject: AgentRow; object: AgentRow; role: string }> {
    const role = input.role.trim();
    if (!role || role.length > 100) throw new BadUserInputError('role must have 1 to 100 characters.', 'role');
    const me = await this.forViewer(viewer);
    const subject = await this.byRef(input.subject, 'subject');
    const object = await this.byRef(input.object, 'object');
    // Only an owner of the organisation grants roles in it.
    if (!(await this.hasRole(me.id, object.id, ['owner']))) throw new ForbiddenError(`Only an owner of ${object.name} grants roles in it.`);
    const id = await this.relate(this.db, subject.id, object.id, role);
    return { id, subject, object, role };
  }

  /** The same agent, or one the person holds an acting role in. */
  async canActFor(personAgentId: string, agentId: string, tx: FlowsExecutor = this.db): Promise<boolean> {
    if (personAgentId === agentId) return true;
    return this.hasRole(personAgentId, agentId, ACTING_ROLES, tx);
  }

  private async hasRole(subjectId: string, objectId: string, roles: readonly string[], tx: FlowsExecutor = this.db): Promise<boolean> {
    const row = await tx
      .selectFrom('economic_flows_agent_relationships')
      .select('id')
      .where('subject_id', '=', subjectId)
      .where('object_id', '=', objectId)
      .where('role', 'in', roles)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async relate(tx: FlowsExecutor, subjectId: string, objectId: string, role: string): Promise<string> {
    const id = randomUUID();
    await tx
      .insertInto('economic_flows_agent_relationships')
      .values({ id, subject_id: subjectId, object_id: objectId, role, created_at: this.services.clock.now() })
      .onConflict((oc) => oc.columns(['subject_id', 'object_id', 'role']).doNothing())
      .execute();
    return id;
  }

  async byId(id: string, tx: FlowsExecutor = this.db): Promise<AgentRow | null> {
    if (!isUuid(id)) return null;
    return (await tx.selectFrom('economic_flows_agents').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** A local agent by id or URI; BAD_USER_INPUT naming `field` otherwise. Never fetches. */
  async byRef(ref: string, field: string, tx: FlowsExecutor = this.db): Promise<AgentRow> {
    const row = isUuid(ref)
      ? await tx.selectFrom('economic_flows_agents').selectAll().where('id', '=', ref).executeTakeFirst()
      : await tx.selectFrom('economic_flows_agents').selectAll().where('uri', '=', ref).executeTakeFirst();
    if (!row) throw new BadUserInputError(`${field}: no agent ${ref}.`, field);
    return row;
  }

  /**
   * The agents two references name (provider and receiver), read in one query when both are already
   * known here; only a reference that query misses goes through `resolve` (which may fetch).
   */
  async resolvePair(first: { ref: string; field: string }, second: { ref: string; field: string }): Promise<[AgentRow, AgentRow]> {
    const refs = [first.ref, second.ref].filter((ref) => isUuid(ref) || isHttpUrl(ref));
    const ids = refs.filter(isUuid);
    const uris = refs.filter((ref) => !isUuid(ref));
    const rows =
      refs.length === 0
        ? []
        : await this.db
            .selectFrom('economic_flows_agents')
            .selectAll()
            .where((eb) => eb.or([...(ids.length ? [eb('id', 'in', ids)] : []), ...(uris.length ? [eb('uri', 'in', uris)] : [])]))
            .execute();
    const known = (ref: string) => rows.find((row) => row.id === ref || row.uri === ref);
    const a = known(first.ref) ?? (await this.resolve(first.ref, first.field));
    const b = second.ref === first.ref ? a : (known(second.ref) ?? (await this.resolve(second.ref, second.field)));
    return [a, b];
  }

  /**
   * An agent by id or URI, fetching an unknown remote actor (through core's SSRF guard) and keeping a
   * copy. Call it outside a transaction: it may go to the network.
   */
  async resolve(ref: string, field: string): Promise<AgentRow> {
    const known = isUuid(ref) || !isHttpUrl(ref) ? null : await this.db.selectFrom('economic_flows_agents').selectAll().where('uri', '=', ref).executeTakeFirst();
    if (known) return known;
    if (isUuid(ref)) return this.byRef(ref, field);
    if (!isHttpUrl(ref)) throw new BadUserInputError(`${field} is neither an agent id nor an actor URI.`, field);
    const local = await this.localActorAgent(ref);
    if (local) return local;
    const document = await this.services.federation.resolve(ref);
    if (!document) throw new BadUserInputError(`${field}: ${ref} could not be resolved to an actor.`, field);
    return this.storeRemote(document, ref, this.db);
  }

  /** A local actor's URI (an organisation made elsewhere, a person who never recorded anything yet). */
  private async localActorAgent(uri: string): Promise<AgentRow | null> {
    if (hostOf(uri) !== hostOf(this.services.config.publicUrl)) return null;
    const username = /\/actors\/([^/?#]+)$/.exec(new URL(uri).pathname)?.[1];
    const actor = username ? await this.services.actors.byUsername(decodeURIComponent(username), this.db) : null;
    if (!actor || actor.domain !== null || actor.uri !== uri) return null;
    const row: AgentRow = {
      id: randomUUID(),
      uri: actor.uri,
      agent_type: actor.type === 'Person' ? 'Person' : 'Organization',
      name: actor.displayName ?? actor.username,
      actor_id: actor.id,
      origin: null,
      eddsa_public_key: null,
      server_eddsa_secret_key: null,
      created_at: this.services.clock.now(),
    };
    await this.db.insertInto('economic_flows_agents').values(row).onConflict((oc) => oc.column('uri').doNothing()).execute();
    return (await this.db.selectFrom('economic_flows_agents').selectAll().where('uri', '=', uri).executeTakeFirstOrThrow());
  }

  /**
   * Keeps (or refreshes) the copy of a remote agent from its ActivityStreams document. Its EdDSA key is
   * taken from the document only when its home instance vouches for it (the caller checks the origin).
   */
  async storeRemote(document: ActivityPubObject, uri: string, tx: FlowsExecutor): Promise<AgentRow> {
    const type = Array.isArray(document.type) ? document.type[0] : document.type;
    const name = typeof document.name === 'string' ? document.name : typeof document.preferredUsername === 'string' ? document.preferredUsername : uri;
    const key = typeof document.eddsaPublicKey === 'string' && publicKeyFromBase58(document.eddsaPublicKey) ? document.eddsaPublicKey : null;
    const existing = await tx.selectFrom('economic_flows_agents').selectAll().where('uri', '=', uri).executeTakeFirst();
    if (existing) {
      if (existing.origin === null) return existing;
      const changes = { name: name.slice(0, 200), ...(key ? { eddsa_public_key: key } : {}) };
      await tx.updateTable('economic_flows_agents').set(changes).where('id', '=', existing.id).execute();
      return { ...existing, ...changes };
    }
    const row: AgentRow = {
      id: randomUUID(),
      uri,
      agent_type: type === 'Person' ? 'Person' : 'Organization',
      name: name.slice(0, 200),
      actor_id: null,
      origin: hostOf(uri),
      eddsa_public_key: key,
      server_eddsa_secret_key: null,
      created_at: this.services.clock.now(),
    };
    await tx.insertInto('economic_flows_agents').values(row).execute();
    return row;
  }
}
