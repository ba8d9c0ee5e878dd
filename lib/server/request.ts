import "server-only";
import { headers } from "next/headers";

/**
 * The client's IP address for throttling and the audit log. Behind a reverse proxy, the proxy must
 * set X-Forwarded-For (next start also sets it for direct connections); the first entry is the client.
 */
export function ipFrom(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || h.get("x-real-ip") || null;
}

export async function requestIp(): Promise<string | null> {
  try {
    return ipFrom(await headers());
  } catch {
    return null; // outside a request (scripts, tests)
  }
}
