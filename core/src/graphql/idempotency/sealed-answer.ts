import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A kept answer is sealed (AES-256-GCM) with a key derived from the client's Idempotency-Key, of which
 * the table holds only a digest: an answer may carry a secret shown once (a session token from logIn,
 * an invite code), and the database must not hold it readable, as it holds no token in clear. Only a
 * retry that presents the key again can open it.
 */
export function answerKey(idempotencyKey: string, accountId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, accountId, 'commonplace idempotency answer', 32));
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealAnswer(key: Buffer, answer: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(answer, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

/** The answer, or null when it was not sealed with this key. */
export function openAnswer(key: Buffer, stored: string): string | null {
  const bytes = Buffer.from(stored, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
