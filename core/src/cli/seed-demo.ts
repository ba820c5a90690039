import { randomBytes } from 'node:crypto';
import type { RunningInstance } from '../kernel/boot.js';

export interface AdminLogin {
  username: string;
  password: string;
  created: boolean;
}

/**
 * Demo data: an admin account (its password told once through onAdminCreated, never stored in clear)
 * and each plugin's own seed. Runs only on an instance with no accounts, so a restart never seeds twice.
 */
export async function seedDemo(instance: RunningInstance, onAdminCreated: (login: AdminLogin) => void): Promise<AdminLogin | null> {
  if ((await instance.accounts.service.countAccounts()) > 0) return null;
  const login = { username: 'admin', password: randomBytes(12).toString('base64url'), created: true };
  await instance.accounts.service.createAccount({
    username: login.username,
    // A reserved documentation domain: the demo's admin has no real mailbox.
    email: 'admin@example.org',
    password: login.password,
    role: 'admin',
  });
  // Told at once: if a plugin's seed fails below, the password must not be lost with it.
  onAdminCreated(login);
  for (const { plugin } of instance.plugins) {
    await plugin.seedDemo?.(instance.viewOf(plugin.id), instance.pluginContext(plugin.id));
  }
  return login;
}
