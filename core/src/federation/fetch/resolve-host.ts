import { lookup as systemLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressRefusal } from './address-policy.js';
import { RemoteFetchError } from './fetch-error.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable so tests can pretend a name resolves anywhere). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) => {
  const found = await systemLookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * The address to connect to for a URL's host, checked before connecting. Every address a name resolves
 * to must be public (unless private ones are allowed): a name with one private answer could be made
 * to reach it on a later connection, so it is refused whole.
 */
export async function resolveCheckedAddress(
  url: URL,
  options: { allowPrivateAddresses: boolean; resolver: HostResolver },
): Promise<ResolvedAddress> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(hostname);
  let addresses: readonly ResolvedAddress[];
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await options.resolver(hostname);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new RemoteFetchError('dns', `host ${hostname} did not resolve (${code})`, url.href);
    }
    if (addresses.length === 0) throw new RemoteFetchError('dns', `host ${hostname} did not resolve (no addresses)`, url.href);
  }
  if (!options.allowPrivateAddresses) {
    for (const { address } of addresses) {
      const refusal = addressRefusal(address);
      if (refusal) throw new RemoteFetchError('address', literal ? refusal : `${refusal}; ${hostname} resolves to it`, url.href);
    }
  }
  return addresses[0]!;
}
