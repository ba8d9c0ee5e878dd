// Faults a real deployment meets (issue 10, docs/decisions/0017-database-faults.md): the database
// stops and comes back while the app serves; the app is killed (SIGKILL) in the middle of an import
// or an export; it is stopped (SIGTERM) with requests in flight. Each runs against a Postgres and an
// app server of this file's own, so stopping them never disturbs the other suites.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { UNAVAILABLE_DIGEST } from "@/lib/domain/unavailable";
import { DEMO_PASSWORD, DEMO_USERS } from "@/seeds/demo";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/embedded-pg.mjs";
import { launch } from "../e2e/browser";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { signIn, type Client } from "../helpers/http";
import { tag } from "../helpers/claimdesk";

type Pg = EmbeddedPostgres;
const DATA_DIR = path.join(".data", `pg-faults-${process.pid}`);
const DATABASE = "claimdesk_faults";
const EDITOR = DEMO_USERS.find((u) => u.role === "EDITOR")!.email;

let db: Pg;
let port: number;
/** The app servers this file started (stopped in afterAll, whatever happened to them). */
const servers: AppServer[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runWith(databaseUrl: string, cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { env: { ...process.env, DATABASE_URL: databaseUrl } }, (e, _out, err) => (e ? reject(new Error(`${cmd} ${args.join(" ")}: ${err}`)) : resolve())),
  );
}

async function sql<R extends pg.QueryResultRow = any>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The app's own connections to this file's database (Prisma's pool and the export pool). */
const appConnections = () =>
  sql<{ application_name: string; state: string; query: string }>(
    `SELECT application_name, state, query FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name LIKE 'claimdesk%'`,
    [DATABASE],
  );

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Postgres again on the same data and port. Its progress lines go to console.error, which the suite counts as a failure. */
async function restartPostgres(): Promise<Pg> {
  const spy = vi.mocked(console.error);
  const record = spy.getMockImplementation()!;
  spy.mockImplementation((...args: unknown[]) => (String(args[0]).startsWith("[postgres] ") ? undefined : record(...args)));
  try {
    return await startEmbeddedPostgres({ dataDir: DATA_DIR, database: DATABASE, preferredPort: port });
  } finally {
    spy.mockImplementation(record);
  }
}

async function appServer(env: Record<string, string> = {}): Promise<AppServer> {
  const server = await startAppServer({ DATABASE_URL: db.url, TRUSTED_PROXIES: "", ...env });
  servers.push(server);
  return server;
}

/** A text of `sentences` short sentences, under the 2 MB import limit: long enough to import for seconds. */
const longText = (sentences: number) => Array.from({ length: sentences }, (_, i) => `Fact ${i} of ${tag()}.`).join(" ");

const importBody = (title: string, text: string) => JSON.stringify({ title, text });

beforeAll(async () => {
  db = await startEmbeddedPostgres({ dataDir: DATA_DIR, database: DATABASE, preferredPort: 55_432, recreate: true });
  port = db.port;
  await runWith(db.url, path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"]);
  await runWith(db.url, path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "seeds/seed.ts"]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.stop();
  // As root the data may live elsewhere (scripts/embedded-pg.mjs dataDirFor): remove where it is.
  if (db) rmSync(path.resolve(db.dataDir), { recursive: true, force: true });
  rmSync(DATA_DIR, { recursive: true, force: true });
}, 60_000);

describe("the database stops and comes back while the app serves", () => {
  let server: AppServer;
  let editor: Client;

  beforeAll(async () => {
    server = await appServer();
    editor = await signIn(EDITOR, DEMO_PASSWORD, server.url);
  }, 60_000);

  it("answers 503 UNAVAILABLE with Retry-After within seconds (API and pages), saves nothing, and recovers without a restart", { timeout: 90_000 }, async () => {
    const before = await editor.request("GET", "/api/documents");
    expect(before.status).toBe(200);
    const count = before.json.documents.length;
    expect(count).toBeGreaterThan(0);

    await db.stop();
    try {
      await whileDown();
    } finally {
      // The same process, never restarted, serves again once Postgres is back on its port.
      db = await restartPostgres();
    }
    expect(db.port).toBe(port);
    const after = await until("the app to answer again", async () => {
      const r = await editor.request("GET", "/api/documents");
      return r.status === 200 && r.json;
    });
    expect(after.documents.length).toBe(count); // the write during the outage stored nothing
    expect(server.child.exitCode).toBeNull();
  });

  async function whileDown() {
    const t0 = Date.now();
    const list = await editor.request("GET", "/api/documents");
    expect(list.status, JSON.stringify(list.json)).toBe(503);
    expect(list.json.error.code).toBe("UNAVAILABLE");
    expect(list.json.error.message).toMatch(/database is unreachable/);
    expect(Number(list.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeLessThan(8_000); // the connect timeout (3 s), not a hang

    const write = await editor.request("POST", "/api/documents", { title: `While down ${tag()}`, text: longText(20) });
    expect(write.status).toBe(503);
    expect(write.json.error.code).toBe("UNAVAILABLE");

    const page = await fetch(`${server.url}/documents`, { headers: { cookie: editor.cookie }, redirect: "manual" });
    expect(page.status).toBe(503);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    // Next sends its error shell; app/error.tsx renders "The database is unreachable" from this digest.
    const html = await page.text();
    expect(html, html.slice(0, 3000)).toContain(UNAVAILABLE_DIGEST);
    // What a reader sees in the browser: the page says what is wrong and that waiting is the fix.
    const { browser, close } = await launch();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: editor.cookie.split("=")[0]!, value: editor.cookie.slice(editor.cookie.indexOf("=") + 1), url: server.url }]);
      const tab = await context.newPage();
      const shown = await tab.goto(`${server.url}/documents`);
      expect(shown?.status()).toBe(503);
      await tab.getByRole("heading", { name: "The database is unreachable" }).waitFor({ timeout: 15_000 });
      expect(await tab.locator("main[role=alert]").innerText()).toMatch(/Nothing you saved before is lost\. Try again in 5 seconds/);
    } finally {
      await close();
    }
    expect(server.child.exitCode).toBeNull();
  }
});

