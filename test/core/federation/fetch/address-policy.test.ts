import { describe, expect, it } from 'vitest';
import { addressRefusal } from '../../../../core/src/federation/fetch/index.js';

describe('which addresses a fetch may reach', () => {
  it.each([
    ['127.0.0.1', 'address 127.0.0.1 is private (loopback)'],
    ['127.8.9.10', 'address 127.8.9.10 is private (loopback)'],
    ['10.1.2.3', 'address 10.1.2.3 is private (RFC 1918)'],
    ['172.16.5.4', 'address 172.16.5.4 is private (RFC 1918)'],
    ['192.168.1.1', 'address 192.168.1.1 is private (RFC 1918)'],
    ['100.64.0.1', 'address 100.64.0.1 is private (carrier-grade NAT)'],
    ['169.254.169.254', 'address 169.254.169.254 is private (link-local, cloud metadata service)'],
    ['169.254.1.1', 'address 169.254.1.1 is private (link-local)'],
    ['0.0.0.0', 'address 0.0.0.0 is unspecified'],
    ['224.0.0.1', 'address 224.0.0.1 is multicast'],
    ['255.255.255.255', 'address 255.255.255.255 is broadcast'],
    ['::1', 'address ::1 is private (loopback)'],
    ['[::1]', 'address ::1 is private (loopback)'],
    ['::', 'address :: is unspecified'],
    ['fe80::1', 'address fe80::1 is private (link-local)'],
    ['fc00::1', 'address fc00::1 is private (unique local)'],
    ['fd12:3456::1', 'address fd12:3456::1 is private (unique local)'],
    ['ff02::1', 'address ff02::1 is multicast'],
    ['::ffff:127.0.0.1', 'address 127.0.0.1 (::ffff:127.0.0.1) is private (loopback)'],
    ['::ffff:7f00:1', 'address 127.0.0.1 (::ffff:7f00:1) is private (loopback)'],
    ['::ffff:169.254.169.254', 'address 169.254.169.254 (::ffff:169.254.169.254) is private (link-local, cloud metadata service)'],
    ['::ffff:10.0.0.1', 'address 10.0.0.1 (::ffff:10.0.0.1) is private (RFC 1918)'],
    ['64:ff9b::7f00:1', 'address 127.0.0.1 (64:ff9b::7f00:1) is private (loopback)'],
    ['192.0.2.1', 'address 192.0.2.1 is not public (reserved)'],
  ])('refuses %s', (address, reason) => {
    expect(addressRefusal(address)).toBe(reason);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::5db8:d822'])('allows the public address %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });
});
