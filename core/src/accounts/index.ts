import type { Kysely } from 'kysely';
import type {
  ActorsPort,
  ClassType,
  Clock,
  InstanceSettings,
  JobDefinition,
  JobSchedule,
  Logger,
  Viewer,
} from '@commonplace/sdk/internal';
import type { LifecycleJobs } from '../kernel/lifecycle-events.js';
import { createAccountsPorts, type PluginAccountsPorts } from './accounts-port.js';
import { createActorsPort } from './actors-port.js';
import { AccountsService } from './accounts-service.js';
import { ActorKeys } from './actor-keys.js';
import { Actors } from './actors.js';
import { Invites } from './invites.js';
import { accountsJobs, accountsSchedules } from './jobs.js';
import { LoginAttempts } from './login-attempts.js';
import { Sessions } from './sessions.js';
import type { AccountsDb } from './tables.js';
import { accountsResolvers } from './graphql/resolvers.js';

export { AccountsService } from './accounts-service.js';
export type { PluginAccountsPorts } from './accounts-port.js';
export type { AccountView, CreateAccountInput, LogInInput, ProfileInput, SessionGrant, SignUpInput } from './accounts-service.js';
export type { SigningKey } from './actor-keys.js';
export { connectActorsToFederation, type ActorsFederationLink } from './actors-port.js';
export { Me, Person, RoleValue } from './graphql/types.js';


declare module '../container/core-cradle.js' {
  interface CoreServices {
    /** Core's accounts service (sign-up, log-in, roles); plugins get `accountsPort` as their `accounts`. */
    accounts: AccountsService;
    /** Each plugin's AccountsPort: a plugin's view names `accountsPort.forPlugin(<its id>)` `accounts`. */
    accountsPort: PluginAccountsPorts;
  }
}

export interface AccountsModule {
  /** The sdk's ActorsPort: lookups and local non-Person actors with key pairs. */
  actors: ActorsPort;
  /** Registered in the container as `accounts`. */
  service: AccountsService;
  /** Each plugin's AccountsPort (passwords and tokens bound to it); registered as `accountsPort`, seen by a plugin as `accounts`. */
  ports: PluginAccountsPorts;
  /** Core's bearer check: null when the token is unknown, expired or revoked, its account is deleted, or a plugin issued it. */
  authenticate(token: string): Promise<Viewer | null>;
  /** The viewer for an account a plugin authenticator vouched for (no session); null when it is gone. */
  viewerForAccount(accountId: string, via: string): Promise<Viewer | null>;
  resolvers: ClassType[];
  orphanedTypes?: ClassType[];
  /** Registered as `core.<name>`. */
  jobs: Record<string, JobDefinition>;
  /** When to run `jobs`, by the same names (without `core.`). */
  schedules: readonly JobSchedule[];
  /** Local actors' private keys, for core's federation signing; deliberately not in the container. */
  keys: ActorKeys;
}

export interface AccountsModuleOptions {
  db: Kysely<any>;
  settings: InstanceSettings;
  clock: Clock;
  log: Logger;
  publicUrl: string;
  /** Where account.deleted and a local actor.deleted are queued (the instance's jobs). */
  lifecycle?: LifecycleJobs;
}

/** Accounts, sessions, invites and local actors, wired from the instance's settings. */
export function createAccountsModule(options: AccountsModuleOptions): AccountsModule {
  const db = options.db as AccountsDb;
  const { clock, settings } = options;
  const actors = new Actors(db, clock, options.publicUrl.replace(/\/+$/, ''), options.lifecycle);
  const sessions = new Sessions(db, clock, settings.auth.sessionTtlDays);
  const invites = new Invites(db, clock, settings.auth.inviteTtlDays);
  const loginAttempts = new LoginAttempts(db, settings.auth.loginAttempts, clock);
  const service = new AccountsService({ db, clock, settings, actors, sessions, invites, loginAttempts, ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}) });
  const log = options.log.child({ module: 'accounts' });
  return {
    actors: createActorsPort({ actors, service, db }),
    service,
    ports: createAccountsPorts({ db, service, sessions, sessionTtlDays: settings.auth.sessionTtlDays }),
    // Through the service, which keeps the account the session check read for `me`.
    authenticate: (token) => service.authenticate(token),
    viewerForAccount: (accountId, via) => sessions.viewerForAccount(accountId, via),
    resolvers: [...accountsResolvers],
    jobs: accountsJobs({ sessions, loginAttempts, invites, log }),
    schedules: accountsSchedules,
    keys: new ActorKeys(db),
  };
}
