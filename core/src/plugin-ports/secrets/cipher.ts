import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealed {
  nonce: Buffer;
  /** Ciphertext, then the 16-byte authentication tag. */
  ciphertext: Buffer;
}

/**
 * The plugin and the secret's name are the associated data: a ciphertext copied into another plugin's
 * row, or under another name, does not open.
 */
function associatedData(plugin: string, name: string): Buffer {
  return Buffer.from(JSON.stringify([plugin, name]), 'utf8');
}

export function seal(key: Buffer, plugin: string, name: string, value: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(plugin, name));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

/** The value, or null when it does not open with this key (another key, or an altered row). */
export function open(key: Buffer, plugin: string, name: string, sealed: Sealed): string | null {
  if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
    decipher.setAAD(associatedData(plugin, name));
    decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES));
    const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
