import { UnauthenticatedError, type RequestAuthenticator } from '@commonplace/sdk';
import type { FlowsDb } from '../db/tables.js';
import { verifyEd25519 } from '../signatures/ed25519.js';
import { PLUGIN_ID, type EconomicFlowsSettings } from '../settings.js';
import type { EconomicFlowsPorts } from '../services.js';

export const USER_HEADER = 'zenflows-user';
export const SIGN_HEADER = 'zenflows-sign';
export const TIMESTAMP_HEADER = 'zenflows-timestamp';
export const NONCE_HEADER = 'zenflows-nonce';
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The bytes a signed request's signature covers: the timestamp, the nonce and the body, so that neither
 * an old request nor a copy of a recent one can be sent again (Zenflows signs the body alone).
 */
export function signedRequestMessage(timestamp: string, nonce: string, body: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

/**
 * Zenflows-style signed requests as a log-in: `zenflows-user` (a username), `zenflows-sign` (base58
 * Ed25519 signature by the key registered for that person's agent), `zenflows-timestamp` (milliseconds
 * since the epoch, within `signedRequests.maxClockSkewMs` of the server) and `zenflows-nonce` (used once).
 */
export const signedRequestAuthenticator: RequestAuthenticator = {
  name: 'zenflows-signed-request',
  headers: [SIGN_HEADER],
  corsHeaders: [USER_HEADER, SIGN_HEADER, TIMESTAMP_HEADER, NONCE_HEADER],
  async authenticate(request, core) {
    const services: EconomicFlowsPorts = core;
    const settings = services.config.settings.signedRequests;
    if (!settings.enabled) throw new UnauthenticatedError('Signed requests are not accepted on this instance.');
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value.trim() : undefined;
    };
    const username = header(USER_HEADER);
    const signature = header(SIGN_HEADER);
    const timestamp = header(TIMESTAMP_HEADER);
    const nonce = header(NONCE_HEADER);
    if (!username || !signature) throw new UnauthenticatedError(`A signed request needs both ${USER_HEADER} and ${SIGN_HEADER}.`);
    if (!timestamp || !nonce) throw new UnauthenticatedError(`A signed request needs ${TIMESTAMP_HEADER} and ${NONCE_HEADER}, so that it cannot be replayed.`);
    if (!/^\d{1,16}$/.test(timestamp)) throw new UnauthenticatedError(`${TIMESTAMP_HEADER} is milliseconds since the epoch.`);
    if (!NONCE.test(nonce)) throw new UnauthenticatedError(`${NONCE_HEADER} is 16 to 128 letters, digits, - or _.`);
    const now = services.clock.now();
    if (Math.abs(now.getTime() - Number(timestamp)) > settings.maxClockSkewMs) {
      throw new UnauthenticatedError(`${TIMESTAMP_HEADER} is more than ${settings.maxClockSkewMs} ms from the server's clock.`);
    }

    const agent = await signerOf(services, username);
    if (!agent) throw new UnauthenticatedError(`${username} has no EdDSA key registered for signed requests.`);
    if (!verifyEd25519(signedRequestMessage(timestamp, nonce, request.body), signature, agent.eddsa_public_key)) {
      throw new UnauthenticatedError(`${SIGN_HEADER} does not verify: it must sign "<timestamp>\\n<nonce>\\n<body>" with ${username}'s key.`);
    }
    // The nonce is claimed after the signature checks out, so nobody can burn another person's nonces.
    const claimed = await (services.db)
      .insertInto('economic_flows_request_nonces')
      .values({ agent_id: agent.id, nonce, seen_at: now })
      .onConflict((oc) => oc.columns(['agent_id', 'nonce']).doNothing())
      .returning('nonce')
      .executeTakeFirst();
    if (!claimed) throw new UnauthenticatedError(`Replayed request: ${NONCE_HEADER} ${nonce} was already used.`);
    return { accountId: agent.account_id };
  },
};

async function signerOf(services: EconomicFlowsPorts, username: string): Promise<{ id: string; eddsa_public_key: string; account_id: string } | null> {
  const actor = await services.actors.byUsername(username.toLowerCase());
  if (!actor || actor.domain !== null || actor.type !== 'Person' || !actor.accountId) return null;
  const agent = await (services.db)
    .selectFrom('economic_flows_agents')
    .select(['id', 'eddsa_public_key'])
    .where('actor_id', '=', actor.id)
    .executeTakeFirst();
  if (!agent?.eddsa_public_key) return null;
  return { id: agent.id, eddsa_public_key: agent.eddsa_public_key, account_id: actor.accountId };
}

/** Nonces older than twice the allowed skew can no longer be replayed (their timestamp is refused). */
export async function purgeNonces(services: EconomicFlowsPorts): Promise<void> {
  const settings = services.config.settings.signedRequests;
  const before = new Date(services.clock.now().getTime() - 2 * settings.maxClockSkewMs);
  await (services.db).deleteFrom('economic_flows_request_nonces').where('seen_at', '<', before).execute();
}
