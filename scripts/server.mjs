#!/usr/bin/env node
// The HTTP server in front of Next's request handler (npm start, npm test, npm run dev):
//   node scripts/server.mjs [--dev] [--port N] [--hostname H]
// It does what must happen before any of the app's code runs (docs/decisions/0016-front-door-server.md):
// - the client's address: X-Forwarded-* headers are honoured only from TRUSTED_PROXIES; the
//   address the app may believe goes to the app in CLIENT_IP_HEADER, which no client can set;
// - a path with a broken %-escape gets a 404 (JSON under /api), not Next's plain-text 500;
// - a page that failed because the database is unreachable answers 503 with Retry-After;
// - the hottest API routes (PUT /api/claims/:id/verdict) are answered before Next, by the app's own
//   code (lib/server/direct.ts, docs/decisions/0031-direct-routes.md);
// - SIGTERM/SIGINT drain: no new connections, in-flight requests finish (up to DRAIN_TIMEOUT_MS);
// - WEB_CONCURRENCY=N (N > 1, not with --dev): N worker processes share the port (node:cluster),
//   one per core; a worker that dies is restarted, and SIGTERM drains every worker before the
//   primary exits (docs/decisions/0025-lean-hot-path.md). `npm start` defaults N to the core count.
import { AsyncLocalStorage } from "node:async_hooks";
import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import { CLIENT_IP_HEADER, clientAddress, compileTrust, stripUntrustedForwarding } from "./client-address.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dev = args.includes("--dev");
const port = Number(flag("--port") ?? process.env.PORT ?? 3000);
const hostname = flag("--hostname") ?? process.env.HOSTNAME_BIND ?? undefined;
const drainMs = Number(process.env.DRAIN_TIMEOUT_MS ?? 25_000);
const workers = dev ? 1 : Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY ?? 1)) || 1);
// React and Next pick their production or development builds from NODE_ENV when first loaded.
process.env.NODE_ENV ??= dev ? "development" : "production";

// Checked before any worker starts: a bad value stops the server instead of a restart loop.
let trust;
try {
  trust = compileTrust(process.env.TRUSTED_PROXIES);
} catch (e) {
  console.error(`[claimdesk] TRUSTED_PROXIES is not valid (${e.message}): list addresses or CIDR ranges separated by commas (e.g. 10.0.0.0/8,127.0.0.1), "loopback", or a number of proxy hops.`);
  process.exit(1);
}

if (workers > 1 && cluster.isPrimary) await runPrimary(workers);
else await runWorker();

/**
 * The cluster's primary: no Next in it, only the workers. It forks them, forks a new one when one
 * dies (a crash, an out-of-memory kill), and on SIGTERM/SIGINT asks each to drain, then exits.
 */
async function runPrimary(count) {
  let stopping = false;
  let listening = 0;
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => {
      if (++listening === count) console.log(`[claimdesk] ${count} worker processes listening on http://${hostname ?? "localhost"}:${port}`);
    });
  };
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.warn(`[claimdesk] worker ${worker.process.pid} died (${signal ?? `exit ${code}`}): starting another`);
    listening = Math.max(0, listening - 1);
    // A worker that cannot start at all (bad build, port taken) would loop: slow the restarts down.
    setTimeout(fork, 1_000);
  });
  for (let i = 0; i < count; i++) fork();
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter(Boolean);
    console.log(`[claimdesk] ${signal}: draining ${alive.length} worker(s)`);
    let worst = 0;
    let left = alive.length;
    if (!left) process.exit(0);
    for (const w of alive) {
      w.once("exit", (code) => {
        worst = Math.max(worst, code ?? 1);
        if (--left === 0) process.exit(worst);
      });
      // A worker started by a terminal's Ctrl-C already got SIGINT itself; drain() ignores the second.
      w.process.kill("SIGTERM");
    }
  };
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => stop(signal));
}

