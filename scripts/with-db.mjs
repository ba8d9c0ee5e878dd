#!/usr/bin/env node
// node scripts/with-db.mjs <command> [args...]
// DATABASE_URL set: just runs the command against it. Unset: starts the embedded PostgreSQL 17 on
// ./.data/pg (PG_DATA_DIR overrides; initdb on first run only; as root in a folder the user postgres
// cannot enter, under /var/lib/claimdesk instead: decision 0015), creates the database (PG_DATABASE,
// default "app"), exports DATABASE_URL, runs the command, stops Postgres, exits with the command's code.
import { spawn } from "node:child_process";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) throw new Error("usage: with-db.mjs <command> [args...]");

const run = () =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit" });
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
    child.on("error", (e) => {
      console.error(`[with-db] ${e.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

if (process.env.DATABASE_URL) process.exit(await run());

const pg = await startEmbeddedPostgres({
  dataDir: process.env.PG_DATA_DIR,
  database: process.env.PG_DATABASE ?? "app",
});
process.env.DATABASE_URL = pg.url;
const code = await run();
await pg.stop();
process.exit(code);
