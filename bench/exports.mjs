// Exports (issues 5 and 13): GET /api/exports of 1,000,000 claims, CSV and JSON, through HTTP as the
// demo editor, beside the anchor measured in the same run on the same database: psql's
// `\copy (SELECT <the CSV's claim columns> FROM "Claim" WHERE <the team>) TO '/dev/null' WITH CSV`, a
// flat table's raw COPY (issue 13's target: the CSV export at >= 0.5x of it). Also \copy of the CSV
// export's query as it was before issue 13 (main at 67ac395: LATERAL probe of the verdict table per
// claim, sources aggregated per claim) and of today's COPY query, to show where the time goes.
// Other targets: the download starts within 1 s, the server's RSS grows by less than 100 MB.
// psql: found on PATH (or /usr/bin/psql); without it (`apt-get install postgresql-client`), the
// COPYs go through pg-copy-streams' COPY (...) TO STDOUT instead, and the table says so.
//
// Seeding is straight SQL (generate_series): a team "Bench exports" that the demo editor joins,
// 250 documents × 4,000 fixed-length sentences, a claim per sentence (attributions on some), 80%
// judged (40% SOURCED with 1-2 sources, 20% DISPUTED, 20% OPINION; a fifth of those replaced an
// earlier verdict), 20% unreviewed.
//
// RSS: the next-server process (found by the port it listens on), sampled every 100 ms from
// /proc/<pid>/status; its peak (VmHWM) is reset before each export (clear_refs), so "peak - before"
// is what the export itself cost.
//
// Run: `npm run bench -- exports` once run.mjs lists it, or on its own: `node bench/exports.mjs`
// (the same orchestration: embedded Postgres on .data/pg-bench-exports, build if needed, the app server).
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { bin, root } from "../scripts/app-process.mjs";
import { EDITOR, REVIEWER, signIn } from "./lib/client.mjs";
import { round } from "./lib/stats.mjs";

const DOCUMENTS = Number(process.env.BENCH_EXPORT_DOCUMENTS ?? 250);
const PER_DOCUMENT = Number(process.env.BENCH_EXPORT_PER_DOCUMENT ?? 4_000);
const CLAIMS = DOCUMENTS * PER_DOCUMENT;
const TARGET_TTFB_MS = 1_000;
const TARGET_RSS_GROWTH_MB = 100;

// ---------------------------------------------------------------------------------------------
// Seed

// One sentence per claim, all the same length so offsets are arithmetic: 'Report 001, sentence
// 0001: …'. The SQL below builds the very same string (format() with the same widths).
const SENTENCE_SQL = (d, k) =>
  `format('Report %s, sentence %s: the figure rose by %s percent, officials said.', lpad((${d})::text, 3, '0'), lpad((${k})::text, 4, '0'), lpad(((${k}) % 90 + 10)::text, 2, '0'))`;
const SENTENCE_LENGTH = "Report 001, sentence 0001: the figure rose by 11 percent, officials said.".length;
const STEP = SENTENCE_LENGTH + 1; // and a space

