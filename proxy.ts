import { NextResponse, type NextRequest } from "next/server";
import { allowedMethods, apiRouteOf } from "@/lib/domain/api-routes";
import { HSTS, SECURITY_HEADERS } from "@/lib/domain/security-headers";

/**
 * Security headers on every page and API response, with a fresh script nonce per request.
 * Next reads the nonce from the request's Content-Security-Policy and puts it on its own scripts.
 * Styles allow 'unsafe-inline' (React style attributes cannot carry a nonce); scripts never do,
 * and there is no 'unsafe-eval' outside `next dev`. The other headers: lib/domain/security-headers.ts.
 * Unknown /api paths and methods get the JSON error shape (404, 405 with Allow) here.
 * Authorization is NOT decided here: every page and route checks the session and team itself
 * (docs/decisions/0005).
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const response = apiRefusal(request) ?? next(request, nonce, csp);
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (request.nextUrl.protocol === "https:") response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

function next(request: NextRequest, nonce: string, csp: string) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

/** A JSON 404 for an /api path no route serves, a JSON 405 for a method its route lacks; else null. */
function apiRefusal(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  if (pathname !== "/api" && !pathname.startsWith("/api/")) return null;
  const route = apiRouteOf(pathname);
  if (!route)
    return NextResponse.json(
      { error: { code: "NOT_FOUND", message: `There is no API route at ${pathname}. The README lists every route.` } },
      { status: 404 },
    );
  const allow = allowedMethods(route.methods);
  if (allow.includes(request.method)) return null;
  return NextResponse.json(
    { error: { code: "METHOD_NOT_ALLOWED", message: `${request.method} is not supported here: use ${route.methods.join(" or ")}.` } },
    { status: 405, headers: { Allow: allow.join(", ") } },
  );
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|icon.svg|favicon.ico).*)" }],
};
