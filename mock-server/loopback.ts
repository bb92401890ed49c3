/** Whether an address is this machine's loopback (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A host name without the brackets a URL puts around an IPv6 address. */
export const unbracketed = (host: string) => host.replace(/^\[(.*)\]$/, '$1');

/** Whether a host name (a URL's, a --host) means this machine only: localhost or a loopback address. */
export function isLocalHost(host: string): boolean {
  const bare = unbracketed(host).toLowerCase();
  return bare === 'localhost' || isLoopback(bare);
}
