// Search (issue 6): GET /api/search over 1,000,000 claims, through HTTP as the demo editor.
// Target: p95 under 100 ms for a mix of queries (rare word, common word, two-word phrase, partial
// word; each with and without filters), one request at a time.
//
// Seed (straight SQL in batches, indexes rebuilt after the bulk insert): a team "Bench search" that
// the demo editor and reviewer join with 8 more reviewers, 500 documents × 2,000 claims. Claim text
// is NOT one template: a word-bigram Markov chain trained on the seed articles (seeds/*.txt) and the
// evaluation sentences (tests/fixtures/eval/*.tsv) writes each sentence, and about one content word
// in ten is replaced by a number or by a name drawn from a 40,000-name long tail with Zipf weights
// (rank^-1.1), so that word frequencies fall off like real text: a few words in a third of all
// claims, most words in a handful. 80% judged (45% SOURCED, 20% DISPUTED, 15% OPINION) by one of 10
// reviewers within 30 days of its document's import (documents arrive over two years, so verdict
// dates follow claim ids as they do in use), a current Verdict row each (no sources), 3% dismissed.
//
// Run: `npm run bench -- search`, or on its own: `node bench/search.mjs` (its own Postgres in
// .data/pg-bench-search, the same orchestration as run.mjs). BENCH_SEARCH_TEAM=<id> measures again
// on a team seeded earlier in the same database; BENCH_SEARCH_CLAIMS changes the size.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { root } from "../scripts/app-process.mjs";
import { EDITOR, REVIEWER, signIn } from "./lib/client.mjs";
import { round, summary } from "./lib/stats.mjs";
import { BENCH_PG_SETTINGS } from "./lib/pg-settings.mjs";
import { rng, sentenceSpans } from "./lib/text.mjs";

const PER_DOCUMENT = 2_000;
const CLAIMS = Number(process.env.BENCH_SEARCH_CLAIMS ?? 1_000_000);
const DOCUMENTS = Math.ceil(CLAIMS / PER_DOCUMENT);
const QUERIES_PER_KIND = Number(process.env.BENCH_SEARCH_QUERIES_PER_KIND ?? 25);
const TARGET_P95_MS = 100;

// ---------------------------------------------------------------------------------------------
// Text: a bigram chain over real sentences, with Zipf-weighted substitutions.