async function runWorker() {
  const { default: next } = await import("next");

  // Shared with the app (lib/server/request-state.ts) through globalThis: the same process, other bundles.
  const requestState = new AsyncLocalStorage();
  globalThis[Symbol.for("claimdesk.requestState")] = requestState;

  const app = next({ dev, dir: root, hostname: hostname ?? "localhost", port, customServer: true });
  const handle = app.getRequestHandler();
  await app.prepare();

  /** Headers for answers made here, without Next (the same policy proxy.ts sets on every response). */
  const BARE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  };

  function wellFormedPath(url) {
    const pathname = url.split("?", 1)[0];
    try {
      decodeURIComponent(pathname);
      return true;
    } catch {
      return false;
    }
  }

  let inFlight = 0;
  let draining = false;

  const server = http.createServer((req, res) => {
    inFlight++;
    res.once("close", () => inFlight--);
    if (draining) res.setHeader("Connection", "close");

    stripUntrustedForwarding(req, trust);
    delete req.headers[CLIENT_IP_HEADER];
    const client = clientAddress(req, trust);
    if (client) req.headers[CLIENT_IP_HEADER] = client;

    if (!wellFormedPath(req.url ?? "/")) {
      if (/^\/api(\/|$)/.test(req.url)) {
        res.writeHead(404, { ...BARE_HEADERS, "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "There is no such address: the path has a broken %-escape. Check the link." } }));
        return;
      }
      req.url = "/not-found"; // no page lives there: Next renders the not-found page, with proxy.ts's headers
    }

    // The hottest API routes, answered without Next (lib/server/direct.ts, registered by instrumentation.ts
    // during app.prepare(); not under `next dev`, whose code reloads): false hands the request on.
    if (!dev && globalThis[Symbol.for("claimdesk.answerDirect")]?.(req, res)) return;

    const state = { unavailable: false };
    const writeHead = res.writeHead;
    res.writeHead = function (status, ...rest) {
      if (status === 500 && state.unavailable) {
        res.setHeader("Retry-After", "5");
        return writeHead.call(this, 503, ...rest);
      }
      return writeHead.call(this, status, ...rest);
    };
    requestState.run(state, () => handle(req, res));
  });
  server.keepAliveTimeout = 5_000;

  // A request Node's HTTP parser cannot read (headers or URL over 16 KB, a malformed request line)
  // never reaches the handler above: Node answers 431 or 400 with an empty body. Answer in the
  // API's JSON error shape instead (the path is not known then, so pages get JSON too).
  const CLIENT_ERRORS = {
    HPE_HEADER_OVERFLOW: [431, "HEADERS_TOO_LARGE", "The request's address or headers are too large (at most 16 KB). Send a shorter query string, or fewer cookies."],
    ERR_HTTP_REQUEST_TIMEOUT: [408, "REQUEST_TIMEOUT", "The request took too long to arrive. Try again."],
  };
  server.on("clientError", (err, socket) => {
    // As Node does: answer only when no response of this connection is half-written.
    if (err.code !== "ECONNRESET" && socket.writable && !socket._httpMessage?._headerSent) {
      const [status, code, message] = CLIENT_ERRORS[err.code] ?? [400, "BAD_REQUEST", "The request is not valid HTTP and could not be read."];
      const body = JSON.stringify({ error: { code, message } });
      const head = { ...BARE_HEADERS, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), Connection: "close" };
      socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`);
    } else socket.destroy(err);
  });

  server.listen(port, hostname, () => console.log(`[claimdesk] listening on http://${hostname ?? "localhost"}:${port}${dev ? " (development)" : ""}`));

  async function drain(signal) {
    if (draining) return;
    draining = true;
    console.log(`[claimdesk] ${signal}: finishing ${inFlight} request(s) in flight, then stopping`);
    server.close();
    server.closeIdleConnections();
    const deadline = Date.now() + drainMs;
    while (inFlight > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      server.closeIdleConnections();
    }
    if (inFlight > 0) console.warn(`[claimdesk] ${inFlight} request(s) still running after ${drainMs} ms: stopping anyway`);
    server.closeAllConnections();
    // The background jobs this process runs (lib/server/jobs.ts) finish or are handed back before exit:
    // a job cut off here would wait for its expiry before another worker retried it.
    const stopJobs = globalThis[Symbol.for("claimdesk.stopJobs")];
    if (typeof stopJobs === "function") await stopJobs().catch((e) => console.warn(`[claimdesk] stopping background jobs: ${e.message}`));
    await app.close().catch(() => {});
    process.exit(0);
  }
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void drain(signal));
}
