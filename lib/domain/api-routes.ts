// Every JSON API route and its methods, as they exist under app/api (the route-table suite holds
// this table to the files on disk). proxy.ts answers an unknown /api path with a JSON 404 and a
// method a route does not have with a JSON 405 and its Allow header, before any route code runs;
// Next's own answers there are an HTML page and an empty body.

export const API_ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/api/adjudication": ["GET"],
  "/api/agreement": ["GET"],
  "/api/assignments/[id]": ["DELETE"],
  "/api/audit": ["GET"],
  "/api/auth/[...nextauth]": ["GET", "POST"],
  "/api/claims/[id]/approve": ["POST"],
  "/api/claims/[id]/attribution": ["PUT"],
  "/api/claims/[id]/dismiss": ["POST"],
  "/api/claims/[id]/hint": ["PUT"],
  "/api/claims/[id]/history": ["GET"],
  "/api/claims/[id]/matches": ["GET"],
  "/api/claims/[id]/merge": ["POST"],
  "/api/claims/[id]/restore": ["POST"],
  "/api/claims/[id]/return": ["POST"],
  "/api/claims/[id]/revert": ["POST"],
  "/api/claims/[id]/reuse": ["POST"],
  "/api/claims/[id]/split": ["POST"],
  "/api/claims/[id]/verdict": ["PUT"],
  "/api/documents": ["GET", "POST"],
  "/api/documents/[id]": ["GET", "DELETE"],
  "/api/documents/[id]/approve": ["POST"],
  "/api/documents/[id]/assignments": ["GET", "POST"],
  "/api/documents/[id]/claims": ["GET", "POST"],
  "/api/documents/[id]/export": ["GET"],
  "/api/documents/[id]/history": ["GET"],
  "/api/documents/[id]/matches": ["GET"],
  "/api/documents/[id]/reopen": ["POST"],
  "/api/documents/[id]/second-review": ["GET", "POST"],
  "/api/documents/[id]/report.pdf": ["GET"],
  "/api/exports": ["GET"],
  "/api/invitations/accept": ["POST"],
  "/api/jobs": ["GET"],
  "/api/me/password": ["POST"],
  "/api/notifications": ["GET"],
  "/api/notifications/read": ["POST"],
  "/api/queue": ["GET"],
  "/api/search": ["GET"],
  "/api/second-reviews/[id]/cancel": ["POST"],
  "/api/second-reviews/[id]/claims/[claimId]": ["PUT"],
  "/api/second-reviews/[id]/claims/[claimId]/adjudicate": ["POST"],
  "/api/second-reviews/[id]/submit": ["POST"],
  "/api/team/invitations": ["GET", "POST"],
  "/api/team/invitations/[id]": ["DELETE"],
  "/api/team/members": ["GET"],
  "/api/team/members/[userId]": ["PATCH", "DELETE"],
  "/api/team/models": ["GET", "POST"],
  "/api/team/models/active": ["PUT"],
  "/api/tokens": ["GET", "POST"],
  "/api/tokens/[id]": ["DELETE"],
};

type Compiled = { pattern: string; segments: string[]; methods: readonly string[] };

const COMPILED: Compiled[] = Object.entries(API_ROUTES).map(([pattern, methods]) => ({ pattern, segments: pattern.split("/").slice(1), methods }));

function matches(segments: string[], path: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.startsWith("[...")) return path.length > i; // a catch-all takes one segment or more
    if (i >= path.length) return false;
    if (s.startsWith("[")) continue; // one dynamic segment
    if (s !== path[i]) return false;
  }
  return path.length === segments.length;
}

/** The route a path belongs to (static segments win over dynamic ones, as in Next), or null. */
export function apiRouteOf(pathname: string): { pattern: string; methods: readonly string[] } | null {
  const path = pathname.replace(/\/+$/, "").split("/").slice(1);
  const found = COMPILED.filter((r) => matches(r.segments, path));
  if (!found.length) return null;
  const specificity = (r: Compiled) => r.segments.map((s) => (s.startsWith("[...") ? "0" : s.startsWith("[") ? "1" : "2")).join("");
  found.sort((a, b) => specificity(b).localeCompare(specificity(a)));
  return found[0]!;
}

/** The methods to list in Allow: HEAD wherever GET is (Next answers it), and OPTIONS everywhere. */
export function allowedMethods(methods: readonly string[]): string[] {
  const all = new Set([...methods, "OPTIONS"]);
  if (all.has("GET")) all.add("HEAD");
  return [...all].sort();
}
