import ipaddr from 'ipaddr.js';

// Kinds of address a fetch may reach; everything else (RFC 1918, loopback, link-local with the cloud
// metadata service, CGNAT, unique-local, multicast, documentation and other reserved blocks) is refused.
const PUBLIC_RANGES = new Set(['unicast']);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  loopback: 'private (loopback)',
  private: 'private (RFC 1918)',
  carrierGradeNat: 'private (carrier-grade NAT)',
  linkLocal: 'private (link-local)',
  uniqueLocal: 'private (unique local)',
  deprecatedSiteLocal: 'private (site-local)',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
};

const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254']);

/**
 * Why this IP address must not be fetched from, or null when it is a public unicast address.
 * IPv6 forms that embed an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, NAT64 64:ff9b::/96) are judged by
 * the IPv4 address inside, so ::ffff:127.0.0.1 is loopback.
 */
export function addressRefusal(text: string): string | null {
  const bare = text.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return `address ${text} is not an IP address`;
  const address = embeddedIPv4(ipaddr.parse(bare));
  const range = address.range();
  if (PUBLIC_RANGES.has(range)) return null;
  const shown = address.toString();
  const description = METADATA_ADDRESSES.has(shown)
    ? 'private (link-local, cloud metadata service)'
    : (DESCRIPTIONS[range] ?? `not public (${range})`);
  return `address ${shown}${shown === bare ? '' : ` (${bare})`} is ${description}`;
}

function embeddedIPv4(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (address.kind() === 'ipv4') return address;
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  const parts = v6.parts;
  const high96Zero = parts.slice(0, 6).every((part) => part === 0);
  // ::a.b.c.d (deprecated IPv4-compatible) and NAT64 64:ff9b::a.b.c.d reach the IPv4 address inside.
  const nat64 = parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0);
  if ((high96Zero && (parts[6] !== 0 || (parts[7] ?? 0) > 1)) || nat64) {
    const [hi = 0, lo = 0] = [parts[6], parts[7]];
    return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  return v6;
}
