import { BadUserInputError, NotFoundError, isUuid, type AccountsPort, type IssuedToken } from '@commonplace/sdk/internal';
import type { AccountsService } from './accounts-service.js';
import type { Sessions } from './sessions.js';
import type { AccountsDb } from './tables.js';

/** An app's name as the person sees it among their sessions. */
export const MAX_TOKEN_LABEL_LENGTH = 200;
export const MAX_TOKEN_SCOPES = 50;
/** OAuth scope tokens (RFC 6749 3.3) as clients write them: `read`, `write:statuses`, `admin:read`... */
const SCOPE_PATTERN = /^[A-Za-z0-9_:.\/-]{1,100}$/;

export interface AccountsPortDeps {
  db: AccountsDb;
  service: AccountsService;
  sessions: Sessions;
  /** auth.sessionTtlDays: no token lives longer than a log-in session. */
  sessionTtlDays: number;
}

/** Each plugin's AccountsPort: what its view names `accounts`. */
export interface PluginAccountsPorts {
  /** The same port for the same plugin; its tokens are bound to that plugin. */
  forPlugin(pluginId: string): AccountsPort;
}

/**
 * The sdk's AccountsPort, for plugins that log people in by other means (the Mastodon client API's
 * OAuth). Passwords are checked by the accounts service, so the log-in limits count them; tokens are
 * core sessions with a label, scopes and their issuer, so expiry, revocation and account deletion end
 * them too. A token is bound to the plugin that issued it: only that plugin's checkToken and
 * revokeToken know it, and core's own bearer check refuses it (a `read` token is not a log-in).
 */
export function createAccountsPorts(deps: AccountsPortDeps): PluginAccountsPorts {
  const ports = new Map<string, AccountsPort>();
  return {
    forPlugin(pluginId) {
      let port = ports.get(pluginId);
      if (!port) ports.set(pluginId, (port = accountsPortFor(pluginId, deps)));
      return port;
    },
  };
}

function accountsPortFor(pluginId: string, deps: AccountsPortDeps): AccountsPort {
  const maxTtlSeconds = Math.floor(deps.sessionTtlDays * 86_400);
  return {
    verifyPassword(login, password, options = {}) {
      return deps.service.verifyPassword(login, password, { address: options.ip ?? null });
    },

    async issueToken(accountId, options): Promise<IssuedToken> {
      const label = checkLabel(options.label);
      const scopes = checkScopes(options.scopes ?? []);
      const ttlSeconds = checkTtl(options.ttlSeconds, maxTtlSeconds);
      await requireLiveAccount(deps.db, accountId);
      const session = await deps.sessions.start(accountId, deps.db, { label, scopes, ttlSeconds, issuer: pluginId });
      return { token: session.token, sessionId: session.sessionId, expiresAt: session.expiresAt };
    },

    async checkToken(token) {
      const check = await deps.sessions.authenticate(token, pluginId);
      return check ? { ...check.viewer, scopes: check.scopes } : null;
    },

    async revokeToken(sessionId) {
      // Another plugin's token or a person's log-in is not this plugin's to end.
      if (!(await deps.sessions.revokeIssued(sessionId, pluginId))) throw new NotFoundError('This plugin issued no token with that session id.');
    },
  };
}

function checkLabel(label: string): string {
  const trimmed = typeof label === 'string' ? label.trim() : '';
  if (!trimmed) throw new BadUserInputError('label must name the app the token is for.', 'label');
  if (trimmed.length > MAX_TOKEN_LABEL_LENGTH) throw new BadUserInputError(`label has at most ${MAX_TOKEN_LABEL_LENGTH} characters.`, 'label');
  return trimmed;
}

function checkScopes(scopes: readonly string[]): string[] {
  if (scopes.length > MAX_TOKEN_SCOPES) throw new BadUserInputError(`A token has at most ${MAX_TOKEN_SCOPES} scopes.`, 'scopes');
  const bad = scopes.find((scope) => typeof scope !== 'string' || !SCOPE_PATTERN.test(scope));
  if (bad !== undefined) throw new BadUserInputError(`"${String(bad)}" is not a scope (letters, digits and _ : . / - only).`, 'scopes');
  return [...new Set(scopes)];
}

/** The session TTL unless a shorter one is asked; never longer (auth.sessionTtlDays is the limit). */
function checkTtl(ttlSeconds: number | undefined, maxTtlSeconds: number): number {
  if (ttlSeconds === undefined) return maxTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new BadUserInputError('ttlSeconds must be a whole number of seconds, at least 1.', 'ttlSeconds');
  if (ttlSeconds > maxTtlSeconds) {
    throw new BadUserInputError(`ttlSeconds is at most ${maxTtlSeconds} (the instance's auth.sessionTtlDays).`, 'ttlSeconds');
  }
  return ttlSeconds;
}

async function requireLiveAccount(db: AccountsDb, accountId: string): Promise<void> {
  const row = isUuid(accountId)
    ? await db.selectFrom('core_accounts').select('id').where('id', '=', accountId).where('deleted_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('No live account has that id.');
}
