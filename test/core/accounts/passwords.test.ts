import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../../core/src/accounts/passwords.js';

describe('password hashing', () => {
  it('makes argon2id PHC strings with the OWASP minimum parameters and a fresh salt each time', async () => {
    const first = await hashPassword('a long enough password');
    const second = await hashPassword('a long enough password');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(second).not.toBe(first);
  });

  it('accepts the right password only', async () => {
    const phc = await hashPassword('a long enough password');
    expect(await verifyPassword(phc, 'a long enough password')).toBe(true);
    expect(await verifyPassword(phc, 'a long enough passwore')).toBe(false);
    expect(await verifyPassword(phc, '')).toBe(false);
  });

  it('never matches a hash that is tampered with, of another kind, or unbounded', async () => {
    const phc = await hashPassword('a long enough password');
    // A character inside the hash: all six of its bits count (the last one's low bits are padding).
    const at = phc.length - 10;
    const tampered = phc.slice(0, at) + (phc[at] === 'A' ? 'g' : 'A') + phc.slice(at + 1);
    expect(await verifyPassword(tampered, 'a long enough password')).toBe(false);
    expect(await verifyPassword(phc.replace('$argon2id$', '$argon2i$'), 'a long enough password')).toBe(false);
    expect(await verifyPassword(phc.replace('m=19456', 'm=99999999'), 'a long enough password')).toBe(false);
    expect(await verifyPassword('a long enough password', 'a long enough password')).toBe(false);
  });

  it('spends a real hash computation on unknown logins', async () => {
    await verifyAgainstDummy('warm up the dummy hash');
    const started = performance.now();
    expect(await verifyAgainstDummy('whatever')).toBe(false);
    // An argon2id check at these parameters takes milliseconds, not microseconds.
    expect(performance.now() - started).toBeGreaterThan(2);
  });
});
