// npm run backup / npm run restore (scripts/backup.mjs, scripts/restore.mjs, decision 0013), run as
// the user runs them, against databases of their own (never the shared test database):
// - the built-in format on the embedded PostgreSQL 17 (which no pg_dump on Debian 12 can dump):
//   back up the seeded demo team plus history, change rows (insert, update, delete, history too),
//   restore, and every table's rows, every sequence and the schema are as at the backup; a new
//   empty database gets the same, and Prisma sees no pending migration;
// - refusals that change nothing: a database with data without --force, a truncated or corrupted
//   file, a backup whose migrations are missing or different here;
// - the pg_dump format with Debian's PostgreSQL 15 (server and client of one version), and moving
//   from that server to the 17 one with the built-in format.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tag } from "../helpers/claimdesk";

const root = path.resolve(import.meta.dirname, "../..");
// What this checkout's schema defines, which a backup of a migrated database must report: its
// models' tables plus _prisma_migrations, and its migrations, the newest last.
const TABLES = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8").match(/^model /gm)!.length + 1;
const MIGRATIONS = readdirSync(path.join(root, "prisma/migrations"))
  .filter((d) => existsSync(path.join(root, "prisma/migrations", d, "migration.sql")))
  .sort();
const NEWEST = MIGRATIONS.at(-1)!;
const unique = tag();
const workDir = mkdtempSync(path.join(os.tmpdir(), "claimdesk-backup-test-"));

// ------------------------------------------------------------------------------------------
// Running the scripts, Prisma and the seed as child processes, each against one database.

type Run = { code: number; stdout: string; stderr: string };

function run(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: root, env: childEnv, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const show = (r: Run) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;

async function succeed(cmd: string, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const r = await run(cmd, args, env);
  expect(r.code, show(r)).toBe(0);
  return r;
}

const backup = (url: string, args: string[], binDir?: string) => run(process.execPath, ["scripts/backup.mjs", ...args], { DATABASE_URL: url, PG_BIN_DIR: binDir });
const restore = (url: string, args: string[], binDir?: string) => run(process.execPath, ["scripts/restore.mjs", ...args], { DATABASE_URL: url, PG_BIN_DIR: binDir });
const migrate = (url: string) => succeed(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { DATABASE_URL: url });
const seedDemo = (url: string) => succeed(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "seeds/seed.ts"], { DATABASE_URL: url });

