// Who is the client? Used by scripts/server.mjs before the app sees a request
// (docs/decisions/0016-front-door-server.md).
//
// TRUSTED_PROXIES (unset: none) lists the reverse proxies in front of the app: addresses or CIDR
// ranges separated by commas, the names loopback / linklocal / uniquelocal, or a number of hops.
// Only a request whose socket peer is trusted may say, in X-Forwarded-For/-Host/-Proto, who it is
// forwarding; from anyone else those headers are removed, so Next, Auth.js and our routes all see
// the connection as it is. The client address is then the right-most X-Forwarded-For entry that
// was not added by a trusted proxy (proxy-addr, the algorithm Express uses).
import net from "node:net";
import proxyaddr from "proxy-addr";

/** The header in which the server hands the client address to the app; any value a client sends is dropped. */
export const CLIENT_IP_HEADER = "x-claimdesk-client-ip";

const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/** @returns {(addr: string, hop: number) => boolean} */
export function compileTrust(setting) {
  const value = (setting ?? "").trim();
  if (!value) return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_addr, hop) => hop < hops;
  }
  return proxyaddr.compile(value.split(",").map((s) => s.trim()).filter(Boolean));
}

/** "::ffff:10.0.0.1" (an IPv4 client of a dual-stack socket) as "10.0.0.1"; anything not an IP literal as null. */
export function normaliseIp(addr) {
  if (typeof addr !== "string") return null;
  const ip = addr.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return net.isIP(ip) ? ip : null;
}

/** Removes what an untrusted peer claims about forwarding (in place). */
export function stripUntrustedForwarding(req, trust) {
  const peer = req.socket?.remoteAddress ?? "";
  if (trust(peer, 0)) return;
  for (const h of FORWARDING_HEADERS) delete req.headers[h];
}

/**
 * The client's IP address: the socket peer, or, through trusted proxies, the address the last
 * trusted one saw. A hop that is not an IP literal ends the walk at the proxy that passed it on.
 */
export function clientAddress(req, trust) {
  const chain = proxyaddr.all(req); // [socket peer, then X-Forwarded-For right to left]
  let client = normaliseIp(chain[0]);
  for (let i = 0; i < chain.length - 1 && trust(chain[i], i); i++) {
    const next = normaliseIp(chain[i + 1]);
    if (!next) break;
    client = next;
  }
  return client;
}
