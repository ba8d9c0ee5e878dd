// Two app instances on one Postgres (issue 13, README "Running more than one instance"): the
// suite's server (A) and a second one started here (B, itself two worker processes of
// WEB_CONCURRENCY=2). Nothing that must hold across instances lives in a process: sessions,
// sign-in throttling and the optimistic lock are all in the database.
import { readdirSync, readFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { EMAIL_FAILURES } from "@/lib/server/throttle";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { anonymous, signIn, type Client } from "../helpers/http";
import { expectError, importSample } from "../helpers/claimdesk";

let b: AppServer;
beforeAll(async () => {
  // As the suite's own server: the tests below send X-Forwarded-For from loopback.
  b = await startAppServer({ TRUSTED_PROXIES: "loopback", DB_POOL_SIZE: "5", WEB_CONCURRENCY: "2" });
}, 90_000);
afterAll(() => b?.stop());

/** The same client on the other instance: the cookie is all a session is. */
const on = (client: Client, base: string) => anonymous(client.cookie, base);

async function signOut(client: Client, base: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: client.cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const out = await fetch(`${base}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${client.cookie}; ${csrfCookie}` },
    body: new URLSearchParams({ csrfToken }),
  });
  expect(out.status).toBe(302);
}

/** One sign-in attempt through Auth.js's CSRF-checked endpoint on `base`, from `ip`. */
async function attempt(base: string, email: string, password: string, ip: string) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/documents` }),
  });
  const signedIn = res.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token=") && !c.startsWith("authjs.session-token=;"));
  return { status: res.status, signedIn, body: await res.text() };
}

/** The pids of the processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ")".
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("sessions across instances", () => {
  it("a session from one instance works on the other, and signing out on one ends it on both at once", async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const onA = await signIn(members[0]!.email, PASSWORD);
    const onB = on(onA, b.url);
    expect((await onA.request("GET", "/api/documents")).status).toBe(200);
    const fromB = await onB.request("GET", "/api/documents");
    expect(fromB.status).toBe(200);

    await signOut(onA, b.url); // out on B
    expectError(await onB.request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    expectError(await onA.request("GET", "/api/documents"), 401, "UNAUTHENTICATED"); // and on A, with no delay

    const again = await signIn(members[0]!.email, PASSWORD, b.url); // in on B
    expect((await on(again, baseUrl()).request("GET", "/api/documents")).status).toBe(200);
    await signOut(again, baseUrl()); // out on A
    expectError(await on(again, b.url).request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
  });

  it("a member removed from the team loses it on both instances at once", async () => {
    const { team, members } = await teamWith(["REVIEWER"]);
    const client = await signIn(members[0]!.email, PASSWORD);
    expect((await on(client, b.url).request("GET", "/api/documents")).status).toBe(200);
    await db.membership.deleteMany({ where: { teamId: team.id, userId: members[0]!.userId } });
    for (const base of [baseUrl(), b.url]) expectError(await on(client, base).request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
  });
});

describe("session cookies", () => {
  it("are refused when altered, under another cookie name, or signed with another AUTH_SECRET", { timeout: 90_000 }, async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const client = await signIn(members[0]!.email, PASSWORD);
    const value = client.cookie.slice(client.cookie.indexOf("=") + 1);
    expect((await client.request("GET", "/api/documents")).status).toBe(200); // decrypted (and kept) by A
    const flipped = value.slice(0, -5) + (value.at(-5) === "A" ? "B" : "A") + value.slice(-4);
    for (const cookie of [`authjs.session-token=${flipped}`, `__Secure-authjs.session-token=${value}`, `authjs.session-token.0=${value.slice(0, 10)}`])
      expectError(await anonymous(cookie).request("GET", "/api/documents"), 401, "UNAUTHENTICATED");

    const other = await startAppServer({ TRUSTED_PROXIES: "loopback", DB_POOL_SIZE: "2", AUTH_SECRET: "another-secret-0123456789abcdef-0123456789" });
    try {
      const there = await signIn(members[0]!.email, PASSWORD, other.url);
      expect((await there.request("GET", "/api/documents")).status).toBe(200);
      for (const base of [baseUrl(), b.url]) expectError(await on(there, base).request("GET", "/api/documents"), 401, "UNAUTHENTICATED");
    } finally {
      await other.stop();
    }
  });
});

describe("sign-in throttling across instances", () => {
  it(`failures on one instance count on the other: after ${EMAIL_FAILURES} on A, B refuses even the right password`, async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const email = members[0]!.email;
    const ip = `198.51.100.${randomInt(1, 254)}`;
    for (let i = 0; i < EMAIL_FAILURES - 1; i++) expect((await attempt(baseUrl(), email, "wrong password!", ip)).signedIn).toBe(false);
    expect((await attempt(b.url, email, "wrong password!", ip)).signedIn).toBe(false); // the last one on B
    for (const base of [b.url, baseUrl()]) {
      const res = await attempt(base, email, PASSWORD, ip);
      expect(res.status, res.body).toBe(429);
      expect(res.signedIn).toBe(false);
      expect(JSON.parse(res.body).error.code).toBe("TOO_MANY_REQUESTS");
    }
  });
});

describe("optimistic locks across instances", () => {
  let editor: Client;
  let reviewer: Client;
  beforeAll(async () => {
    const { members } = await teamWith(["EDITOR", "REVIEWER"]);
    [editor, reviewer] = await Promise.all([signIn(members[0]!.email, PASSWORD), signIn(members[1]!.email, PASSWORD, b.url)]);
  });

  it("two saves of one claim version at once, one on each instance: one 200, one 409 with the winner's verdict, no lost write", async () => {
    const { doc } = await importSample(editor);
    const claims = doc.claims.filter((c: { dismissed: boolean }) => !c.dismissed).slice(0, 4);
    expect(claims.length).toBe(4);
    for (const claim of claims) {
      const [a, bRes] = await Promise.all([
        editor.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "DISPUTED", rationale: "From instance A.", expectedVersion: claim.version }),
        reviewer.request("PUT", `/api/claims/${claim.id}/verdict`, { label: "OPINION", expectedVersion: claim.version }),
      ]);
      expect([a.status, bRes.status].sort()).toEqual([200, 409]);
      const [winner, loser] = a.status === 200 ? [a, bRes] : [bRes, a];
      const error = expectError(loser, 409, "CONFLICT");
      expect(error.current).toMatchObject({ id: claim.id, version: claim.version + 1, status: winner.json.claim.status });
      expect(error.current.verdict).toEqual(winner.json.claim.verdict);
      const stored = await db.claim.findUniqueOrThrow({ where: { id: claim.id }, include: { verdicts: true } });
      expect(stored.verdicts).toHaveLength(1);
      expect(stored).toMatchObject({ version: claim.version + 1, status: winner.json.claim.status, currentVerdictId: stored.verdicts[0]!.id });
      // The loser saves again over the version it was shown, with a reason: both writes are kept.
      const retry = await (loser === a ? editor : reviewer).request("PUT", `/api/claims/${claim.id}/verdict`, {
        label: "SOURCED",
        sources: [{ url: "https://example.org/retry" }],
        reason: "Seen the other verdict.",
        expectedVersion: error.current.version,
      });
      expect(retry.status).toBe(200);
      expect(await db.verdict.count({ where: { claimId: claim.id } })).toBe(2);
    }
  });
});

describe("one instance of several worker processes (WEB_CONCURRENCY)", () => {
  it("restarts a worker that dies and keeps answering meanwhile", { timeout: 90_000 }, async () => {
    const { members } = await teamWith(["REVIEWER"]);
    const client = on(await signIn(members[0]!.email, PASSWORD), b.url);
    const workers = childrenOf(b.child.pid!);
    expect(workers).toHaveLength(2);
    process.kill(workers[0]!, "SIGKILL");
    // The other worker answers at once; a new one is forked about a second later. Until the primary
    // has seen the death it may still hand a new connection to the dead worker, which resets it:
    // a client retries that once, as browsers do for an idempotent request.
    const first = await client.request("GET", "/api/documents").catch(() => client.request("GET", "/api/documents"));
    expect(first.status).toBe(200);
    const listening = () => b.output().split("[claimdesk] listening on").length - 1;
    const before = listening();
    const deadline = Date.now() + 60_000;
    while (listening() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(listening()).toBe(before + 1);
    const now = childrenOf(b.child.pid!);
    expect(now).toHaveLength(2);
    expect(now).not.toContain(workers[0]);
    for (let i = 0; i < 6; i++) expect((await client.request("GET", "/api/documents")).status).toBe(200);
  });
});
