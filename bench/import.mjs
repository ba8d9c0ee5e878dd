// Import of a ~1 MB article (~10,000 sentences). Target: under 1 s server time.
// HTTP: POST /api/documents 5 times, each a different generated text (identical text is refused
// as a duplicate), wall time from request start to the last byte of the 201 response.
// In-process: importDocument() called directly by bench/import-server.ts (tsx) on the same
// database, which gives server time without HTTP, plus a breakdown.
import { EDITOR, signIn } from "./lib/client.mjs";
import { median, max, round } from "./lib/stats.mjs";
import { articleText } from "./lib/text.mjs";
import { runTsx } from "./lib/tsx.mjs";

const RUNS = 5;
const SENTENCES = 10_000;
const TARGET_MS = 1000;

const inProcess = (ctx) => runTsx("bench/import-server.ts", [RUNS, SENTENCES, 201], { DATABASE_URL: ctx.databaseUrl, DB_POOL_SIZE: "10" });

/**
 * Polls the document until the suggestions computed after a big import are in (decision 0012);
 * returns the time they were seen. Each poll reads the whole document (~170 ms for 10,000 claims).
 */
async function suggestionsReady(api, id) {
  for (let tries = 0; tries < 600; tries++) {
    const res = await api.request("GET", `/api/documents/${id}`);
    if (res.status !== 200) throw new Error(`document ${id}: HTTP ${res.status}`);
    if (!res.json.document.assistPending) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`document ${id}: suggestions still pending after the polls`);
}

