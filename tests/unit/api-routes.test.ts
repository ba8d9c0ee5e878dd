// The route table that proxy.ts answers 404/405 from must be the routes on disk, method for method,
// and resolve a path the way Next does.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedMethods, API_ROUTES, apiRouteOf } from "@/lib/domain/api-routes";

const API_DIR = path.resolve("app/api");
// `export async function GET`, `export const GET =`, `export const { GET } = handlers`, `export { x as GET }`.
const METHOD_EXPORT = /export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|export\s+(?:const\s+)?\{([^}]*)\}/g;

function routesOnDisk(dir = API_DIR): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) Object.assign(found, routesOnDisk(file));
    else if (name === "route.ts") {
      const source = readFileSync(file, "utf8");
      const methods = new Set<string>();
      for (const m of source.matchAll(METHOD_EXPORT)) {
        if (m[1]) methods.add(m[1]);
        for (const part of (m[2] ?? "").split(",")) {
          const exported = part.trim().split(/\s+as\s+/).pop()!;
          if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(exported)) methods.add(exported);
        }
      }
      found[`/api/${path.relative(API_DIR, dir).split(path.sep).join("/")}`] = [...methods].sort();
    }
  }
  return found;
}

describe("API_ROUTES", () => {
  it("is every route.ts under app/api with exactly the methods it exports", () => {
    const table = Object.fromEntries(Object.entries(API_ROUTES).map(([p, m]) => [p, [...m].sort()]));
    expect(table).toEqual(routesOnDisk());
  });
});

describe("apiRouteOf", () => {
  it.each([
    ["/api/documents", "/api/documents"],
    ["/api/documents/", "/api/documents"],
    ["/api/documents/12", "/api/documents/[id]"],
    ["/api/documents/12/report.pdf", "/api/documents/[id]/report.pdf"],
    ["/api/team/invitations", "/api/team/invitations"],
    ["/api/team/invitations/5", "/api/team/invitations/[id]"],
    ["/api/invitations/accept", "/api/invitations/accept"],
    ["/api/auth/callback/credentials", "/api/auth/[...nextauth]"],
    ["/api/auth/csrf", "/api/auth/[...nextauth]"],
  ])("%s is %s", (pathname, pattern) => {
    expect(apiRouteOf(pathname)?.pattern).toBe(pattern);
  });

  it.each(["/api", "/api/auth", "/api/nope", "/api/documents/1/2", "/api/claims/1", "/api/documents/1/report.pdf/x"])("%s is no route", (pathname) => {
    expect(apiRouteOf(pathname)).toBeNull();
  });
});

describe("allowedMethods", () => {
  it("adds HEAD where GET is, and OPTIONS everywhere", () => {
    expect(allowedMethods(["GET", "POST"])).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods(["DELETE"])).toEqual(["DELETE", "OPTIONS"]);
  });
});
