import type { JobDefinition, JobSchedule, Logger } from '@commonplace/sdk/internal';
import type { Invites } from './invites.js';
import type { LoginAttempts } from './login-attempts.js';
import type { Sessions } from './sessions.js';

/** Housekeeping jobs, registered by the kernel as `core.<name>`. */
export function accountsJobs(parts: { sessions: Sessions; loginAttempts: LoginAttempts; invites: Invites; log: Logger }): Record<string, JobDefinition> {
  const purge = (what: string, run: () => Promise<number>): JobDefinition => ({
    handler: async () => {
      const deleted = await run();
      if (deleted > 0) parts.log.debug({ deleted }, `purged ${what}`);
    },
  });
  return {
    'purge-sessions': purge('expired and revoked sessions', () => parts.sessions.purge()),
    'purge-login-attempts': purge('lapsed log-in attempt counters', () => parts.loginAttempts.purge()),
    'purge-invites': purge('expired invites', () => parts.invites.purge()),
  };
}

/** How often each job should run; names as in accountsJobs, without the `core.` prefix. */
export const accountsSchedules: readonly JobSchedule[] = [
  { job: 'purge-sessions', everyMs: 3_600_000 },
  { job: 'purge-login-attempts', everyMs: 900_000 },
  { job: 'purge-invites', everyMs: 86_400_000 },
];
