import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";

/**
 * The header our own server (scripts/server.mjs) sets to the client's address: the socket peer,
 * or what trusted proxies (TRUSTED_PROXIES) forwarded. Whatever a client sends in it is dropped
 * there, and X-Forwarded-For is never read here: a client cannot choose its own address
 * (docs/decisions/0016-front-door-server.md).
 */
export const CLIENT_IP_HEADER = "x-claimdesk-client-ip";

/** The client's IP address for throttling and the audit log, or null when it is not known. */
export function ipFrom(h: { get(name: string): string | null }): string | null {
  const ip = h.get(CLIENT_IP_HEADER)?.trim();
  return ip && isIP(ip) ? ip : null;
}

export async function requestIp(): Promise<string | null> {
  try {
    return ipFrom(await headers());
  } catch {
    return null; // outside a request (scripts, tests)
  }
}
