#!/usr/bin/env node
// npm run restore -- <backup file> [--force]
// Restores a file made by `npm run backup` into DATABASE_URL's database (unset: the embedded
// PostgreSQL in .data/pg, started or reused), in ONE transaction: a restore that fails for any
// reason (a damaged file, a missing migration, a server error) changes nothing. A database that
// already holds data is refused unless --force, which replaces everything in schema public.
// The file's first bytes say which format it is (docs/decisions/0013-backups.md):
// - pg_dump custom format: pg_restore writes SQL that psql runs between our BEGIN and COMMIT;
// - the built-in format (scripts/backup.mjs): the backup's own migrations from prisma/migrations
//   (checked against their checksums), then every table's rows by COPY with user triggers off
//   (history tables are append-only), indexes built once after the rows, sequences set.
// A later `npm start` applies the migrations newer than the backup, as after any upgrade.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import copyStreams from "pg-copy-streams";
import {
  EMPTY_PUBLIC_SQL, END_OF_ROWS, FORMAT, FORMAT_VERSION, UserError, connect, describeUrl, findPgTools, fromUserCwd, installDebianClient,
  libpqTarget, logger, newestTool, openDatabase, publicContents, quoteIdent, root, runMain, seconds, serverInfo, shownPath,
} from "./backup.mjs";

const USAGE = "usage: npm run restore -- <backup file> [--force]";
const log = logger("restore");

// The table `prisma migrate deploy` makes (Prisma 2 to 6); its rows come from the backup.
const PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const list = (names, max = 5) => (names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", "));

function refuseNonEmpty(contents, url) {
  const what = contents.withRows.length ? `rows in ${list(contents.withRows)}` : `tables that are not Claimdesk's: ${list(contents.tables)}`;
  return new UserError(
    `The ${describeUrl(url)} is not empty (${what}). A restore replaces everything in it: run again with --force to do that, or restore into a new, empty database. Nothing was changed.`,
  );
}

/** "pg_dump" (custom-format archive), "builtin" (gzip), or null, from the first bytes. */
async function fileKind(file) {
  const handle = await open(file, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (bytesRead === 5 && buffer.toString("latin1") === "PGDMP") return "pg_dump";
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return "builtin";
    return null;
  } finally {
    await handle.close();
  }
}

/** Lines of a stream as Buffers, each with its "\n" (a last line without one is yielded as it is). */
async function* lines(stream) {
  let pieces = [];
  for await (const chunk of stream) {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      const tail = chunk.subarray(start, i + 1);
      yield pieces.length ? Buffer.concat([...pieces, tail]) : tail;
      pieces = [];
      start = i + 1;
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start));
  }
  if (pieces.length) yield Buffer.concat(pieces);
}

/** The migration files the backup's database had applied, in its order, each checked against the checksum Prisma recorded. */
function migrationScripts(migrations) {
  return migrations.map((m) => {
    const file = path.join(root, "prisma", "migrations", m.name, "migration.sql");
    if (!existsSync(file))
      throw new UserError(
        `The backup's database had applied the migration ${m.name}, which is not in prisma/migrations: restore with the Claimdesk version that made the backup, or a newer one. Nothing was changed.`,
      );
    const sql = readFileSync(file);
    const checksum = createHash("sha256").update(sql).digest("hex");
    if (checksum !== m.checksum)
      throw new UserError(
        `prisma/migrations/${m.name}/migration.sql is not the one the backup's database applied (checksum ${checksum.slice(0, 12)}…, the backup has ${m.checksum.slice(0, 12)}…): restore with the Claimdesk version that made the backup. Nothing was changed.`,
      );
    return { name: m.name, sql: sql.toString("utf8") };
  });
}

/** Non-generated columns of each table of schema public, as the migrations made them. */
async function targetColumns(client) {
  const { rows } = await client.query(
    `SELECT c.relname AS name, array_agg(a.attname::text) AS columns
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' GROUP BY c.relname`,
  );
  return new Map(rows.map((r) => [r.name, new Set(r.columns)]));
}