describe("the app is killed (SIGKILL) mid-work", () => {
  // Each test counts the app's connections to this file's database: only the killed app may hold any.
  beforeEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    await until("the earlier apps' connections to close", async () => (await appConnections()).length === 0);
  });
  it("during a big import: no partial document, no claim of it, no connection left behind", { timeout: 120_000 }, async () => {
    const server = await appServer();
    const editor = await signIn(EDITOR, DEMO_PASSWORD, server.url);
    const [{ documents: docsBefore, claims: claimsBefore }] = await sql(`SELECT (SELECT count(*)::int FROM "Document") AS documents, (SELECT count(*)::int FROM "Claim") AS claims`);
    const title = `Killed import ${tag()}`;
    const response = fetch(`${server.url}/api/documents`, {
      method: "POST",
      headers: { cookie: editor.cookie, "content-type": "application/json" },
      body: importBody(title, longText(60_000)),
    }).then(
      (r) => r.status,
      () => "connection lost" as const,
    );
    // Kill it while the import's transaction is open and writing.
    await until(
      "the import transaction to start writing",
      async () => (await appConnections()).some((c) => c.state !== "idle" && /INSERT|COPY/i.test(c.query) && /"Claim"|"Document"/.test(c.query)),
      60_000,
    );
    server.child.kill("SIGKILL");
    expect(await server.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(await response).toBe("connection lost");

    // Postgres notices the dead client and rolls its transaction back.
    await until("the killed app's connections to close", async () => (await appConnections()).length === 0);
    const [after] = await sql(`SELECT (SELECT count(*)::int FROM "Document") AS documents, (SELECT count(*)::int FROM "Claim") AS claims, (SELECT count(*)::int FROM "Document" WHERE title = $1) AS mine`, [title]);
    expect(after).toEqual({ documents: docsBefore, claims: claimsBefore, mine: 0 });
  });

  it("during a streaming export: the cursor's connection does not outlive the app", { timeout: 120_000 }, async () => {
    const server = await appServer();
    const editor = await signIn(EDITOR, DEMO_PASSWORD, server.url);
    // Enough claims that the CSV is still streaming when the app dies (the client stops reading).
    const big = await editor.request("POST", "/api/documents", { title: `Export source ${tag()}`, text: longText(30_000) });
    expect(big.status, JSON.stringify(big.json).slice(0, 300)).toBe(201);

    const res = await fetch(`${server.url}/api/exports?format=csv`, { headers: { cookie: editor.cookie } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read(); // the stream has started; we read no more
    expect(first.done).toBe(false);
    const during = await until("the export's cursor connection", async () => {
      const conns = await appConnections();
      return conns.some((c) => c.application_name === "claimdesk-export" && c.state !== "idle") && conns;
    });
    // A CSV export is one COPY (decision 0029); the JSON formats read through a cursor.
    expect(during.some((c) => /FETCH|DECLARE|COPY/i.test(c.query))).toBe(true);

    server.child.kill("SIGKILL");
    await server.exited;
    await reader.cancel().catch(() => {});
    await until("the killed app's connections to close", async () => (await appConnections()).length === 0);
    // Nothing holds a lock or an open transaction on the database either.
    expect(await sql(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`, [DATABASE])).toEqual([]);
  });
});

describe("the app is stopped (SIGTERM) with a request in flight", () => {
  it("finishes the request, refuses new connections, and exits 0", { timeout: 120_000 }, async () => {
    const server = await appServer();
    const editor = await signIn(EDITOR, DEMO_PASSWORD, server.url);
    const title = `Drained import ${tag()}`;
    const response = fetch(`${server.url}/api/documents`, {
      method: "POST",
      headers: { cookie: editor.cookie, "content-type": "application/json" },
      body: importBody(title, longText(40_000)),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    await until(
      "the import to reach the database",
      async () => (await appConnections()).some((c) => c.state !== "idle" && /"Claim"|"Document"/.test(c.query)),
      60_000,
    );
    server.child.kill("SIGTERM");
    await until("the drain to begin", async () => server.output().includes("SIGTERM: finishing 1 request(s) in flight"), 5_000);
    // No new connection is accepted while draining.
    await expect(fetch(`${server.url}/api/documents`, { headers: { cookie: editor.cookie } })).rejects.toThrow();

    const { status, body } = await response;
    expect(status, JSON.stringify(body).slice(0, 300)).toBe(201);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const [{ claims }] = await sql(`SELECT count(*)::int AS claims FROM "Claim" WHERE "documentId" = $1`, [body.document.id]);
    expect(claims).toBe(body.document.claims.length);
    expect(claims).toBeGreaterThanOrEqual(40_000);
  });
});
