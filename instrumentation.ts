// Runs once when the server starts (Next's instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ServerResponse } = await import("node:http");
  // `next start` gzips responses with the `compression` middleware, which only recognises a
  // Content-Type given as a string. Next 16 copies every route-handler header onto the response as
  // an array, so no route-handler response (API JSON, exports) was ever compressed. A one-value
  // array is the same header: store it as a string. (docs/decisions/0008-export-formats.md)
  const setHeader = ServerResponse.prototype.setHeader;
  ServerResponse.prototype.setHeader = function (this: InstanceType<typeof ServerResponse>, name: string, value: number | string | readonly string[]) {
    const single = Array.isArray(value) && value.length === 1 && name.toLowerCase() === "content-type";
    return setHeader.call(this, name, single ? String(value[0]) : value);
  };
  // The hottest API routes, answered by scripts/server.mjs before Next (docs/decisions/0031-direct-routes.md);
  // DIRECT_ROUTES=0 leaves them to Next's route handlers (which run the same code).
  if (process.env.DIRECT_ROUTES !== "0") {
    const { answerDirect } = await import("./lib/server/direct");
    (globalThis as Record<symbol, unknown>)[Symbol.for("claimdesk.answerDirect")] = answerDirect;
  }
  // Background jobs (docs/decisions/0026-job-queue.md): this process works the queues unless
  // JOBS_IN_PROCESS=0 (then `npm run worker` does). Started without waiting: the server answers
  // at once, and a database that is down at start is retried by the next enqueue or in 10 s.
  const { jobsInProcess, startWorkers } = await import("./lib/server/jobs");
  if (!jobsInProcess()) return;
  const start = () =>
    startWorkers().catch((e: Error) => {
      console.error(`[jobs] could not start the workers (${e.message}); retrying in 10 s`);
      setTimeout(start, 10_000).unref();
    });
  void start();
}