/**
 * Indexes of schema public that no constraint uses (not primary keys, unique constraints or the
 * unique indexes a foreign key points at): dropped before the rows are loaded and built once after,
 * much faster than growing GIN indexes row by row. pg_get_indexdef keeps their storage options.
 */
async function secondaryIndexes(client) {
  const { rows } = await client.query(
    `SELECT format('public.%I', ci.relname) AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class ct ON ct.oid = i.indrelid
     WHERE ct.relnamespace = 'public'::regnamespace AND ct.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid AND d.deptype = 'e')
     ORDER BY ci.relname`,
  );
  return rows;
}

/** Feeds one table's rows (up to the END_OF_ROWS line) into COPY FROM STDIN. */
async function copyRows(client, table, nextLine, damaged) {
  const cols = table.columns.map(quoteIdent).join(", ");
  const stream = client.query(copyStreams.from(`COPY public.${quoteIdent(table.name)} (${cols}) FROM STDIN`));
  const done = finished(stream);
  done.catch(() => {});
  const hash = createHash("sha256");
  let count = 0;
  let batch = [];
  let size = 0;
  const flush = async () => {
    if (stream.errored) throw stream.errored;
    if (!batch.length) return;
    const ok = stream.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, size));
    batch = [];
    size = 0;
    if (!ok) await once(stream, "drain");
  };
  try {
    for (;;) {
      const line = await nextLine();
      if (line === null) throw damaged(`it ends inside the rows of ${table.name}`);
      if (line.length === END_OF_ROWS.length + 1 && line.toString("latin1") === `${END_OF_ROWS}\n`) break;
      if (line[line.length - 1] !== 10) throw damaged(`it ends inside a row of ${table.name}`);
      hash.update(line);
      count++;
      batch.push(line);
      size += line.length;
      if (size >= 256 * 1024) await flush();
    }
    await flush();
    stream.end();
    await done;
  } catch (e) {
    stream.destroy(e instanceof Error ? e : new Error(String(e))); // CopyFail: the server ends the COPY; the caller rolls back
    await done.catch(() => {});
    if (e instanceof UserError || e?.code?.startsWith?.("Z_")) throw e;
    throw Object.assign(new UserError(`Loading the rows of ${table.name} failed (${e.message}). Nothing was changed.`), { loading: true });
  }
  return { count, sha256: hash.digest("hex") };
}