export async function seed(databaseUrl, log) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    await client.query("SET synchronous_commit = off");
    const users = (await client.query(`SELECT id, email FROM "User" WHERE email = ANY($1)`, [[EDITOR, REVIEWER]])).rows;
    const editorId = users.find((u) => u.email === EDITOR)?.id;
    const reviewerId = users.find((u) => u.email === REVIEWER)?.id;
    if (!editorId || !reviewerId) throw new Error("the demo editor and reviewer are missing: seed the demo team first");
    const slug = `bench-exports-${Date.now().toString(36)}`;
    const teamId = (await client.query(`INSERT INTO "Team" (name, slug) VALUES ('Bench exports', $1) RETURNING id`, [slug])).rows[0].id;
    await client.query(`INSERT INTO "Membership" ("userId", "teamId", role) VALUES ($1, $3, 'EDITOR'), ($2, $3, 'REVIEWER')`, [editorId, reviewerId, teamId]);

    await client.query(
      `INSERT INTO "Document" ("teamId", title, "sourceUrl", publisher, author, "publishedAt", text, sha256, length, "importedById")
       SELECT $1, format('Bench report %s: budget, "transport" and 🇺🇦 aid', d), format('https://news.example.org/bench/%s', d),
              'Bench News', 'A. Writer', date '2026-01-01' + d, t.text, encode(sha256(convert_to(t.text, 'UTF8')), 'hex'), char_length(t.text), $2
       FROM generate_series(1, $3::int) d
       CROSS JOIN LATERAL (SELECT string_agg(${SENTENCE_SQL("d", "k")}, ' ' ORDER BY k) || ' ' AS text FROM generate_series(0, $4::int - 1) k) t`,
      [teamId, editorId, DOCUMENTS, PER_DOCUMENT],
    );
    log(`  seed: ${DOCUMENTS} documents in ${round((performance.now() - t0) / 1000)} s`);

    // Prefix/suffix: the 32 code points around the sentence (all ASCII here), computed from the
    // neighbouring sentences rather than cut out of the 290 KB text a million times.
    await client.query(
      `INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, speaker, cue, status, version, origin, "createdAt", "updatedAt")
       SELECT $1, doc.id, k * ${STEP}, k * ${STEP} + ${SENTENCE_LENGTH}, ${SENTENCE_SQL("d", "k")},
              CASE WHEN k = 0 THEN '' ELSE right(${SENTENCE_SQL("d", "k - 1")} || ' ', 32) END,
              left(' ' || CASE WHEN k = $2::int - 1 THEN '' ELSE ${SENTENCE_SQL("d", "k + 1")} END, 32),
              CASE k % 5 WHEN 0 THEN 'Ministry of Finance' WHEN 1 THEN 'Olena Petrenko' ELSE NULL END,
              CASE k % 5 WHEN 0 THEN 'the ministry said' WHEN 1 THEN 'Petrenko told reporters' ELSE NULL END,
              (CASE WHEN k % 10 < 4 THEN 'SOURCED' WHEN k % 10 < 6 THEN 'DISPUTED' WHEN k % 10 < 8 THEN 'OPINION' ELSE 'UNREVIEWED' END)::"ClaimStatus",
              CASE WHEN k % 10 IN (0, 4) THEN 3 WHEN k % 10 < 8 THEN 2 ELSE 1 END,
              'SEGMENTER', now(), now()
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS d FROM "Document" WHERE "teamId" = $1) doc
       CROSS JOIN generate_series(0, $2::int - 1) k`,
      [teamId, PER_DOCUMENT],
    );
    log(`  seed: ${CLAIMS} claims after ${round((performance.now() - t0) / 1000)} s`);

    // Verdicts: the final one (the claim's version) and, for a fifth, an earlier OPINION it replaced.
    await client.query(
      `INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, reason, "reviewerId", version, "createdAt")
       SELECT c."teamId", c.id, 'OPINION'::"VerdictLabel", NULL, NULL, $2::int, 2, now() - interval '2 days'
       FROM "Claim" c WHERE c."teamId" = $1 AND c.version = 3
       UNION ALL
       SELECT c."teamId", c.id, c.status::text::"VerdictLabel",
              CASE c.status WHEN 'DISPUTED' THEN 'The agency''s own table gives 2.1 percent, not "3.5", for that month.' WHEN 'SOURCED' THEN 'Matches the published table.' END,
              CASE WHEN c.version = 3 THEN 'New figures from the agency.' END,
              CASE WHEN c.id % 2 = 0 THEN $2::int ELSE $3::int END, c.version, now() - interval '1 day'
       FROM "Claim" c WHERE c."teamId" = $1 AND c.status <> 'UNREVIEWED'`,
      [teamId, editorId, reviewerId],
    );
    await client.query(
      `INSERT INTO "Source" ("verdictId", position, url, title, publisher, quote, "accessedAt")
       SELECT v.id, p, format('https://stats.example.org/tables/%s?part=%s', v.id, p), format('Monthly statistics, table %s', p + 1),
              'Statistics Office', 'The figure rose by 3.5 percent in the month, the office said.', date '2026-02-01'
       FROM "Verdict" v CROSS JOIN generate_series(0, 1) p
       WHERE v."teamId" = $1 AND v.label = 'SOURCED' AND (p = 0 OR v.id % 2 = 0)`,
      [teamId],
    );
    await client.query(`ANALYZE "Claim"; ANALYZE "Verdict"; ANALYZE "Source"; ANALYZE "Document"; ANALYZE "User"`);
    const counts = (
      await client.query(
        `SELECT (SELECT count(*) FROM "Claim" WHERE "teamId" = $1)::int AS claims, (SELECT count(*) FROM "Verdict" WHERE "teamId" = $1)::int AS verdicts,
                (SELECT count(*) FROM "Source" s JOIN "Verdict" v ON v.id = s."verdictId" WHERE v."teamId" = $1)::int AS sources`,
        [teamId],
      )
    ).rows[0];
    const seconds = round((performance.now() - t0) / 1000);
    log(`  seed: ${counts.claims} claims, ${counts.verdicts} verdicts, ${counts.sources} sources in ${seconds} s`);
    return { teamId, ...counts, seconds };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** The pid listening on a loopback TCP port (the next-server process), via /proc/net/tcp inodes. */
