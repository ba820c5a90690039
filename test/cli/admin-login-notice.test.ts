import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tellAdminLogin } from '../../core/src/cli/admin-login-notice.js';

const admin = { username: 'admin', password: 'Zq3-generated-secret' };

describe('the first admin’s password is told without reaching the log', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'commonplace-admin-login-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('when standard output is not a terminal (a log), prints only where the 0600 file is', async () => {
    const printed: string[] = [];
    // A file left from an earlier, wider-open attempt is replaced, not reused with its mode.
    await writeFile(join(dataDir, 'admin-password.txt'), 'old', { mode: 0o644 });
    const file = tellAdminLogin(admin, { dataDir, stdoutIsTerminal: false, print: (line) => printed.push(line) });

    expect(file).toBe(join(dataDir, 'admin-password.txt'));
    expect(printed.join('\n')).not.toContain(admin.password);
    expect(printed.join('\n')).toContain(file!);
    expect(await readFile(file!, 'utf8')).toBe(`username: admin\npassword: ${admin.password}\n`);
    expect((await stat(file!)).mode & 0o777).toBe(0o600);
  });

  it('on a terminal, shows it once as well', () => {
    const printed: string[] = [];
    tellAdminLogin(admin, { dataDir, stdoutIsTerminal: true, print: (line) => printed.push(line) });
    expect(printed.join('\n')).toContain(`Log in as "admin" with password "${admin.password}"`);
  });

  it('with no data directory on disk, prints no password unless on a terminal', () => {
    const printed: string[] = [];
    expect(tellAdminLogin(admin, { dataDir: 'memory://', stdoutIsTerminal: false, print: (line) => printed.push(line) })).toBeNull();
    expect(printed.join('\n')).not.toContain(admin.password);
  });
});
