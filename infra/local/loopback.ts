import { isIP } from 'node:net';

/**
 * Whether an address is this machine's loopback (127.0.0.0/8, ::1, or IPv4 loopback mapped into
 * IPv6 as a dual-stack socket reports it). `localhost` counts: it resolves to loopback.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === 'localhost' || address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
