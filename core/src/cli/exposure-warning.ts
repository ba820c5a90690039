import { isIP } from 'node:net';
import type { InstanceSettings } from '@commonplace/sdk/internal';

/**
 * A warning for `start` when the server listens beyond this machine and PUBLIC_URL is not set: the
 * defaults (every interface, open sign-up) suit a quick try, but links and federation then name
 * http://localhost, and anyone who reaches the port may sign up. Null when nothing needs saying.
 */
export function exposureWarning(settings: Pick<InstanceSettings, 'host' | 'publicUrl' | 'signUp'>): string | null {
  if (settings.publicUrl || isLoopback(settings.host)) return null;
  const signUp = settings.signUp === 'open' ? ' and sign-up is open to anyone who reaches it' : '';
  return `Warning: listening on ${settings.host} (reachable from other machines)${signUp}, and PUBLIC_URL is not set, so links and federation say http://localhost. Set PUBLIC_URL, or HOST=127.0.0.1 to keep it to this machine.`;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