async function restoreBuiltin(file, url, force) {
  const shown = shownPath(file);
  const damaged = (detail) => new UserError(`${shown} is damaged or incomplete (${detail}). Nothing was changed; restore another backup.`);
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on("error", (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  const reader = lines(gunzip);
  const nextLine = async () => {
    const r = await reader.next();
    return r.done ? null : r.value;
  };
  const readJson = async (what) => {
    const line = await nextLine();
    if (line === null) throw damaged(`it ends before ${what}`);
    try {
      return JSON.parse(line.toString("utf8"));
    } catch {
      throw damaged(`${what} is not readable`);
    }
  };

  let client;
  try {
    let header;
    try {
      header = JSON.parse((await nextLine())?.toString("utf8") ?? "");
    } catch (e) {
      if (e?.code?.startsWith?.("Z_")) throw e;
      header = null;
    }
    if (header?.format !== FORMAT) throw new UserError(`${shown} is not a Claimdesk backup (it is gzip, but not the built-in format of npm run backup). Nothing was changed.`);
    if (header.version !== FORMAT_VERSION)
      throw new UserError(`${shown} is in version ${header.version} of the built-in format; this Claimdesk reads version ${FORMAT_VERSION}. Restore it with the Claimdesk version that made it.`);
    const migrations = migrationScripts(header.migrations);

    client = await connect(url);
    await client.query("BEGIN");
    await client.query("SET LOCAL lock_timeout = '10s'; SET LOCAL search_path = public; SET LOCAL maintenance_work_mem = '128MB'");
    const contents = await publicContents(client);
    if (contents.holdsData && !force) throw refuseNonEmpty(contents, url);
    if (contents.anything) await client.query(EMPTY_PUBLIC_SQL);

    await client.query(PRISMA_MIGRATIONS_DDL);
    for (const m of migrations) {
      try {
        await client.query(m.sql);
      } catch (e) {
        throw new UserError(`The migration ${m.name} failed on this server (${e.message}). Nothing was changed.`);
      }
    }
    const columns = await targetColumns(client);
    for (const t of header.tables) {
      const have = columns.get(t.name);
      const missing = have ? t.columns.filter((c) => !have.has(c)) : [];
      if (!have || missing.length)
        throw new UserError(
          `The backup has ${have ? `columns ${missing.join(", ")} of the table ${t.name}` : `a table ${t.name}`} that its migrations do not create (was the schema changed by hand?). Nothing was changed; restore it with pg_restore if it was made by pg_dump, or fix the schema and back up again.`,
        );
    }
    const indexes = await secondaryIndexes(client);
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    for (const t of header.tables) await client.query(`ALTER TABLE public.${quoteIdent(t.name)} DISABLE TRIGGER USER`);

    let rows = 0;
    for (const table of header.tables) {
      const start = await readJson(`the rows of ${table.name}`);
      if (start.table !== table.name) throw damaged(`the rows of ${table.name} are not where the header says`);
      const { count, sha256 } = await copyRows(client, table, nextLine, damaged);
      const end = await readJson(`the end of ${table.name}`);
      if (end.table !== table.name || end.rows !== count || end.sha256 !== sha256) throw damaged(`the rows of ${table.name} do not match their checksum`);
      rows += count;
    }
    const last = await readJson("its last line");
    if (last.end !== true || last.tables !== header.tables.length || last.rows !== rows) throw damaged("its last line does not match its contents");
    // Reading to the end also makes gunzip check the file's CRC and length.
    if ((await nextLine()) !== null) throw damaged("something follows its last line");

    for (const s of header.sequences) await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [s.name, s.lastValue, s.isCalled]);
    for (const t of header.tables) await client.query(`ALTER TABLE public.${quoteIdent(t.name)} ENABLE TRIGGER USER`);
    for (const index of indexes) await client.query(index.def);
    await client.query("COMMIT");
    return { tables: header.tables.length, rows, migrations: migrations.at(-1)?.name ?? "none", createdAt: header.createdAt };
  } catch (e) {
    await client?.query("ROLLBACK").catch(() => {});
    if (e?.loading) {
      // Rows COPY refused may be a damaged file that gunzip has not noticed yet (it checks the CRC
      // at the end): read on, and say so if it is.
      try {
        while ((await nextLine()) !== null);
      } catch (z) {
        if (z?.code?.startsWith?.("Z_")) throw damaged(z.message);
      }
    }
    if (e?.code?.startsWith?.("Z_")) throw damaged(e.message);
    if (e?.code === "55P03") throw new UserError("The database is in use (is the app running?): stop it, then restore again. Nothing was changed.");
    throw e;
  } finally {
    await client?.end().catch(() => {});
    source.destroy();
  }
}

async function restoreArchive(file, url, force) {
  const client = await connect(url);
  let contents, server;
  try {
    server = await serverInfo(client);
    contents = await publicContents(client);
  } finally {
    await client.end().catch(() => {});
  }
  if (contents.holdsData && !force) throw refuseNonEmpty(contents, url);

  let found = findPgTools(["pg_restore", "psql"]);
  if (found.length === 0 && !process.env.PG_BIN_DIR && installDebianClient(log, server.major)) found = findPgTools(["pg_restore", "psql"]);
  const tool = newestTool(found);
  if (!tool)
    throw new UserError(
      `${path.basename(file)} was made by pg_dump; restoring it needs pg_restore and psql: install PostgreSQL's client (Debian: apt-get install postgresql-client) or set PG_BIN_DIR to its bin directory.`,
    );

  // pg_restore turns the archive into SQL; psql runs it between our BEGIN and a COMMIT that is only
  // sent once pg_restore has read the whole archive without error, so nothing half-done is committed.
  const target = libpqTarget(url);
  const preamble = `BEGIN;\nSET lock_timeout = '10s';\n${contents.anything ? EMPTY_PUBLIC_SQL : ""}`;
  let psqlErr = "";
  let restoreErr = "";
  const psql = spawn(path.join(tool.dir, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target.url], { env: target.env, stdio: ["pipe", "ignore", "pipe"] });
  psql.stderr.on("data", (c) => (psqlErr += c));
  psql.stdin.on("error", () => {}); // psql stopped at an error: its exit code tells
  const psqlExit = new Promise((resolve) => psql.on("close", (code) => resolve(code)));
  psql.stdin.write(preamble);
  const restore = spawn(path.join(tool.dir, "pg_restore"), ["--no-owner", "--no-acl", "--file=-", file], { env: target.env, stdio: ["ignore", "pipe", "pipe"] });
  restore.stderr.on("data", (c) => (restoreErr += c));
  restore.stdout.pipe(psql.stdin, { end: false });
  // psql stops at the first error (its transaction rolled back): pg_restore, whose output nobody reads
  // any more, is stopped too, and psql's error is the one to report.
  let psqlStoppedFirst = false;
  const restoreClosed = new Promise((resolve) => restore.on("close", (code) => resolve(code)));
  void psqlExit.then(() => {
    if (restore.exitCode !== null || restore.signalCode !== null) return;
    psqlStoppedFirst = true;
    restore.kill("SIGTERM");
  });
  const restoreCode = await restoreClosed;
  if (!psqlStoppedFirst) psql.stdin.end(restoreCode === 0 ? "COMMIT;\n" : "ROLLBACK;\n");
  const psqlCode = await psqlExit;
  if (restoreCode !== 0 && !psqlStoppedFirst)
    throw new UserError(`${shownPath(file)} is damaged or incomplete (pg_restore ${tool.version}: ${restoreErr.trim().split("\n").at(-1)?.replace(/^pg_restore: (error: )?/, "")}). Nothing was changed; restore another backup.`);
  if (psqlCode !== 0 || psqlStoppedFirst) {
    if (/lock timeout/i.test(psqlErr)) throw new UserError("The database is in use (is the app running?): stop it, then restore again. Nothing was changed.");
    throw new UserError(`Restoring failed in psql ${tool.version}: ${psqlErr.trim().split("\n").slice(-3).join(" ")}. Nothing was changed.`);
  }
  return { tool };
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ options: { force: { type: "boolean", default: false }, help: { type: "boolean" } }, allowPositionals: true });
  } catch (e) {
    throw new UserError(`${e.message}\n${USAGE}`);
  }
  if (parsed.values.help) return console.log(USAGE);
  if (parsed.positionals.length !== 1) throw new UserError(`Name one backup file.\n${USAGE}`);
  const file = fromUserCwd(parsed.positionals[0]);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`There is no file ${parsed.positionals[0]}.`);
  const kind = await fileKind(file);
  if (!kind)
    throw new UserError(
      `${parsed.positionals[0]} is not a backup of npm run backup (neither the built-in .cdbackup.gz format nor a pg_dump custom-format archive). A plain SQL dump is restored with psql.`,
    );

  const t0 = performance.now();
  const database = await openDatabase("restore");
  try {
    let how;
    if (kind === "builtin") {
      const r = await restoreBuiltin(file, database.url, parsed.values.force);
      how = `built-in format, made ${r.createdAt}: ${r.tables} tables, ${r.rows.toLocaleString("en")} rows, migrations up to ${r.migrations}`;
    } else {
      const r = await restoreArchive(file, database.url, parsed.values.force);
      how = `pg_dump archive, through pg_restore and psql ${r.tool.version}`;
    }
    console.log(`[restore] restored ${shownPath(file)} into the ${describeUrl(database.url)} (${how}) in ${seconds(t0)}. npm start applies any newer migrations.`);
  } finally {
    await database.stop();
  }
}

await runMain("restore", main);