function pidListeningOn(port) {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1].endsWith(`:${hex}`) && f[3] === "0A") inodes.add(f[9]);
    }
  }
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      for (const fd of readdirSync(`/proc/${name}/fd`)) {
        const link = readlinkSync(`/proc/${name}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m && inodes.has(m[1])) return Number(name);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return null;
}

const statusKb = (pid, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

function rssSampler(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5"); // resets VmHWM to the current RSS
  } catch {
    // not allowed here: the sampled peak still holds
  }
  const before = statusKb(pid, "VmRSS");
  let peak = before;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, statusKb(pid, "VmRSS"));
    } catch {
      // the process went away; the run fails elsewhere
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const hwm = statusKb(pid, "VmHWM");
      const after = statusKb(pid, "VmRSS");
      const top = Math.max(peak, Number.isFinite(hwm) ? hwm : 0);
      return { beforeMB: round(before / 1024), peakMB: round(top / 1024), afterMB: round(after / 1024), growthMB: round((top - before) / 1024) };
    },
  };
}

/** Downloads an export, counting bytes and CSV records; resolves with the timings. */
function download(url, cookie, { gzip = false, countCsvRows = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let headersMs = null;
    let firstByteMs = null;
    let bytes = 0;
    let crlf = 0;
    let tail = Buffer.alloc(0);
    const req = http.get(url, { headers: { cookie, "accept-encoding": gzip ? "gzip" : "identity" } }, (res) => {
      headersMs = performance.now() - t0;
      if (res.statusCode !== 200) {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => reject(new Error(`HTTP ${res.statusCode}: ${body.slice(0, 300)}`)));
        return;
      }
      res.on("data", (chunk) => {
        if (firstByteMs === null) firstByteMs = performance.now() - t0;
        bytes += chunk.length;
        if (countCsvRows) for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) crlf++;
        tail = Buffer.concat([tail, chunk]).subarray(-300);
      });
      res.on("end", () =>
        resolve({
          ms: performance.now() - t0,
          headersMs,
          firstByteMs,
          bytes,
          csvRecords: countCsvRows ? crlf - 1 : null,
          contentEncoding: res.headers["content-encoding"] ?? null,
          tail: tail.toString("latin1"),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The export's SQL for the team (lib/server/exports.ts): the CSV's COPY statement, or the JSON cursor's query, team id inlined. */
function exportSqlFor(teamId, format) {
  return new Promise((resolve, reject) => {
    const call = format === "csv" ? `m.exportCsvCopySql(${teamId}, {})` : `m.exportSql(${teamId}, {}, ${JSON.stringify(format)})`;
    const code = `import("./lib/server/exports.ts").then((m) => console.log("SQL " + JSON.stringify(${call})))`;
    const child = spawn(bin("tsx"), ["--conditions=react-server", "-e", code], { cwd: root, env: { ...process.env, DATABASE_URL: "postgresql://unused/unused" }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (status) => {
      const line = out.split("\n").find((l) => l.startsWith("SQL "));
      if (status !== 0 || !line) return reject(new Error(`could not get the export SQL (exit ${status})`));
      const sql = JSON.parse(line.slice(4));
      if (format === "csv") return resolve(sql.replace(/^COPY \(/, "").replace(/\) TO STDOUT WITH \(FORMAT csv\)$/, "").replace(/\s+/g, " ").trim());
      if (sql.values.length !== 1) return reject(new Error("expected the team id as the only parameter"));
      resolve(sql.text.replace(/\$1\b/g, String(teamId)).replace(/\s+/g, " ").trim());
    });
  });
}

/** The anchor: the claim table's own columns that the CSV carries, the team's open claims, no join, no order. */
const flatClaimsSql = (teamId) =>
  `SELECT "documentId", id, start, "end", exact, prefix, suffix, speaker, cue, status, "createdAt", version FROM "Claim" WHERE "teamId" = ${teamId} AND "dismissedAt" IS NULL`;

/** The CSV export's query before issue 13 (main at 67ac395), for the before/after table. */
const csvQueryBeforeIssue13 = (teamId) => `
  SELECT c.id, c."documentId", d.title AS "documentTitle", d."sourceUrl" AS "documentUrl", c.start, c."end", c.exact, c.prefix, c.suffix, c.speaker, c.cue,
         c.status::text AS status, c.origin::text AS origin, c.version, to_char(c."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
         v.label::text AS "verdictLabel", v.version AS "verdictVersion", v.rationale, v.reason, to_char(v."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "verdictAt",
         v."reviewerId", u.name AS "reviewerName", u.email AS "reviewerEmail", src."sourcesText", src."sourceUrls"
  FROM "Claim" c
  JOIN "Document" d ON d.id = c."documentId" AND d."teamId" = c."teamId"
  LEFT JOIN LATERAL (SELECT v.id, v.label, v.version, v.rationale, v.reason, v."createdAt", v."reviewerId" FROM "Verdict" v
                     WHERE v."claimId" = c.id AND v."teamId" = c."teamId" ORDER BY v.version DESC LIMIT 1) v ON true
  LEFT JOIN "User" u ON u.id = v."reviewerId"
  LEFT JOIN LATERAL (SELECT string_agg(concat_ws(' ', NULLIF(s.title, ''), '<' || s.url || '>', '“' || NULLIF(s.quote, '') || '”'), ' | ' ORDER BY s.position) AS "sourcesText",
                            string_agg(s.url, ' ' ORDER BY s.position) AS "sourceUrls" FROM "Source" s WHERE s."verdictId" = v.id) src ON true
  WHERE c."teamId" = ${teamId} AND c."dismissedAt" IS NULL
  ORDER BY c."documentId", c.start, c."end", c.id`.replace(/\s+/g, " ").trim();

/** psql on PATH (or at /usr/bin/psql), else null. */
function findPsql() {
  for (const dir of [...(process.env.PATH ?? "").split(":").filter(Boolean), "/usr/bin"]) {
    const candidate = path.join(dir, "psql");
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function psqlCopy(psql, databaseUrl, sql) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(psql, [databaseUrl, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy (${sql}) TO '/dev/null' WITH CSV`], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ ms: performance.now() - t0 }) : reject(new Error(`psql \\copy failed: ${err.slice(0, 500)}`))));
  });
}

