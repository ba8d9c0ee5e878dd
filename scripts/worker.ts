// npm run worker: works the background job queues (docs/decisions/0026-job-queue.md) and serves no
// HTTP, for scale-out: run the app with JOBS_IN_PROCESS=0 and one or more workers against the same
// DATABASE_URL. SIGTERM or SIGINT: no new jobs are fetched, running ones get JOBS_STOP_TIMEOUT_MS
// (20 s) to finish, and whatever is still running then is failed, which retries it elsewhere.
import { QUEUES, startWorkers, stopJobs } from "@/lib/server/jobs";

if (!process.env.DATABASE_URL) {
  console.error("[worker] DATABASE_URL is not set: point it at the app's PostgreSQL (the same one `npm start` uses).");
  process.exit(2);
}
await startWorkers();
console.log(`[worker] working ${Object.keys(QUEUES).join(", ")} (pid ${process.pid})`);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    console.log(`[worker] ${signal}: finishing running jobs, then stopping`);
    void stopJobs().then(() => process.exit(0));
  });