/** The schemas of a database, PostgreSQL's own aside. */
const schemas = (url: string) =>
  withClient(url, async (c) => (await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`)).rows.map((r) => r.nspname));

/** Backs up and returns the file the script says it wrote. */
async function backupTo(url: string, args: string[], binDir?: string): Promise<{ file: string; line: string }> {
  const r = await backup(url, ["--out", `${workDir}/${tag()}/`, ...args], binDir);
  expect(r.code, show(r)).toBe(0);
  const line = r.stdout.trim();
  const file = /^\[backup\] wrote (\S+) /.exec(line)?.[1];
  expect(file, line).toBeTruthy();
  return { file: file!, line };
}

// ------------------------------------------------------------------------------------------
// Databases.

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const dbUrl = (serverUrl: string, name: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.href;
};

const created: { serverUrl: string; name: string }[] = [];

/** A new, empty database on the server of `serverUrl`; dropped after the suite. */
async function createDatabase(serverUrl: string, suffix: string): Promise<string> {
  const name = `backup_${unique}_${suffix}`;
  await withClient(dbUrl(serverUrl, "postgres"), (c) => c.query(`CREATE DATABASE "${name}"`));
  created.push({ serverUrl, name });
  return dbUrl(serverUrl, name);
}

/** A migrated database with the demo team, and history, sessions, tokens, audit rows of awkward values. */
async function databaseWithData(serverUrl: string, suffix: string): Promise<string> {
  const url = await createDatabase(serverUrl, suffix);
  await migrate(url);
  await seedDemo(url);
  await withClient(url, (c) => c.query(HISTORY_SQL));
  return url;
}

// Values COPY has to escape (tab, newline, CR, backslash, a lone "\." line, "\N" that is not NULL),
// emoji, JSON, arrays, NULLs, a replaced verdict and the events of an attribution change.
const AWKWARD = String.raw`E'Tab\there, a new line\nand\r\n a CR, a backslash \\ and "quotes", \\N is not NULL, 🇺🇦 👨‍👩‍👧'`;
const HISTORY_SQL = `
UPDATE "Claim" c SET status = 'DISPUTED', version = 3, "reviewerId" = u.id, "judgedAt" = '2025-03-01 10:00:00.123',
  speaker = 'Dr. Ölçek', "attributionBy" = 'REVIEWER', subjectivity = 0.1 + c.id / 7.0
FROM (SELECT min(id) AS id FROM "User") u WHERE c.id IN (SELECT id FROM "Claim" ORDER BY id LIMIT 6);
INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, reason, "reviewerId", version, "reusedFrom", "createdAt")
  SELECT c."teamId", c.id, v.label::"VerdictLabel", ${AWKWARD}, v.reason, u.id, v.version,
         CASE WHEN v.version = 2 THEN '{"verdictId": 1, "note": "ünïcode", "similarity": 0.61}'::jsonb END, now() - make_interval(mins => 10 - v.version)
  FROM (SELECT * FROM "Claim" ORDER BY id LIMIT 6) c, (SELECT min(id) AS id FROM "User") u,
       (VALUES ('SOURCED', NULL, 1), ('DISPUTED', E'\\\\.', 2)) v(label, reason, version);
INSERT INTO "Source" ("verdictId", position, url, title, publisher, quote, "accessedAt")
  SELECT v.id, p, 'https://example.org/report?year=2025&q=' || v.id, ${AWKWARD}, NULL, E'\\\\.', DATE '2024-02-29'
  FROM "Verdict" v, generate_series(0, 1) p;
INSERT INTO "ClaimEvent" ("claimId", kind, data, reason, "actorId", version)
  SELECT c.id, 'ATTRIBUTION', jsonb_build_object('speaker', c.speaker, 'cue', NULL, 'list', jsonb_build_array(1, 2.5, 'x')), ${AWKWARD}, u.id, 3
  FROM (SELECT * FROM "Claim" ORDER BY id LIMIT 6) c, (SELECT min(id) AS id FROM "User") u;
INSERT INTO "UserSession" (id, "userId", ip) SELECT 'session-' || id, id, '203.0.113.' || id FROM "User";
INSERT INTO "Invitation" ("teamId", email, role, "tokenHash", "invitedById", "expiresAt")
  SELECT t.id, 'new@example.test', 'EDITOR', repeat('a', 64), u.id, now() + interval '7 days' FROM "Team" t, (SELECT min(id) AS id FROM "User") u;
INSERT INTO "ApiToken" ("membershipId", name, "tokenHash", prefix, "expiresAt") SELECT id, 'CI token ' || id, md5(id::text), 'cdk_ab', NULL FROM "Membership";
INSERT INTO "AuditEvent" ("teamId", "actorId", "actorEmail", action, ip, data)
  SELECT NULL, NULL, 'Someone@Example.test', 'auth.signin_failed', '::1', '{"reason": "bad password"}' FROM generate_series(1, 3);
INSERT INTO "RateLimit" (key, points, expire) VALUES ('signin:email:x', 2, now() + interval '15 minutes'), (${AWKWARD}, 1, NULL);
`;

/** Inserts, updates and deletes after the backup, history rows included (deleted under claimdesk.purge, as the app does). */
const CHANGES_SQL = `
INSERT INTO "Team" (name, slug) VALUES ('Made after the backup', 'after-${unique}');
INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, reason, "reviewerId", version)
  SELECT "teamId", id, 'OPINION', NULL, 'Changed my mind', "reviewerId", 4 FROM "Claim" WHERE "reviewerId" IS NOT NULL ORDER BY id LIMIT 1;