/** Without psql: the same COPY through node-postgres and pg-copy-streams, the bytes counted and dropped. */
async function streamCopy(databaseUrl, sql) {
  const { to } = (await import("pg-copy-streams")).default ?? (await import("pg-copy-streams"));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t0 = performance.now();
    const stream = client.query(to(`COPY (${sql}) TO STDOUT WITH (FORMAT csv)`));
    for await (const chunk of stream) void chunk;
    return { ms: performance.now() - t0 };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

export async function run(ctx) {
  // BENCH_EXPORT_TEAM=<id>: measure again on a team seeded by an earlier run (same database).
  const seeded = process.env.BENCH_EXPORT_TEAM ? { teamId: Number(process.env.BENCH_EXPORT_TEAM), reused: true } : await seed(ctx.databaseUrl, ctx.log);
  const port = Number(new URL(ctx.url).port);
  const pid = pidListeningOn(port);
  if (!pid) throw new Error(`no process found listening on port ${port}`);
  const editor = await signIn(ctx.url, EDITOR);
  const cookie = `${editor.cookie}; claimdesk-team=${seeded.teamId}`;

  // Warm-up: route chunks, the pool's first connection, JIT (a one-document export).
  const firstDocument = await firstDocumentId(ctx.databaseUrl, seeded.teamId);
  for (const format of ["csv", "json"]) await download(`${ctx.url}/api/exports?format=${format}&verdict=DISPUTED&document=${firstDocument}`, cookie);

  const results = { claims: CLAIMS, seed: seeded, runs: {} };

  // The raw COPYs, twice each (the first also warms the cache for what follows); the best time counts.
  const psql = findPsql();
  if (!psql) ctx.log("  psql not found on PATH: install it (`apt-get install postgresql-client`) for the anchor as the issue defines it; using pg-copy-streams' COPY TO STDOUT instead");
  results.copyTool = psql ? `psql \\copy (${psql})` : "pg-copy-streams COPY TO STDOUT (psql not installed)";
  const copyOnce = (sql) => (psql ? psqlCopy(psql, ctx.databaseUrl, sql) : streamCopy(ctx.databaseUrl, sql));
  results.copy = {};
  for (const [name, sql] of [
    ["flat", flatClaimsSql(seeded.teamId)],
    ["csvBefore", csvQueryBeforeIssue13(seeded.teamId)],
    ["csv", await exportSqlFor(seeded.teamId, "csv")],
    ["json", await exportSqlFor(seeded.teamId, "json")],
  ]) {
    const times = [];
    for (let i = 0; i < 2; i++) times.push((await copyOnce(sql)).ms);
    const ms = Math.min(...times);
    results.copy[name] = { ms: round(ms), rowsPerS: Math.round(CLAIMS / (ms / 1000)), all: times.map((m) => round(m)) };
    ctx.log(`  ${results.copyTool} of ${name}: ${round(ms / 1000, 2)} s, ${results.copy[name].rowsPerS} rows/s`);
  }

  for (const [name, format, gzip] of [
    ["csv", "csv", false],
    ["json", "json", false],
    ["csv-gzip", "csv", true],
  ]) {
    const sampler = rssSampler(pid);
    const r = await download(`${ctx.url}/api/exports?format=${format}`, cookie, { gzip, countCsvRows: format === "csv" && !gzip });
    const rss = sampler.stop();
    const counted = format === "json" ? Number(/"claims":(\d+)\}\}\s*$/.exec(r.tail)?.[1] ?? NaN) : r.csvRecords;
    const run = {
      ms: round(r.ms),
      rowsPerS: Math.round(CLAIMS / (r.ms / 1000)),
      // Against the flat table's COPY (issue 13), and against the raw COPY of the format's own query.
      ofCopy: round(results.copy.flat.ms / r.ms, 2),
      ofOwnQuery: round(results.copy[format].ms / r.ms, 2),
      ttfbMs: round(r.firstByteMs),
      headersMs: round(r.headersMs),
      mb: round(r.bytes / 2 ** 20),
      contentEncoding: r.contentEncoding,
      rows: counted,
      rss,
    };
    results.runs[name] = run;
    ctx.log(
      `  ${name}: ${round(r.ms / 1000, 2)} s, ${run.rowsPerS} rows/s (${run.ofCopy}× COPY), first byte ${run.ttfbMs} ms, ${run.mb} MB${gzip ? ` (${r.contentEncoding})` : ""}, rows ${counted ?? "n/a"}, RSS ${rss.beforeMB} → peak ${rss.peakMB} MB (+${rss.growthMB})`,
    );
  }
  const main = [results.runs.csv, results.runs.json];
  results.met = {
    ttfb: main.every((x) => x.ttfbMs < TARGET_TTFB_MS),
    rss: Object.values(results.runs).every((x) => x.rss.growthMB < TARGET_RSS_GROWTH_MB),
    halfOfCopy: results.runs.csv.ofCopy >= 0.5,
    rows: results.runs.csv.rows === CLAIMS && results.runs.json.rows === CLAIMS,
  };
  return results;
}

