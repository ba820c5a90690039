import { ZencodeError, type ZencodePool } from './zencode-pool.js';

/** The Zencode (Scenario 'eddsa') the plugin runs: key creation, signing and verification. */
export const CREATE_KEYS = `Scenario 'eddsa': create a key pair
Given nothing
When I create the eddsa key
and I create the eddsa public key
Then print the 'keyring'
and print the 'eddsa public key'`;

export const SIGN = `Scenario 'eddsa': sign a message
Given I have the 'keyring'
and I have a 'base64' named 'message'
When I create the eddsa signature of 'message'
Then print the 'eddsa signature'`;

export const VERIFY = `Scenario 'eddsa': verify a signature
Given I have a 'eddsa public key'
and I have a 'base64' named 'message'
and I have a 'eddsa signature'
When I verify the 'message' has a eddsa signature in 'eddsa signature' by 'eddsa public key'
Then print the string 'verified'`;

/** Makes a key pair in Zenroom: the secret (the keyring's `eddsa`) and the public key, in base58. */
export async function zencodeCreateKeys(pool: ZencodePool): Promise<{ secretKey: string; publicKey: string }> {
  const out = await pool.json<{ keyring: { eddsa: string }; eddsa_public_key: string }>(CREATE_KEYS);
  return { secretKey: out.keyring.eddsa, publicKey: out.eddsa_public_key };
}

export async function zencodeSign(pool: ZencodePool, message: string | Uint8Array, secretKey: string): Promise<string> {
  const out = await pool.json<{ eddsa_signature: string }>(SIGN, {
    keys: { keyring: { eddsa: secretKey } },
    data: { message: Buffer.from(message).toString('base64') },
  });
  return out.eddsa_signature;
}

/** True when Zenroom verifies the signature; false when its verification step fails. */
export async function zencodeVerify(pool: ZencodePool, message: string | Uint8Array, signature: string, publicKey: string): Promise<boolean> {
  try {
    const { result } = await pool.run(VERIFY, {
      data: { message: Buffer.from(message).toString('base64'), eddsa_signature: signature, eddsa_public_key: publicKey },
    });
    return JSON.parse(result).output?.[0] === 'verified';
  } catch (error) {
    if (error instanceof ZencodeError) return false;
    throw error;
  }
}
