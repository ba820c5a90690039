import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, hashRaw, type Options } from '@node-rs/argon2';

/** Longer passwords are refused before hashing, so nobody can make us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

// The package's Algorithm and Version are const enums, which isolated modules cannot read; these are their values.
const ARGON2ID = 2 as NonNullable<Options['algorithm']>;
const VERSION_0X13 = 1 as NonNullable<Options['version']>;

/** OWASP's minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
const POLICY = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt (made by the library). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...POLICY, algorithm: ARGON2ID, version: VERSION_0X13 });
}

/**
 * Recomputes the hash with the stored salt and parameters and compares the outputs with
 * timingSafeEqual, so how long the comparison takes says nothing about the password.
 * A string that is not an argon2id hash never matches.
 */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  const parsed = parsePhc(phc);
  if (!parsed) return false;
  const computed = await hashRaw(password, {
    algorithm: ARGON2ID,
    version: VERSION_0X13,
    memoryCost: parsed.memoryCost,
    timeCost: parsed.timeCost,
    parallelism: parsed.parallelism,
    outputLen: parsed.hash.length,
    salt: parsed.salt,
  });
  return computed.length === parsed.hash.length && timingSafeEqual(computed, parsed.hash);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time a real check would when the login names nobody, so response time does not
 * tell whether an account exists. The dummy hash is made once, with the current policy.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummy, password);
  return false;
}

interface ParsedPhc {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  salt: Buffer;
  hash: Buffer;
}

function parsePhc(phc: string): ParsedPhc | null {
  // Only what hashPassword makes: argon2id, version 19 (0x13).
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc);
  if (!match) return null;
  const [, memoryCost, timeCost, parallelism, salt, output] = match;
  const hashBytes = Buffer.from(output!, 'base64');
  // Bounds keep a corrupt or hostile row from asking for absurd memory or time.
  const m = Number(memoryCost);
  const t = Number(timeCost);
  const p = Number(parallelism);
  if (m < 8 || m > 1_048_576 || t < 1 || t > 64 || p < 1 || p > 16 || hashBytes.length < 16) return null;
  return { memoryCost: m, timeCost: t, parallelism: p, salt: Buffer.from(salt!, 'base64'), hash: hashBytes };
}
