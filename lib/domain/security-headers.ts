/**
 * The headers every answer carries besides its Content-Security-Policy (proxy.ts sets them on
 * Next's pages and routes, lib/server/direct.ts on the routes it answers before Next). Nothing is
 * cached by browsers or proxies (`no-store`: API answers carry one-time secrets, pages carry team data).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cache-Control": "no-store",
};

/** Strict-Transport-Security, sent when the request came over https. */
export const HSTS = "max-age=31536000; includeSubDomains";