function corpusSentences() {
  const sentences = [];
  for (const f of readdirSync(path.join(root, "seeds")).filter((f) => f.endsWith(".txt")))
    for (const s of readFileSync(path.join(root, "seeds", f), "utf8").split(/(?<=[.!?”"])\s+|\n+/)) sentences.push(s);
  const evalDir = path.join(root, "tests", "fixtures", "eval");
  for (const f of readdirSync(evalDir).filter((f) => f.endsWith(".tsv")))
    for (const line of readFileSync(path.join(evalDir, f), "utf8").split("\n").slice(1)) {
      const cell = line.split("\t")[0] ?? "";
      sentences.push(...cell.split(/(?<=[.!?])\s+/));
    }
  return sentences.map((s) => s.trim()).filter((s) => s.split(/\s+/).length >= 5);
}

const SYLLABLES = ["ka", "ro", "len", "mi", "sha", "dor", "vik", "tal", "ne", "bru", "zan", "pel", "os", "ti", "gar", "yu", "mer", "lan", "chi", "fo", "dex", "ri", "sol", "ba", "nu", "kov", "ess", "ang", "wel", "um"];

/** A deterministic sentence generator; same seed, same sentences. */
export function makeGenerator(seed = 42) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const next = new Map(); // token -> following tokens (with repetition: frequencies)
  const starts = [];
  for (const s of corpusSentences()) {
    const tokens = s.split(/\s+/).filter(Boolean);
    starts.push(tokens[0]);
    for (let i = 0; i < tokens.length; i++) {
      const key = tokens[i];
      const following = tokens[i + 1] ?? "\n";
      if (!next.has(key)) next.set(key, []);
      next.get(key).push(following);
    }
  }
  // The long tail: 40,000 made-up names, drawn with Zipf weights.
  const tail = [];
  const seen = new Set();
  while (tail.length < 40_000) {
    const n = 2 + Math.floor(rand() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += pick(SYLLABLES);
    w = w[0].toUpperCase() + w.slice(1);
    if (seen.has(w)) continue;
    seen.add(w);
    tail.push(w);
  }
  const cumulative = [];
  let total = 0;
  for (let r = 1; r <= tail.length; r++) cumulative.push((total += 1 / r ** 1.1));
  const zipf = () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return tail[lo];
  };
  const number = () => {
    const r = rand();
    if (r < 0.4) return String(Math.floor(rand() * 100) + 1);
    if (r < 0.7) return `${(rand() * 50).toFixed(1)}%`;
    if (r < 0.85) return String(1990 + Math.floor(rand() * 36));
    return `${Math.floor(rand() * 900) + 100},${String(Math.floor(rand() * 1000)).padStart(3, "0")}`;
  };
  return () => {
    const out = [];
    let token = pick(starts);
    while (out.length < 45) {
      const r = rand();
      // Substitutions keep punctuation glued to the word they replace.
      const m = /^([^\p{L}\p{N}]*)([\p{L}\p{N}'’-]+)([^\p{L}\p{N}]*)$/u.exec(token);
      if (m && m[2].length > 3 && r < 0.1) out.push(`${m[1]}${r < 0.04 ? number() : zipf()}${m[3]}`);
      else out.push(token);
      const following = next.get(token);
      if (!following) break;
      token = pick(following);
      if (token === "\n") break;
    }
    let s = out.join(" ");
    if (!/[.!?”"]$/.test(s)) s += ".";
    return s;
  };
}

// ---------------------------------------------------------------------------------------------
// Seed

const cpLength = (s) => Array.from(s).length;

export async function seed(databaseUrl, log) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  const elapsed = () => `${round((performance.now() - t0) / 1000)} s`;
  try {
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '512MB'");
    const users = (await client.query(`SELECT id, email FROM "User" WHERE email = ANY($1)`, [[EDITOR, REVIEWER]])).rows;
    const editorId = users.find((u) => u.email === EDITOR)?.id;
    const reviewerId = users.find((u) => u.email === REVIEWER)?.id;
    if (!editorId || !reviewerId) throw new Error("the demo editor and reviewer are missing: seed the demo team first");
    const slug = `bench-search-${Date.now().toString(36)}`;
    const teamId = (await client.query(`INSERT INTO "Team" (name, slug) VALUES ('Bench search', $1) RETURNING id`, [slug])).rows[0].id;
    await client.query(`INSERT INTO "Membership" ("userId", "teamId", role) VALUES ($1, $3, 'EDITOR'), ($2, $3, 'REVIEWER')`, [editorId, reviewerId, teamId]);
    const extra = (
      await client.query(
        `INSERT INTO "User" (email, name, "passwordHash")
         SELECT format('bench-search-%s-%s@example.test', $1::text, i), format('Bench reviewer %s', i), 'not-a-valid-hash'
         FROM generate_series(1, 8) i RETURNING id`,
        [slug],
      )
    ).rows.map((r) => r.id);
    await client.query(`INSERT INTO "Membership" ("userId", "teamId", role) SELECT unnest($1::int[]), $2, 'REVIEWER'`, [extra, teamId]);
    const reviewers = [editorId, reviewerId, ...extra];

    // The GIN indexes are built once after the bulk insert (much faster than row by row), from
    // their own definitions as the migrations made them.
    const ginIndexes = (
      await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Claim' AND indexdef ILIKE '%USING gin%'`)
    ).rows;
    for (const ix of ginIndexes) await client.query(`DROP INDEX "${ix.indexname}"`);

    const sentence = makeGenerator(42);
    const rand = rng(7);
    const titleWords = () => sentence().split(/\s+/).slice(0, 4 + Math.floor(rand() * 5)).join(" ").replace(/[.,;:!?]+$/, "");
    for (let d = 0; d < DOCUMENTS; d++) {
      const count = Math.min(PER_DOCUMENT, CLAIMS - d * PER_DOCUMENT);
      // Documents arrive over two years, oldest first; their claims are judged within 30 days.
      const docDay = Math.floor((d * 730) / DOCUMENTS);
      const sentences = Array.from({ length: count }, sentence);
      const text = `${sentences.join(" ")}\nBench search document ${d} of ${slug}.`;
      const title = `${titleWords()} (${d + 1})`;
      const docId = (
        await client.query(
          `INSERT INTO "Document" ("teamId", title, "sourceUrl", publisher, author, "publishedAt", text, sha256, length, "importedById", "importedAt")
           VALUES ($1, $2, $3, $4, $5, date '2024-05-01' + $6::int, $7, encode(sha256(convert_to($7, 'UTF8')), 'hex'), $8, $9, timestamp '2024-06-01 07:00' + make_interval(days => $10::int))
           RETURNING id`,
          [teamId, title, `https://news.example.org/bench/${d}`, ["Bench News", "The Daily Sample", "Wire Service"][d % 3], `Writer ${d % 37}`, docDay, text, cpLength(text), editorId, docDay],
        )
      ).rows[0].id;
      const { starts, ends } = sentenceSpans(sentences);
      const status = [];
      const reviewer = [];
      const judgedDay = [];
      const dismissed = [];
      for (let i = 0; i < count; i++) {
        const r = rand();
        const s = r < 0.45 ? "SOURCED" : r < 0.65 ? "DISPUTED" : r < 0.8 ? "OPINION" : "UNREVIEWED";
        status.push(s);
        reviewer.push(s === "UNREVIEWED" ? null : reviewers[Math.floor(rand() ** 1.5 * reviewers.length)]);
        judgedDay.push(s === "UNREVIEWED" ? null : docDay + Math.floor(rand() * 30));
        dismissed.push(s === "UNREVIEWED" && rand() < 0.15);
      }
      await client.query(
        `INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, status, version, origin, "reviewerId", "judgedAt",
                              "dismissedAt", "createdAt", "updatedAt")
         SELECT $1, $2, s, e, x, '', '', st::"ClaimStatus", CASE WHEN st = 'UNREVIEWED' THEN 1 ELSE 2 END, 'SEGMENTER', rv,
                CASE WHEN jd IS NULL THEN NULL ELSE timestamp '2024-06-01 08:00' + make_interval(days => jd, secs => s % 36000) END,
                CASE WHEN dm THEN now() END, now(), now()
         FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::int[], $8::int[], $9::bool[]) AS t(s, e, x, st, rv, jd, dm)`,
        [teamId, docId, starts, ends, sentences, status, reviewer, judgedDay, dismissed],
      );
      if ((d + 1) % 50 === 0) log(`  seed: ${(d + 1) * PER_DOCUMENT} claims after ${elapsed()}`);
    }
    await client.query(
      `INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, "reviewerId", version, "createdAt")
       SELECT c."teamId", c.id, c.status::text::"VerdictLabel", CASE WHEN c.status = 'DISPUTED' THEN 'The published table says otherwise.' END,
              c."reviewerId", c.version, c."judgedAt"
       FROM "Claim" c WHERE c."teamId" = $1 AND c.status <> 'UNREVIEWED'`,
      [teamId],
    );
    log(`  seed: verdicts after ${elapsed()}; building the GIN indexes...`);
    for (const ix of ginIndexes) await client.query(ix.indexdef);
    await client.query(`VACUUM ANALYZE "Claim"`);
    await client.query(`ANALYZE "Document"; ANALYZE "Verdict"; ANALYZE "User"`);
    const claims = (await client.query(`SELECT count(*)::int AS n FROM "Claim" WHERE "teamId" = $1`, [teamId])).rows[0].n;
    log(`  seed: ${claims} claims in ${DOCUMENTS} documents, indexes rebuilt, in ${elapsed()}`);
    return { teamId, claims, documents: DOCUMENTS, reviewers, seconds: round((performance.now() - t0) / 1000) };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The query mix, drawn from the seeded data itself (word frequencies from the tsvector statistics).

const STOP = new Set(["the", "and", "that", "with", "from", "this", "have", "were", "which", "their", "been", "would", "will", "also"]);

async function queryMix(databaseUrl, teamId, reviewers) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Word frequencies over a 20,000-claim sample of the team: ts_stat counts claims per lexeme.
    const words = (
      await client.query(
        `SELECT word, ndoc FROM ts_stat($$SELECT tsv FROM "Claim" WHERE "teamId" = ${Number(teamId)} AND id % 50 = 0$$)
         WHERE word ~ '^[a-z]{4,}$' ORDER BY ndoc DESC`,
      )
    ).rows.filter((w) => !STOP.has(w.word));
    const sampled = words.length ? words[0].ndoc : 1;
    // ~20,000 sampled claims: ndoc 1-2 there = 50-100 in the team (rare); the top 30 = tens of thousands (common).
    const rare = words.filter((w) => w.ndoc <= 2);
    const common = words.slice(0, 30);
    const rand = rng(99);
    const pick = (list) => list[Math.floor(rand() * list.length)];
    // Real surface words for phrases and partial words: from sample claims.
    const sample = (await client.query(`SELECT exact FROM "Claim" WHERE "teamId" = $1 AND id % 997 = 0 LIMIT 400`, [teamId])).rows.map((r) => r.exact);
    const surface = sample.flatMap((s) => s.match(/\p{L}{5,}/gu) ?? []).map((w) => w.toLowerCase()).filter((w) => !STOP.has(w));
    const bigrams = sample.flatMap((s) => {
      const t = s.match(/\p{L}{4,}/gu) ?? [];
      return t.slice(1).map((w, i) => `${t[i]} ${w}`.toLowerCase());
    });
    const documents = (await client.query(`SELECT id FROM "Document" WHERE "teamId" = $1 ORDER BY id`, [teamId])).rows.map((r) => r.id);
    const filters = () => {
      const f = pick([
        { status: ["SOURCED"] },
        { status: ["DISPUTED", "OPINION"] },
        { reviewer: pick(reviewers) },
        { from: "2025-01-01", to: "2025-03-31" },
        { document: pick(documents) },
        { status: ["SOURCED"], reviewer: pick(reviewers), from: "2024-09-01" },
      ]);
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) for (const x of [v].flat()) params.append(k, String(x));
      return params.toString();
    };
    const kinds = {
      rare: () => pick(rare).word,
      common: () => pick(common).word,
      phrase: () => `"${pick(bigrams)}"`,
      "two words": () => pick(bigrams),
      partial: () => {
        const w = pick(surface);
        return w.slice(0, Math.max(3, Math.min(w.length - 1, 3 + Math.floor(rand() * 3))));
      },
      "word + partial": () => {
        const [a, b] = pick(bigrams).split(" ");
        return `${a} ${b.slice(0, 4)}`;
      },
    };
    const queries = [];
    for (const [kind, make] of Object.entries(kinds))
      for (let i = 0; i < QUERIES_PER_KIND; i++) {
        queries.push({ kind, filtered: false, q: make() });
        queries.push({ kind, filtered: true, q: make(), filters: filters() });
      }
    return { queries, rareWords: rare.length, commonTop: common.slice(0, 5).map((w) => `${w.word} (${Math.round((w.ndoc / sampled) * 100)}% of the top)`) };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

export async function run(ctx) {
  const reused = process.env.BENCH_SEARCH_TEAM;
  const seeded = reused ? await existingTeam(ctx.databaseUrl, Number(reused)) : await seed(ctx.databaseUrl, ctx.log);
  const editor = await signIn(ctx.url, EDITOR);
  const api = { request: (p) => fetchJson(ctx.url, `${editor.cookie}; claimdesk-team=${seeded.teamId}`, p) };
  const mix = await queryMix(ctx.databaseUrl, seeded.teamId, seeded.reviewers);
  ctx.log(`  ${mix.queries.length} queries; ${mix.rareWords} rare words to draw from; most common: ${mix.commonTop.join(", ")}`);

  // Warm-up: route chunks, the pool's connections, the indexes' pages in the cache.
  for (const w of mix.queries.slice(0, 30)) await api.request(`/api/search?q=${encodeURIComponent(w.q)}`);

  const all = [];
  const byKind = {};
  const slowest = [];
  let hits = 0;
  let capped = 0;
  for (const query of shuffle(mix.queries, rng(5))) {
    const p = `/api/search?q=${encodeURIComponent(query.q)}${query.filters ? `&${query.filters}` : ""}`;
    const r = await api.request(p);
    if (r.status !== 200) throw new Error(`${p}: HTTP ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
    all.push(r.ms);
    const key = `${query.kind}${query.filtered ? " + filters" : ""}`;
    (byKind[key] ??= []).push(r.ms);
    hits += r.json.hits.length;
    if (r.json.total.capped) capped++;
    slowest.push({ ms: round(r.ms), path: p, total: r.json.total });
  }
  slowest.sort((a, b) => b.ms - a.ms);
  const result = {
    claims: seeded.claims,
    seed: seeded,
    queries: all.length,
    overall: summary(all),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summary(v)])),
    cappedTotals: capped,
    meanHits: round(hits / all.length),
    slowest: slowest.slice(0, 8),
  };
  result.met = { p95: result.overall.p95 < TARGET_P95_MS };
  ctx.log(`  overall: p50 ${result.overall.p50} ms, p95 ${result.overall.p95} ms, max ${result.overall.max} ms over ${all.length} queries`);
  for (const [k, s] of Object.entries(result.byKind)) ctx.log(`    ${k.padEnd(26)} p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms`);
  ctx.log(`  slowest: ${result.slowest.slice(0, 3).map((s) => `${s.ms} ms ${s.path}`).join(" | ")}`);
  return result;
}

async function fetchJson(base, cookie, p) {
  const t0 = performance.now();
  const res = await fetch(`${base}${p}`, { headers: { cookie } });
  const text = await res.text();
  const ms = performance.now() - t0;
  return { status: res.status, json: JSON.parse(text), ms };
}

function shuffle(list, rand) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function existingTeam(databaseUrl, teamId) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const claims = (await client.query(`SELECT count(*)::int AS n FROM "Claim" WHERE "teamId" = $1`, [teamId])).rows[0].n;
    const reviewers = (await client.query(`SELECT "userId" FROM "Membership" WHERE "teamId" = $1 ORDER BY "userId"`, [teamId])).rows.map((r) => r.userId);
    return { teamId, claims, reviewers, reused: true };
  } finally {
    await client.end();
  }
}

export function rows(r) {
  const n = r.claims >= 1e6 ? `${round(r.claims / 1e6, 2)}M` : String(r.claims);
  const line = ([kind, s]) => [`search: ${kind}`, `p50 ${s.p50} / p95 ${s.p95} / max ${s.max} ms (n ${s.n})`, ""];
  return [
    [`search: all ${r.queries} queries, ${n} claims, HTTP`, `p50 ${r.overall.p50} / p95 ${r.overall.p95} / max ${r.overall.max} ms`, `p95 < ${TARGET_P95_MS} ms`],
    ...Object.entries(r.byKind).map(line),
    ["search: totals capped at 1,000+ / mean hits per page", `${r.cappedTotals} of ${r.queries} / ${r.meanHits}`, ""],
  ];
}

// ---------------------------------------------------------------------------------------------
// Standalone: `node bench/search.mjs` runs the same orchestration as run.mjs, for this bench only.
// `node bench/search.mjs --seed-only <DATABASE_URL>` seeds a team into an existing database.

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv[2] === "--seed-only") {
    const r = await seed(process.argv[3], (msg) => console.log(`[bench] ${msg}`));
    console.log(JSON.stringify(r));
    process.exit(0);
  }
  const { runStandalone } = await import("./lib/standalone.mjs");
  const reuse = Boolean(process.env.BENCH_SEARCH_TEAM);
  const pg = { dataDir: path.join(".data", "pg-bench-search"), database: "claimdesk_bench_search", preferredPort: 5436, recreate: !reuse, settings: BENCH_PG_SETTINGS };
  process.exit(await runStandalone({ name: "search", pg, seedDemo: !reuse, run, rows }));
}