INSERT INTO "Source" ("verdictId", position, url) SELECT max(id), 0, 'https://example.org/after' FROM "Verdict";
INSERT INTO "AuditEvent" (action) VALUES ('after.backup');
UPDATE "Claim" SET speaker = 'Someone else', version = version + 1 WHERE id = (SELECT min(id) FROM "Claim");
UPDATE "User" SET name = 'Renamed after the backup' WHERE id = (SELECT max(id) FROM "User");
UPDATE "RateLimit" SET points = points + 1;
DELETE FROM "UserSession";
DELETE FROM "Membership" WHERE id = (SELECT max(id) FROM "Membership");
BEGIN;
SET LOCAL claimdesk.purge = 'on';
DELETE FROM "ClaimEvent" WHERE id = (SELECT min(id) FROM "ClaimEvent");
DELETE FROM "Document" WHERE id = (SELECT max(id) FROM "Document");
COMMIT;
`;

type Fingerprint = { tables: Record<string, { rows: number; md5: string }>; sequences: Record<string, string>; schema: string[] };

/** Every table's rows (count and md5 of all rows as text, in order), every sequence, and the schema of schema public. */
async function fingerprint(url: string): Promise<Fingerprint> {
  return withClient(url, async (c) => {
    const tables: Fingerprint["tables"] = {};
    const sequences: Fingerprint["sequences"] = {};
    const { rows: rels } = await c.query<{ relname: string; relkind: string }>(
      "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') ORDER BY relname",
    );
    for (const { relname, relkind } of rels) {
      const q = `public."${relname}"`;
      if (relkind === "S") {
        const { rows } = await c.query(`SELECT last_value::text || '/' || is_called AS v FROM ${q}`);
        sequences[relname] = rows[0].v;
      } else {
        const { rows } = await c.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE "C"), '')) AS md5 FROM ${q} t`);
        tables[relname] = { rows: rows[0].n, md5: rows[0].md5 };
      }
    }
    const { rows: schema } = await c.query<{ line: string }>(SCHEMA_SQL);
    return { tables, sequences, schema: schema.map((r) => r.line) };
  });
}

const SCHEMA_SQL = `
SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attgenerated::text AS line
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) || coalesce(' ' || array_to_string(c.reloptions, ','), '')
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace
UNION ALL SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
UNION ALL SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p
  WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL SELECT 'extension ' || extname FROM pg_extension
UNION ALL SELECT 'enum ' || t.typname || ' ' || (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid)
  FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'
ORDER BY 1`;

const rowsOnly = (f: Fingerprint) => ({ tables: f.tables, sequences: f.sequences });

async function expectAppendOnly(url: string) {
  await withClient(url, async (c) => {
    await expect(c.query(`UPDATE "Verdict" SET rationale = 'rewritten' WHERE id = (SELECT min(id) FROM "Verdict")`)).rejects.toThrow(/append-only/);
    await expect(c.query(`DELETE FROM "ClaimEvent"`)).rejects.toThrow(/append-only/);
  });
}

// ------------------------------------------------------------------------------------------
// Debian's PostgreSQL server and client of one version (postgresql-15 on Debian 12).