export async function run(ctx) {
  const api = await signIn(ctx.url, EDITOR);
  // Warm-up: the first request to a route loads its server chunk; not reported.
  const warm = await api.request("POST", "/api/documents", { title: "Bench import warm-up", text: articleText({ seed: 100, sentences: 2_000 }) });
  if (warm.status !== 201) throw new Error(`warm-up import: HTTP ${warm.status} ${JSON.stringify(warm.json).slice(0, 300)}`);
  await suggestionsReady(api, warm.json.document.id);

  const http = [];
  for (let i = 0; i < RUNS; i++) {
    const seed = 101 + i;
    const text = articleText({ seed, sentences: SENTENCES }); // generated before the clock starts
    const started = performance.now();
    const res = await api.request("POST", "/api/documents", { title: `Bench import ${seed}`, text });
    if (res.status !== 201) throw new Error(`import ${seed}: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
    const suggestionsMs = (await suggestionsReady(api, res.json.document.id)) - started;
    http.push({ seed, bytes: Buffer.byteLength(text), claims: res.json.document.claims.length, ms: res.ms, headersMs: res.headersMs, responseBytes: res.bytes, suggestionsMs });
    ctx.log(`  HTTP import ${i + 1}/${RUNS}: ${Math.round(res.ms)} ms (headers after ${Math.round(res.headersMs)} ms), ${res.json.document.claims.length} claims; suggestions ready after ${Math.round(suggestionsMs)} ms`);
  }

  const { runs: server, explain } = await inProcess(ctx);
  ctx.log(`  EXPLAIN ANALYZE of the Claim INSERT (${explain.rows} rows): execution ${Math.round(explain.executionMs)} ms, of which triggers ${explain.triggers.map((t) => `${t.name} ${Math.round(t.ms)} ms`).join(", ") || "none"}; wall ${Math.round(explain.wallMs)} ms`);
  for (const r of server)
    ctx.log(`  in-process import ${r.seed}: ${Math.round(r.importMs)} ms (segment ${Math.round(r.segmentMs)}, read-back ${Math.round(r.readBackMs)}, in SQL ${Math.round(r.sql.ms)} ms / ${r.sql.roundTrips} queries)`);

  const httpMs = http.map((r) => r.ms);
  const serverMs = server.map((r) => r.importMs);
  return {
    target: `server time < ${TARGET_MS} ms for ~1 MB / ~10,000 sentences`,
    textBytes: { min: Math.min(...http.map((r) => r.bytes)), max: Math.max(...http.map((r) => r.bytes)) },
    claims: { min: Math.min(...http.map((r) => r.claims)), max: Math.max(...http.map((r) => r.claims)) },
    responseBytes: median(http.map((r) => r.responseBytes)),
    http: {
      runs: httpMs.map((x) => round(x)),
      median: round(median(httpMs)),
      max: round(max(httpMs)),
      headersRuns: http.map((r) => round(r.headersMs)),
      headersMedian: round(median(http.map((r) => r.headersMs))),
      headersMax: round(max(http.map((r) => r.headersMs))),
      suggestionsMedian: round(median(http.map((r) => r.suggestionsMs))),
      suggestionsMax: round(max(http.map((r) => r.suggestionsMs))),
    },
    server: {
      runs: serverMs.map((x) => round(x)),
      median: round(median(serverMs)),
      max: round(max(serverMs)),
      segmentMedian: round(median(server.map((r) => r.segmentMs))),
      readBackMedian: round(median(server.map((r) => r.readBackMs))),
      suggestionsAfterMedian: round(median(server.map((r) => r.suggestionsAfterMs))),
      fragmentsAfterMedian: round(median(server.map((r) => r.fragmentsAfterMs))),
      stringifyMedian: round(median(server.map((r) => r.stringifyMs))),
      // the rest: duplicate check + the insert transaction (estimate: total - segmentation - read-back)
      writeMedian: round(median(server.map((r) => r.importMs - r.segmentMs - r.readBackMs))),
      // time inside the pg driver's queries (DB + wire) during importDocument, and the slowest ones
      sqlMsMedian: round(median(server.map((r) => r.sql.ms))),
      sqlRoundTrips: server[0]?.sql.roundTrips,
      claimInsertExplain: explain,
      slowestSql: server.map((r) => r.sql.slowest.map((q) => `${Math.round(q.ms)} ms ${q.sql}`)),
    },
    met: median(serverMs) < TARGET_MS && max(serverMs) < TARGET_MS,
  };
}

export function rows(r) {
  return [
    ["import: claims per article", `${r.claims.min}–${r.claims.max} (${(r.textBytes.min / 1e6).toFixed(2)}–${(r.textBytes.max / 1e6).toFixed(2)} MB)`, ""],
    ["import: server time (in-process) median / max", `${r.server.median} / ${r.server.max} ms`, "< 1000 ms"],
    ["import: HTTP until response headers median / max", `${r.http.headersMedian} / ${r.http.headersMax} ms`, "(< 1000 ms server)"],
    ["import: HTTP wall time median / max", `${r.http.median} / ${r.http.max} ms`, ""],
    ["import: suggestions ready after (HTTP, from the request) median / max", `${r.http.suggestionsMedian} / ${r.http.suggestionsMax} ms`, "(after the response)"],
    ["import: suggestions ready after (in-process) median", `${r.server.suggestionsAfterMedian} ms`, ""],
    ["import: search fragments copied after (in-process, from the call) median", `${r.server.fragmentsAfterMedian} ms`, "(found at once meanwhile)"],
    ["import: in-process segment / write / read-back", `${r.server.segmentMedian} / ${r.server.writeMedian} / ${r.server.readBackMedian} ms`, ""],
    ["import: in-process time inside SQL queries (median)", `${r.server.sqlMsMedian} ms in ${r.server.sqlRoundTrips} round trips`, ""],
    ["import: Claim INSERT in PostgreSQL (EXPLAIN ANALYZE)", `${round(r.server.claimInsertExplain.executionMs)} ms, FK triggers ${round(r.server.claimInsertExplain.triggers.reduce((a, t) => a + t.ms, 0))} ms`, ""],
    ["import: response body", `${(r.responseBytes / 1e6).toFixed(1)} MB (JSON.stringify ${r.server.stringifyMedian} ms)`, ""],
  ];
}
