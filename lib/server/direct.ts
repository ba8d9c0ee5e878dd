import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Action } from "@/lib/domain/permissions";
import { HSTS, SECURITY_HEADERS } from "@/lib/domain/security-headers";
import { verdictPut } from "@/lib/schemas/claims";
import { apiMember, errorAnswer, parseId, parseWith, readJsonBody, type HeaderGetter } from "./api";
import { recordVerdict } from "./claims";
import type { Member } from "./session";

// The hottest API routes, answered before Next (docs/decisions/0031-direct-routes.md). Next's request
// pipeline (router, proxy.ts, the web Request/Response objects) costs ~3.3 ms of CPU even for a
// request that does nothing, more than the session check and the verdict statement together. The
// front-door server (scripts/server.mjs) hands a request whose method and path match a route below to
// `answerDirect` instead of Next; everything else still goes to Next. A route here runs the same
// code as its Next route file (the route file calls the same `run`): apiRoute's checks in its
// order (apiMember), the same validation, the same error shape, the headers proxy.ts sets.

export type DirectContext = { member: Member; params: string[]; json: () => Promise<unknown> };
export type DirectRoute = {
  method: string;
  /** The path, matched whole (no query string); its groups are the route's params, %-decoded. */
  path: RegExp;
  action: Action;
  run(ctx: DirectContext): Promise<{ status?: number; body: unknown }>;
};

/** PUT /api/claims/:id/verdict (app/api/claims/[id]/verdict/route.ts runs the same). */
export const verdictRoute: DirectRoute = {
  method: "PUT",
  path: /^\/api\/claims\/([^/]+)\/verdict$/,
  action: "verdict.record",
  async run({ member, params, json }) {
    const claimId = parseId(params[0]!, "The claim");
    const input = parseWith(verdictPut, await json());
    return { body: { claim: await recordVerdict(member, claimId, input) } };
  },
};

const ROUTES: readonly DirectRoute[] = [verdictRoute];

/** The Content-Security-Policy of a JSON answer: it loads nothing and may not be framed. */
const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";

function headerGetter(req: IncomingMessage): HeaderGetter {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(name.toLowerCase() === "cookie" ? "; " : ", ") : value;
    },
  };
}

/** The route this request is for and its params, or null (Next answers it). */
function routeOf(req: IncomingMessage): { route: DirectRoute; params: string[] } | null {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  for (const route of ROUTES) {
    if (route.method !== req.method) continue;
    const m = route.path.exec(pathname);
    if (!m) continue;
    try {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return null; // a broken %-escape: Next's answer (the server already refused those in the path)
    }
  }
  return null;
}

/**
 * Answers the request here when one of the routes above serves it, and says so (true); false: hand
 * it to Next. Never throws: an error becomes the API's JSON error answer.
 */
export function answerDirect(req: IncomingMessage, res: ServerResponse): boolean {
  const match = routeOf(req);
  if (!match) return false;
  serve(req, res, match.route, match.params).catch((error: unknown) => {
    // Only writing the answer can fail here (the route's own errors are answered above): log it, drop the connection.
    console.error("[direct] could not answer", req.method, req.url, error);
    res.destroy();
  });
  return true;
}

async function serve(req: IncomingMessage, res: ServerResponse, route: DirectRoute, params: string[]) {
  const headers = headerGetter(req);
  let answer: { status: number; body: unknown; headers: Record<string, string> };
  let reading = false;
  const json = () => {
    reading = true;
    // Not destroyed when the read stops early (too large): the 413 must still be sent.
    return readJsonBody(headers, req.iterator({ destroyOnReturn: false }));
  };
  try {
    const member = await apiMember({ method: req.method ?? "GET", headers }, route.action);
    const result = await route.run({ member, params, json });
    answer = { status: result.status ?? 200, body: result.body, headers: {} };
  } catch (error) {
    answer = errorAnswer(error);
  }
  const text = JSON.stringify(answer.body);
  const https = (req.socket as TLSSocket).encrypted === true || headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
  // A body never read is drained by node:http after the answer (as for Next); one read part way (too
  // large) is not, so that connection closes after the answer.
  const unread = reading && !req.readableEnded;
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    ...answer.headers,
    "Content-Security-Policy": JSON_CSP,
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "X-Claimdesk-Route": "direct",
    ...(unread ? { Connection: "close" } : {}),
  });
  res.end(text);
}
