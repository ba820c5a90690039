import type { Clock, Logger } from '@commonplace/sdk/internal';
import { INSTANCE_ACTOR_USERNAME } from '../documents/instance-actor.js';
import type { GetSigner } from '../fetch/index.js';
import { signRequest } from '../signatures/sign-request.js';
import type { FederationDb } from './tables.js';

export interface InstanceSignerDeps {
  db: FederationDb;
  clock: Clock;
  log: Logger;
  /** Local actors' private keys: the instance actor's RSA key signs our GETs. */
  keys: { signingKey(actorId: string, kind: 'rsa'): Promise<{ privateKeyPem: string } | null> };
}

/**
 * Signs our GETs as the instance actor, so servers with authorized fetch answer. Made once, on the
 * first fetch (the instance actor exists by then); undefined, with a warning, when it has no key.
 */
export class InstanceSigner {
  private signer: Promise<GetSigner | undefined> | undefined;

  constructor(private readonly deps: InstanceSignerDeps) {}

  get(): Promise<GetSigner | undefined> {
    this.signer ??= this.make().catch((error) => {
      this.signer = undefined;
      throw error;
    });
    return this.signer;
  }

  private async make(): Promise<GetSigner | undefined> {
    const instance = await this.deps.db
      .selectFrom('core_actors')
      .select(['id', 'uri'])
      .where('username', '=', INSTANCE_ACTOR_USERNAME)
      .where('domain', 'is', null)
      .executeTakeFirst();
    const key = instance ? await this.deps.keys.signingKey(instance.id, 'rsa') : null;
    if (!instance || !key) {
      this.deps.log.warn('no instance actor key: remote fetches go unsigned');
      return undefined;
    }
    const keyId = `${instance.uri}#main-key`;
    return async (request) => {
      const signed = await signRequest(
        { method: 'GET', url: request.url.href, headers: request.headers },
        { keyId, privateKeyPem: key.privateKeyPem, clock: this.deps.clock },
      );
      // Only what the signer adds: fetchRemote already sends Host and Accept as signed.
      return { date: signed.Date!, signature: signed.Signature! };
    };
  }
}
