// A worker process for tests/integration/jobs.int.test.ts: works one test queue with the app's
// PgBoss settings (lib/server/jobs.ts createBoss) and reports on stdout. HANG=1: takes a job and never
// finishes it (the test kills it with SIGKILL); otherwise completes each job with its pid.
//   QUEUE=<name> [HANG=1] tsx --conditions=react-server tests/helpers/job-worker.ts
import { createBoss } from "@/lib/server/jobs";

const queue = process.env.QUEUE!;
const boss = createBoss({ maintenanceIntervalSeconds: 1 });
await boss.start();
await boss.createQueue(queue, { name: queue, retryLimit: 3, retryDelay: 0, expireInSeconds: 2 });
await boss.work(queue, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
  console.log(`started ${job!.id}`);
  if (process.env.HANG === "1") await new Promise(() => {});
  return { pid: process.pid };
});
console.log(`ready ${process.pid}`);