async function firstDocumentId(databaseUrl, teamId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(`SELECT min(id) AS id FROM "Document" WHERE "teamId" = $1`, [teamId])).rows[0].id;
  } finally {
    await client.end();
  }
}

export function rows(r) {
  const n = r.claims >= 1e6 ? `${r.claims / 1e6}M` : String(r.claims);
  const line = (name, x) => [
    `exports: ${name} ${n} claims: time, rows/s (× raw COPY)`,
    `${round(x.ms / 1000, 2)} s, ${x.rowsPerS}/s (${x.ofCopy}× flat, ${x.ofOwnQuery}× own query), ${x.mb} MB${x.contentEncoding ? ` ${x.contentEncoding}` : ""}`,
    name === "CSV" ? "≥ 0.5× flat COPY" : "",
  ];
  return [
    [`exports: ${r.copyTool ?? "psql \\copy"} of the flat claim columns (anchor)`, `${round(r.copy.flat.ms / 1000, 2)} s, ${r.copy.flat.rowsPerS}/s`, ""],
    ["exports: same, of the CSV query before issue 13 / the CSV COPY query / the JSON query", [r.copy.csvBefore, r.copy.csv, r.copy.json].map((c) => `${round(c.ms / 1000, 2)} s, ${c.rowsPerS}/s`).join(" / "), ""],
    line("CSV", r.runs.csv),
    line("JSON", r.runs.json),
    line("CSV gzip", r.runs["csv-gzip"]),
    ["exports: time to first byte CSV / JSON / CSV gzip", `${r.runs.csv.ttfbMs} / ${r.runs.json.ttfbMs} / ${r.runs["csv-gzip"].ttfbMs} ms`, "< 1000 ms"],
    [
      "exports: next-server RSS growth (peak - before) CSV / JSON / gzip",
      `${r.runs.csv.rss.growthMB} / ${r.runs.json.rss.growthMB} / ${r.runs["csv-gzip"].rss.growthMB} MB`,
      "< 100 MB",
    ],
    ["exports: rows received CSV / JSON", `${r.runs.csv.rows} / ${r.runs.json.rows}`, String(r.claims)],
  ];
}

// ---------------------------------------------------------------------------------------------
// Standalone: `node bench/exports.mjs` runs the same orchestration as run.mjs, for this bench only.

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { runStandalone } = await import("./lib/standalone.mjs");
  const pg = { dataDir: path.join(".data", "pg-bench-exports"), database: "claimdesk_bench_exports", preferredPort: 5435, recreate: true };
  process.exit(await runStandalone({ name: "exports", pg, seedDemo: true, run, rows }));
}
