import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

export interface AdminLoginNoticeOptions {
  /** The instance's data directory (DATA_DIR); `memory://` has no file to write. */
  dataDir: string;
  /** Whether standard output is a terminal, where a person reads it, rather than a log collector. */
  stdoutIsTerminal: boolean;
  print: (line: string) => void;
}

/**
 * Tells the first admin's generated password without writing it to a log: standard output is also
 * the log stream (JSON lines), which a service manager or container runtime keeps and ships. The
 * password is written to a file in the data directory that only its owner may read (0600), and shown
 * in clear only when standard output is a terminal. Returns the file's path, if one was written.
 */
export function tellAdminLogin(admin: { username: string; password: string }, options: AdminLoginNoticeOptions): string | null {
  const file = options.dataDir.startsWith('memory://') ? null : join(options.dataDir, ADMIN_PASSWORD_FILE);
  if (file) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    // Removed first: a mode given to writeFile applies only to a file it creates.
    rmSync(file, { force: true });
    writeFileSync(file, `username: ${admin.username}\npassword: ${admin.password}\n`, { mode: 0o600, flag: 'wx' });
  }
  const where = file ? ` It is also in ${file} (readable by this user only); delete that file once you have changed the password.` : '';
  if (options.stdoutIsTerminal) {
    options.print(`\nDemo data seeded. Log in as "${admin.username}" with password "${admin.password}" (shown once).${where}\n`);
  } else if (file) {
    options.print(`\nDemo data seeded. Log in as "${admin.username}" with the password in ${file} (readable by this user only; not printed, as standard output is not a terminal and may be a log).\n`);
  } else {
    options.print(`\nDemo data seeded. Log in as "${admin.username}": its password is not printed, as standard output is not a terminal; make another admin with commonplace create-admin.\n`);
  }
  return file;
}