function debianPostgres(): { bin: string; major: number } {
  const base = "/usr/lib/postgresql";
  const majors = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a) : [];
  for (const major of majors) {
    const bin = path.join(base, String(major), "bin");
    if (["postgres", "initdb", "pg_dump", "pg_restore", "psql"].every((n) => existsSync(path.join(bin, n)))) return { bin, major };
  }
  throw new Error(
    "The pg_dump half of this suite runs Debian's PostgreSQL server with its own pg_dump, and there is none in /usr/lib/postgresql/*/bin. " +
      "Install it: sudo apt-get install -y postgresql-15 (Debian 12), then run npm test again.",
  );
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** A throwaway cluster in a temporary directory (run as user postgres when we are root: Postgres refuses root). */
async function startDebianPostgres(bin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "claimdesk-pg-"));
  let ids: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    const [uid, gid] = await Promise.all(["-u", "-g"].map(async (flag) => Number((await succeed("id", [flag, "postgres"], {})).stdout.trim())));
    ids = { uid, gid };
    chownSync(dir, uid!, gid!);
  }
  const data = path.join(dir, "data");
  await new Promise<void>((resolve, reject) =>
    execFile(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], { ...ids, cwd: dir }, (e, _o, stderr) =>
      e ? reject(new Error(`initdb failed: ${stderr}`)) : resolve(),
    ),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    path.join(bin, "postgres"),
    ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    { ...ids, cwd: dir, stdio: "ignore" },
  );
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  for (let i = 0; ; i++) {
    try {
      await withClient(url, (c) => c.query("SELECT 1"));
      break;
    } catch (e) {
      if (i > 100 || child.exitCode !== null) throw new Error(`PostgreSQL in ${dir} did not start: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGINT"); // fast shutdown
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------------------------------

const server17 = process.env.DATABASE_URL!; // the test server; each test below uses databases of its own on it
const debian = debianPostgres();
let pg15: Awaited<ReturnType<typeof startDebianPostgres>> | undefined;

afterAll(async () => {
  for (const { serverUrl, name } of created.reverse())
    await withClient(dbUrl(serverUrl, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => {});
  await pg15?.stop();
  rmSync(workDir, { recursive: true, force: true });
}, 60_000);

describe("the built-in format, on the embedded PostgreSQL 17", () => {
  let src: string;
  let file: string;
  let atBackup: Fingerprint;
  let changed: Fingerprint;

  beforeAll(async () => {
    src = await databaseWithData(server17, "src");
  }, 120_000);

  it("backs up; after inserts, updates and deletes (history too), a restore --force brings back every row, sequence and the schema", async () => {
    const made = await backupTo(src, ["--method", "builtin"]);
    file = made.file;
    expect(made.line).toMatch(new RegExp(`in the built-in format: ${TABLES} tables, [\\d,]+ rows, ${MIGRATIONS.length} migrations`));
    expect(file).toMatch(/claimdesk-\d{8}T\d{6}Z\.cdbackup\.gz$/);
    expect(statSync(file).mode & 0o777).toBe(0o600); // password hashes are in it
    atBackup = await fingerprint(src);
    expect(atBackup.tables.Verdict!.rows).toBe(12);
    expect(atBackup.tables.ClaimEvent!.rows).toBe(6);

    await withClient(src, (c) => c.query(CHANGES_SQL));
    changed = await fingerprint(src);
    for (const t of ["Team", "Verdict", "Source", "ClaimEvent", "AuditEvent", "Claim", "User", "RateLimit", "UserSession", "Membership", "Document"])
      expect(changed.tables[t], t).not.toEqual(atBackup.tables[t]);

    const r = await restore(src, [file, "--force"]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^\\[restore\\] restored .+ \\(built-in format, made .+: ${TABLES} tables, [\\d,]+ rows, migrations up to ${NEWEST}\\)`));
    expect(await fingerprint(src)).toEqual(atBackup);
    await expectAppendOnly(src); // the triggers are back on
  }, 120_000);

  it("restores into a new, empty database without --force; Prisma finds no pending migration and the sequences go on", async () => {
    const empty = await createDatabase(server17, "fresh");
    await succeed(process.execPath, ["scripts/restore.mjs", file], { DATABASE_URL: empty });
    expect(await fingerprint(empty)).toEqual(atBackup);
    const deploy = await migrate(empty);
    expect(deploy.stdout).toMatch(/No pending migrations to apply/);
    await withClient(empty, async (c) => {
      const { rows } = await c.query(`INSERT INTO "Team" (name, slug) VALUES ('New', 'new') RETURNING id`);
      expect(rows[0].id).toBe(atBackup.tables.Team!.rows + 1);
    });
  }, 120_000);

  it("refuses a database that holds data unless --force, and changes nothing", async () => {
    await withClient(src, (c) => c.query(CHANGES_SQL));
    const before = await fingerprint(src);
    const r = await restore(src, [file]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/is not empty \(rows in .*\)\. A restore replaces everything in it: run again with --force/);
    expect(await fingerprint(src)).toEqual(before);
  }, 60_000);

  it("a truncated or corrupted file fails and leaves the target as it was, even with --force", async () => {
    const bytes = readFileSync(file);
    const truncated = path.join(workDir, "truncated.cdbackup.gz");
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const corrupted = path.join(workDir, "corrupted.cdbackup.gz");
    const flipped = Buffer.from(bytes);
    for (let i = Math.floor(bytes.length * 0.7), end = i + 8; i < end; i++) flipped.writeUInt8(flipped.readUInt8(i) ^ 0xff, i);
    writeFileSync(corrupted, flipped);
    const notOurs = path.join(workDir, "notes.gz");
    writeFileSync(notOurs, gzipSync("just some text\n"));

    const before = await fingerprint(src);
    for (const [bad, message] of [
      [truncated, /is damaged or incomplete \(unexpected end of file\)\. Nothing was changed/],
      [corrupted, /is damaged or incomplete \(.+\)\. Nothing was changed/],
      [notOurs, /is not a Claimdesk backup/],
    ] as const) {
      const r = await restore(src, [bad, "--force"]);
      expect(r.code, show(r)).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(await fingerprint(src), bad).toEqual(before);
    }
    // An empty database stays empty: not even the migrations are left behind.
    const empty = await createDatabase(server17, "stays_empty");
    const r = await restore(empty, [truncated]);
    expect(r.code, show(r)).toBe(1);
    expect((await fingerprint(empty)).tables).toEqual({});
  }, 120_000);

  it("refuses a backup whose migrations are missing here or differ from the ones it was made with", async () => {
    const [headerLine, ...rest] = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    const withHeader = (edit: (h: any) => void) => {
      const header = JSON.parse(headerLine!);
      edit(header);
      const out = path.join(workDir, `edited-${tag()}.cdbackup.gz`);
      writeFileSync(out, gzipSync([JSON.stringify(header), ...rest].join("\n")));
      return out;
    };
    const empty = await createDatabase(server17, "migrations");
    const differs = withHeader((h) => (h.migrations.at(-1).checksum = "0".repeat(64)));
    const missing = withHeader((h) => h.migrations.push({ name: "20991231000000_from_the_future", checksum: "1".repeat(64) }));
    let r = await restore(empty, [differs]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toContain(`${NEWEST}/migration.sql is not the one the backup's database applied`);
    r = await restore(empty, [missing]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/applied the migration 20991231000000_from_the_future, which is not in prisma\/migrations/);
    expect((await fingerprint(empty)).tables).toEqual({});
  }, 60_000);

  it("chooses pg_dump only when its version can dump the server, and says why not", async () => {
    const major = await withClient(src, async (c) => Math.floor(Number((await c.query("SHOW server_version_num")).rows[0].server_version_num) / 10000));
    const auto = await backup(src, ["--out", `${workDir}/${tag()}/`], debian.bin);
    expect(auto.code, show(auto)).toBe(0);
    const forced = await backup(src, ["--out", `${workDir}/${tag()}/`, "--method", "pg_dump"], debian.bin);
    if (debian.major >= major) {
      expect(auto.stdout).toMatch(/with pg_dump/);
      expect(forced.code, show(forced)).toBe(0);
    } else {
      expect(auto.stdout).toMatch(new RegExp(`in the built-in format \\(pg_dump ${debian.major}\\.\\d+ cannot dump PostgreSQL ${major}\\)`));
      expect(forced.code, show(forced)).toBe(1);
      expect(forced.stderr).toMatch(new RegExp(`install a PostgreSQL ${major} \\(or newer\\) client and set PG_BIN_DIR`));
    }
  }, 60_000);
});

