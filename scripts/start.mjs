#!/usr/bin/env node
// npm start: build if needed, Postgres (embedded unless DATABASE_URL is set), migrations,
// demo data on first run (embedded only), then the app server (scripts/server.mjs) on PORT (default 3000),
// one worker process per core (WEB_CONCURRENCY overrides: 1 for a single process).
import os from "node:os";
import { bin, buildIfNeeded, ensureAuthSecret, run, startServer } from "./app-process.mjs";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";

const port = Number(process.env.PORT ?? 3000);
const embedded = !process.env.DATABASE_URL;
const production = process.env.NODE_ENV === "production";

if (production && !process.env.AUTH_SECRET) {
  console.error("[claimdesk] Refusing to start in production without AUTH_SECRET: set it to a long random value (e.g. `openssl rand -base64 32`), the same on every instance.");
  process.exit(1);
}
ensureAuthSecret();
await buildIfNeeded();

let pg;
if (embedded) {
  pg = await startEmbeddedPostgres({ database: "app" });
  process.env.DATABASE_URL = pg.url;
}
let stopping = false;
const stopAll = async (code) => {
  if (stopping) return;
  stopping = true;
  await pg?.stop();
  process.exit(code);
};

try {
  await run(bin("prisma"), ["migrate", "deploy"]);
  if (embedded && !production) await run(bin("tsx"), ["--conditions=react-server", "seeds/seed.ts"]);
  if (production) await run(bin("tsx"), ["--conditions=react-server", "scripts/preflight.ts"]);
} catch (e) {
  console.error(`[claimdesk] ${e.message}`);
  await stopAll(1);
}

process.env.WEB_CONCURRENCY ??= String(os.availableParallelism());
const next = await startServer({ port });
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => next.child.kill("SIGTERM"));
console.log(`
  Claimdesk is running: http://localhost:${port} (${process.env.WEB_CONCURRENCY} worker process(es))
  Database: ${embedded ? `embedded PostgreSQL (data in ${pg.dataDir})` : "DATABASE_URL"}
  ${embedded ? "Sign in with the demo accounts printed above." : "Create users with `npm run seed` (demo team) if this database is new."}
  Stop with Ctrl-C.
`);
await stopAll(await next.exited);
