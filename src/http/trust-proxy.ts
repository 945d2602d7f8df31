import { isIP } from 'node:net';

/**
 * Which proxies may tell Cairn the caller's address in X-Forwarded-For. Anyone can send that header, so
 * believing it from everyone lets one machine pose as a thousand (and dodge the sign-in limit): Cairn
 * believes it only from proxies the operator names. `false` believes nobody; a list believes those
 * addresses and ranges (what Fastify's `trustProxy`, through proxy-addr, accepts). Hop counts are not
 * offered: they cannot tell a proxy from a caller, and Fastify 5 ignores them.
 */
export type TrustProxy = false | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Reads CAIRN_TRUST_PROXY; throws a plain-English reason when it is not something Cairn can use. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (/^\d+$/.test(v)) {
    throw new Error(
      "takes the proxy's address (like 127.0.0.1 or 10.0.0.0/8), not a hop count: a hop count cannot tell the proxy from anyone else",
    );
  }
  if (v === 'true') {
    throw new Error('"true" would believe X-Forwarded-For from anyone: name your proxy\'s address (like 127.0.0.1 or 10.0.0.0/8)');
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (NAMED_RANGES.has(entry)) continue;
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bits = family === 6 ? 128 : 32;
    const badPrefix = prefix !== undefined && (!/^\d+$/.test(prefix) || Number(prefix) > bits);
    if (!family || badPrefix || extra !== undefined) {
      throw new Error(`"${entry}" is not an IP address, a range like 10.0.0.0/8, or one of loopback, linklocal, uniquelocal`);
    }
  }
  return entries;
}