describe(`the pg_dump format, with Debian's PostgreSQL ${debian.major} server and client`, () => {
  let src: string;
  let file: string;
  let atBackup: Fingerprint;

  beforeAll(async () => {
    pg15 = await startDebianPostgres(debian.bin);
    src = await databaseWithData(pg15.url, "src");
  }, 120_000);

  it("backs up with pg_dump; restore --force over changed data and into a new database bring back every row, sequence and the schema", async () => {
    const made = await backupTo(src, [], debian.bin);
    file = made.file;
    expect(made.line).toMatch(new RegExp(`with pg_dump ${debian.major}\\.\\d+ \\(custom format\\)`));
    expect(file).toMatch(/\.dump$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    atBackup = await fingerprint(src);

    await withClient(src, (c) => c.query(CHANGES_SQL));
    expect((await fingerprint(src)).tables.Verdict).not.toEqual(atBackup.tables.Verdict);
    const r = await restore(src, [file, "--force"], debian.bin);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/\(pg_dump archive, through pg_restore and psql/);
    expect(await fingerprint(src)).toEqual(atBackup);
    await expectAppendOnly(src);

    const empty = await createDatabase(pg15!.url, "fresh");
    await succeed(process.execPath, ["scripts/restore.mjs", file], { DATABASE_URL: empty, PG_BIN_DIR: debian.bin });
    expect(await fingerprint(empty)).toEqual(atBackup);
    expect((await migrate(empty)).stdout).toMatch(/No pending migrations to apply/);
    // The job queue's schema (the seed queued jobs in src) is not Claimdesk's data: pg-boss makes it again.
    expect(await schemas(src)).toContain("pgboss");
    expect(await schemas(empty)).not.toContain("pgboss");
  }, 120_000);

  it("reports psql's first error at once when the target refuses the restore, and changes nothing", async () => {
    const target = await createDatabase(pg15!.url, "readonly");
    await succeed(process.execPath, ["scripts/restore.mjs", file], { DATABASE_URL: target, PG_BIN_DIR: debian.bin });
    const before = await fingerprint(target);
    // Every transaction of the database is read-only: psql fails at the first statement that writes,
    // while pg_restore still has the archive to write out.
    await withClient(target, (c) => c.query(`ALTER DATABASE "${new URL(target).pathname.slice(1)}" SET default_transaction_read_only = on`));
    const started = Date.now();
    const r = await restore(target, [file, "--force"], debian.bin);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/Restoring failed in psql .*read-only transaction.*Nothing was changed/);
    expect(Date.now() - started).toBeLessThan(30_000);
    await withClient(target, async (c) => {
      await c.query("SET default_transaction_read_only = off");
      await c.query(`ALTER DATABASE "${new URL(target).pathname.slice(1)}" RESET default_transaction_read_only`);
    });
    expect(await fingerprint(target)).toEqual(before);
  }, 120_000);

  it("refuses data without --force, and a truncated archive fails leaving the target as it was", async () => {
    await withClient(src, (c) => c.query(CHANGES_SQL));
    const before = await fingerprint(src);
    let r = await restore(src, [file], debian.bin);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/is not empty .* run again with --force/);

    const bytes = readFileSync(file);
    const truncated = path.join(workDir, "truncated.dump");
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    r = await restore(src, [truncated, "--force"], debian.bin);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toMatch(/is damaged or incomplete \(pg_restore .+\)\. Nothing was changed/);
    expect(await fingerprint(src)).toEqual(before);
  }, 120_000);

  it(`moves a database from PostgreSQL ${debian.major} to the embedded server with the built-in format`, async () => {
    await succeed(process.execPath, ["scripts/restore.mjs", file, "--force"], { DATABASE_URL: src, PG_BIN_DIR: debian.bin });
    const moved = await backupTo(src, ["--method", "builtin"]);
    const target = await createDatabase(server17, "moved");
    await succeed(process.execPath, ["scripts/restore.mjs", moved.file], { DATABASE_URL: target });
    const after = await fingerprint(target);
    expect(rowsOnly(after)).toEqual(rowsOnly(atBackup));
    expect(after.schema).toEqual(atBackup.schema);
  }, 120_000);
});
