// Known-claim matching (issue 6), the in-process half of bench/matching.mjs: run with
//   tsx --conditions=react-server bench/matching-server.ts <phase> [args]
// against DATABASE_URL. Each phase prints one line "BENCH_JSON {...}".
//   seed <claims>            a team of <claims> claims (2,000 per document) with real LSH keys
//   prepare <teamId> <file>  the query claims (UNREVIEWED, so never match targets) and two documents
//   latency <file>           claimMatches() on each query claim, one at a time
//   documents <file>         documentMatches() on the two 2,000-claim documents
//   recall <file>            what claimMatches() finds against brute force; LSH collisions in JS
// The measured calls are the app's own claimMatches/documentMatches with its Prisma client (loaded
// by tsx rather than from the Next build). SQL written here only seeds, counts candidates, explains
// and brute-forces; it is never what gets timed.
import { readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { sqlLog } from "./lib/sql-meter";
import { round, summary } from "./lib/stats.mjs";
import { rng, sentenceSpans } from "./lib/text.mjs";
import { BANDS, MATCH_THRESHOLD, ROWS, lshBands, trigramKeys, trigramSimilarity } from "@/lib/domain/assist/minhash";
import { pgIntArray } from "@/lib/server/assist";
import { db } from "@/lib/server/db";
import { claimMatches, documentMatches, maintainMatches, markDocumentForMatching } from "@/lib/server/matches";
import type { Member } from "@/lib/server/session";

// bench/search.mjs's generator: a bigram chain over the seed articles with Zipf-weighted names.
// (A variable specifier: search.mjs is plain JS without a .d.mts, so it is typed here.)
const SEARCH_BENCH = "./search.mjs";
const { makeGenerator } = (await import(SEARCH_BENCH)) as { makeGenerator: (seed?: number) => () => string };

const PER_DOCUMENT = 2_000;
const PLANT_RATE = 0.005; // ~5,000 of 1M stored claims are light edits of an earlier judged claim
const DISMISSED_RATE = 0.02;
const theory = (s: number) => 1 - (1 - s ** ROWS) ** BANDS;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const emit = (x: unknown) => console.log(`BENCH_JSON ${JSON.stringify(x)}`);

// ---------------------------------------------------------------------------------------------
// Light edits: what republished or lightly rewritten claims look like.

const CORE = /^([^\p{L}\p{N}]*)([\p{L}\p{N}'’-]+)([^\p{L}\p{N}]*)$/u;

function vocabulary(): string[] {
  const sentence = makeGenerator(99);
  const out = new Set<string>();
  for (let i = 0; i < 5_000; i++) for (const w of sentence().match(/\p{L}{3,}/gu) ?? []) out.add(w);
  return [...out];
}

/** `ops` edits: a word changed, added or dropped, a typo, punctuation. */
function lightEdit(text: string, rand: () => number, vocab: string[], ops: number): string {
  const t = text.split(/\s+/).filter(Boolean);
  const word = () => vocab[Math.floor(rand() * vocab.length)]!;
  for (let k = 0; k < ops; k++) {
    const r = rand();
    const i = Math.floor(rand() * t.length);
    const m = CORE.exec(t[i]!);
    if (r < 0.3 && m) t[i] = `${m[1]}${word()}${m[3]}`; // a word changed
    else if (r < 0.5) t.splice(i + 1, 0, word().toLowerCase()); // a word added
    else if (r < 0.62 && t.length > 4 && i < t.length - 1) t.splice(i, 1); // a word dropped
    else if (r < 0.8 && m && m[2]!.length > 3) {
      // a typo: one letter doubled or dropped
      const j = 1 + Math.floor(rand() * (m[2]!.length - 2));
      const core = rand() < 0.5 ? m[2]!.slice(0, j) + m[2]![j] + m[2]!.slice(j) : m[2]!.slice(0, j) + m[2]!.slice(j + 1);
      t[i] = `${m[1]}${core}${m[3]}`;
    } else if (m) t[i] = m[3] ? `${m[1]}${m[2]}` : `${m[1]}${m[2]},`; // punctuation
  }
  let s = t.join(" ");
  if (rand() < 0.3) s = s.replace(/[.!?]$/, rand() < 0.5 ? "!" : "");
  if (!/[.!?”"]$/.test(s)) s += ".";
  return s;
}

// ---------------------------------------------------------------------------------------------
// seed

async function seed(claims: number) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const t0 = performance.now();
  const seconds = () => round((performance.now() - t0) / 1000);
  const phases: Record<string, number | null> = {};
  const log = (msg: string) => console.error(`[bench]   seed: ${msg} after ${seconds()} s`);
  try {
    await client.query("SET synchronous_commit = off");
    await client.query("SET maintenance_work_mem = '512MB'");
    const slug = `bench-matching-${Date.now().toString(36)}`;
    const teamId: number = (await client.query(`INSERT INTO "Team" (name, slug) VALUES ('Bench matching', $1) RETURNING id`, [slug])).rows[0].id;
    const reviewers: number[] = (
      await client.query(
        `INSERT INTO "User" (email, name, "passwordHash")
         SELECT format('%s-%s@example.test', $1::text, i), format('Bench matcher %s', i), 'not-a-valid-hash'
         FROM generate_series(1, 10) i RETURNING id`,
        [slug],
      )
    ).rows.map((r) => r.id);
    await client.query(
      `INSERT INTO "Membership" ("userId", "teamId", role)
       SELECT u, $2, CASE WHEN u = ($1::int[])[1] THEN 'EDITOR' ELSE 'REVIEWER' END::"Role" FROM unnest($1::int[]) u`,
      [reviewers, teamId],
    );

    // GIN indexes are built once after the bulk load, from their own definitions.
    const gin: { indexname: string; indexdef: string }[] = (
      await client.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'Claim' AND indexdef ILIKE '%USING gin%'`)
    ).rows;
    for (const ix of gin) await client.query(`DROP INDEX "${ix.indexname}"`);

    const sentence = makeGenerator(42);
    const vocab = vocabulary();
    const rand = rng(7);
    const judgedOpen: string[] = []; // planting sources
    const plantedSims: number[] = [];
    let jsMs = 0;
    let inflight: Promise<unknown> = Promise.resolve();
    const documents = Math.ceil(claims / PER_DOCUMENT);
    for (let d = 0; d < documents; d++) {
      const tj = performance.now();
      const count = Math.min(PER_DOCUMENT, claims - d * PER_DOCUMENT);
      const docDay = Math.floor((d * 730) / documents);
      const texts: string[] = [];
      const status: string[] = [];
      const reviewer: (number | null)[] = [];
      const judgedDay: (number | null)[] = [];
      const dismissed: boolean[] = [];
      for (let i = 0; i < count; i++) {
        let text: string | null = null;
        if (judgedOpen.length > 1_000 && rand() < PLANT_RATE) {
          for (let attempt = 0; attempt < 20 && text === null; attempt++) {
            const source = judgedOpen[Math.floor(rand() * judgedOpen.length)]!;
            const edited = lightEdit(source, rand, vocab, 1 + Math.floor(rand() * 3));
            const s = trigramSimilarity(source, edited);
            if (s >= 0.55) {
              text = edited;
              plantedSims.push(s);
            }
          }
        }
        const planted = text !== null;
        texts.push(text ?? sentence());
        const r = rand();
        const st = planted ? (["SOURCED", "DISPUTED", "OPINION"] as const)[Math.floor(rand() * 3)]! : r < 0.45 ? "SOURCED" : r < 0.65 ? "DISPUTED" : r < 0.8 ? "OPINION" : "UNREVIEWED";
        status.push(st);
        reviewer.push(st === "UNREVIEWED" ? null : reviewers[Math.floor(rand() ** 1.5 * reviewers.length)]!);
        judgedDay.push(st === "UNREVIEWED" ? null : docDay + Math.floor(rand() * 30));
        dismissed.push(rand() < DISMISSED_RATE);
        if (st !== "UNREVIEWED" && !dismissed[i]) judgedOpen.push(texts[i]!);
      }
      const { starts, ends } = sentenceSpans(texts);
      const bands = texts.map((s) => pgIntArray(lshBands(s)));
      const trgm = texts.map((s) => pgIntArray(trigramKeys(s)));
      const text = `${texts.join(" ")}\nBench matching document ${d} of ${slug}.`;
      jsMs += performance.now() - tj;
      await inflight;
      // One statement per document (document and claims), sent before the next batch is computed
      // so that Postgres inserts while Node generates.
      inflight = client.query(
        `WITH doc AS (
           INSERT INTO "Document" ("teamId", title, "sourceUrl", publisher, "publishedAt", text, sha256, length, "importedById", "importedAt")
           VALUES ($1, $2, $3, 'Bench News', date '2024-05-01' + $4::int, $5, encode(sha256(convert_to($5, 'UTF8')), 'hex'),
                   char_length($5), $6, timestamp '2024-06-01 07:00' + make_interval(days => $4::int))
           RETURNING id)
         INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, status, version, origin, "reviewerId",
                              "judgedAt", "dismissedAt", "createdAt", "updatedAt", bands, trgm)
         SELECT $1, doc.id, s, e, x, '', '', st::"ClaimStatus", CASE WHEN st = 'UNREVIEWED' THEN 1 ELSE 2 END, 'SEGMENTER', rv,
                CASE WHEN jd IS NULL THEN NULL ELSE timestamp '2024-06-01 08:00' + make_interval(days => jd, secs => s % 36000) END,
                CASE WHEN dm THEN now() END, now(), now(), b::int[], g::int[]
         FROM doc, unnest($7::int[], $8::int[], $9::text[], $10::text[], $11::int[], $12::int[], $13::bool[], $14::text[], $15::text[])
              AS t(s, e, x, st, rv, jd, dm, b, g)`,
        [teamId, `Bench matching document ${d + 1}`, `https://news.example.org/matching/${d}`, docDay, text, reviewers[0], starts, ends, texts, status, reviewer, judgedDay, dismissed, bands, trgm],
      );
      if ((d + 1) % 50 === 0) log(`${(d + 1) * PER_DOCUMENT} claims`);
    }
    await inflight;
    phases.claimsS = seconds();
    phases.generateAndKeysS = round(jsMs / 1000);
    await client.query(
      `INSERT INTO "Verdict" ("teamId", "claimId", label, rationale, "reviewerId", version, "createdAt")
       SELECT c."teamId", c.id, c.status::text::"VerdictLabel", CASE WHEN c.status = 'DISPUTED' THEN 'The published table says otherwise.' END,
              c."reviewerId", c.version, c."judgedAt"
       FROM "Claim" c WHERE c."teamId" = $1 AND c.status <> 'UNREVIEWED'`,
      [teamId],
    );
    phases.verdictsS = seconds();
    // The bulk load's judged claims went to ClaimMatchDirty (the trigger of migration 20261209100000):
    // their own stored matches are not what is measured, so the backlog is dropped, not worked through.
    await client.query(`DELETE FROM "ClaimMatchDirty" WHERE "teamId" = $1`, [teamId]);
    log("verdicts; building the GIN indexes");
    const indexS: Record<string, number | null> = {};
    for (const ix of gin) {
      const ti = performance.now();
      await client.query(ix.indexdef);
      indexS[ix.indexname] = round((performance.now() - ti) / 1000);
    }
    phases.indexesS = seconds();
    await client.query(`VACUUM ANALYZE "Claim"`);
    await client.query(`ANALYZE "Document"; ANALYZE "Verdict"`);
    phases.totalS = seconds();
    const counts = (
      await client.query(
        `SELECT count(*)::int AS claims, count(*) FILTER (WHERE status <> 'UNREVIEWED' AND "dismissedAt" IS NULL)::int AS "judgedOpen",
                count(*) FILTER (WHERE "dismissedAt" IS NOT NULL)::int AS dismissed
         FROM "Claim" WHERE "teamId" = $1`,
        [teamId],
      )
    ).rows[0];
    const sizes = (
      await client.query(
        `SELECT indexrelname AS name, pg_relation_size(indexrelid) AS bytes FROM pg_stat_user_indexes WHERE relname = 'Claim'
         UNION ALL SELECT 'Claim (heap)', pg_relation_size('"Claim"')`,
      )
    ).rows.map((r) => ({ name: r.name as string, mb: round(Number(r.bytes) / 2 ** 20) }));
    log(`${counts.claims} claims (${counts.judgedOpen} judged and open), ${plantedSims.length} planted near-duplicates`);
    emit({
      teamId,
      documents,
      ...counts,
      planted: plantedSims.length,
      plantedSimilarity: histogram(plantedSims),
      seconds: phases.totalS,
      phases,
      indexS,
      sizes,
    });
  } finally {
    await client.end();
  }
}

function histogram(sims: number[]) {
  const bins = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
  const out: Record<string, number> = {};
  for (let i = 0; i < bins.length - 1; i++) out[`[${bins[i]},${bins[i + 1]})`] = 0;
  out["1.0"] = 0;
  for (const s of sims) {
    if (s >= 1) out["1.0"]!++;
    else for (let i = bins.length - 2; i >= 0; i--) if (s >= bins[i]!) {
      out[`[${bins[i]},${bins[i + 1]})`]!++;
      break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// prepare: the query claims, stored as new UNREVIEWED claims of the team (what an import adds).

type Query = { id: number; kind: string; words: number; sourceSim: number | null };
type Prepared = { teamId: number; queryDocumentId: number; documents: { name: string; id: number; claims: number }[]; warmup: Query[]; queries: Query[]; recall: Query[] };

async function prepare(teamId: number, file: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const rand = rng(2026);
    const vocab = vocabulary();
    const fresh = makeGenerator(2026);
    const stored: string[] = (
      await client.query(
        `SELECT exact FROM "Claim" WHERE "teamId" = $1 AND status <> 'UNREVIEWED' AND "dismissedAt" IS NULL AND id % 53 = 0 ORDER BY id`,
        [teamId],
      )
    ).rows.map((r) => r.exact);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const storedShort = stored.filter((s) => words(s) >= 5 && words(s) <= 8);
    const storedLong = stored.filter((s) => words(s) >= 30);
    const storedAny = stored.filter((s) => words(s) >= 5);
    /** A light edit of a stored judged claim whose similarity to it falls in [lo, hi]. */
    const nearDuplicate = (pool: string[], lo: number, hi: number) => {
      for (;;) {
        const source = pick(pool);
        const edited = lightEdit(source, rand, vocab, 1 + Math.floor(rand() * 5));
        const s = trigramSimilarity(source, edited);
        if (s >= lo && s <= hi) return { text: edited, sim: s };
      }
    };
    const freshWhere = (ok: (n: number) => boolean) => {
      for (;;) {
        const s = fresh();
        if (ok(words(s))) return { text: s, sim: null };
      }
    };
    type Item = { kind: string; text: string; sim: number | null };
    const make = (kind: string, n: number, f: (i: number) => { text: string; sim: number | null }): Item[] =>
      Array.from({ length: n }, (_, i) => ({ kind, ...f(i) }));
    const bins: [number, number][] = [
      [0.6, 0.7],
      [0.7, 0.8],
      [0.8, 0.9],
      [0.9, 1.0],
    ];
    const measured: Item[] = [
      ...make("near-duplicate", 200, (i) => nearDuplicate(storedAny, bins[i % 4]![0], bins[i % 4]![1] - (i % 4 === 3 ? 0 : 1e-9))),
      ...make("fresh", 200, () => freshWhere(() => true)),
      ...make("short, fresh", 50, () => freshWhere((n) => n >= 5 && n <= 8)),
      ...make("short, near-duplicate", 50, () => nearDuplicate(storedShort, 0.6, 1)),
      ...make("long, fresh", 50, () => freshWhere((n) => n >= 30)),
      ...make("long, near-duplicate", 50, () => nearDuplicate(storedLong, 0.6, 1)),
    ];
    const warmup = [...make("warm-up", 25, () => freshWhere(() => true)), ...make("warm-up", 25, () => nearDuplicate(storedAny, 0.6, 1))];
    const threshold = make("recall: near the threshold", 100, () => nearDuplicate(storedAny, 0.6, 0.7 - 1e-9));

    // Two whole documents for documentMatches: a new article (10% of its claims known) and a
    // republished stored article (30% of its sentences lightly edited).
    const article = Array.from({ length: PER_DOCUMENT }, () => (rand() < 0.1 ? nearDuplicate(storedAny, 0.6, 1).text : fresh()));
    const originalId: number = (await client.query(`SELECT id FROM "Document" WHERE "teamId" = $1 ORDER BY id OFFSET (SELECT count(*) / 2 FROM "Document" WHERE "teamId" = $1) LIMIT 1`, [teamId])).rows[0].id;
    const original: string[] = (await client.query(`SELECT exact FROM "Claim" WHERE "documentId" = $1 ORDER BY start`, [originalId])).rows.map((r) => r.exact);
    const republished = original.map((s) => (rand() < 0.3 ? lightEdit(s, rand, vocab, 1) : s));

    const tag = Date.now().toString(36);
    const insert = async (title: string, texts: string[]) => {
      const editor: number = (await client.query(`SELECT "userId" FROM "Membership" WHERE "teamId" = $1 AND role = 'EDITOR' LIMIT 1`, [teamId])).rows[0].userId;
      const { starts, ends } = sentenceSpans(texts);
      const text = `${texts.join(" ")}\n${title} ${tag}.`;
      const rows: { id: number; documentId: number }[] = (
        await client.query(
          `WITH doc AS (
             INSERT INTO "Document" ("teamId", title, text, sha256, length, "importedById")
             VALUES ($1, $2, $3, encode(sha256(convert_to($3, 'UTF8')), 'hex'), char_length($3), $4) RETURNING id)
           INSERT INTO "Claim" ("teamId", "documentId", start, "end", exact, prefix, suffix, origin, "updatedAt", bands, trgm)
           SELECT $1, doc.id, s, e, x, '', '', 'SEGMENTER', now(), b::int[], g::int[]
           FROM doc, unnest($5::int[], $6::int[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS t(s, e, x, b, g, n)
           ORDER BY n
           RETURNING id, "documentId"`,
          [teamId, `${title} (${tag})`, text, editor, starts, ends, texts, texts.map((s) => pgIntArray(lshBands(s))), texts.map((s) => pgIntArray(trigramKeys(s)))],
        )
      ).rows;
      return { documentId: rows[0]!.documentId, ids: rows.map((r) => r.id).sort((a, b) => a - b) };
    };
    const all = [...warmup, ...measured, ...threshold];
    const q = await insert("Bench matching queries", all.map((x) => x.text));
    const asQuery = (x: Item, i: number): Query => ({ id: q.ids[i]!, kind: x.kind, words: words(x.text), sourceSim: x.sim === null ? null : round(x.sim, 3) });
    const queries = all.map(asQuery);
    const a = await insert("Bench matching new article", article);
    const r = await insert("Bench matching republished article", republished);
    await client.query(`ANALYZE "Claim"`);
    // The stored matches of the three documents, computed as after an import: the document job marks its
    // claims, the match job (lib/server/matches.ts maintainMatches) works them through. Timed per document.
    const jobs = [];
    for (const [name, d] of [["queries", q], ["new article (10% known)", a], ["republished article (30% edited)", r]] as const) {
      const t = performance.now();
      const marked = await markDocumentForMatching(teamId, d.documentId);
      const markMs = performance.now() - t;
      const done = await maintainMatches(teamId, Number.POSITIVE_INFINITY);
      const ms = performance.now() - t;
      const stored: number = (await client.query(`SELECT count(*)::int AS n FROM "ClaimMatch" m JOIN "Claim" c ON c.id = m."claimId" WHERE c."documentId" = $1`, [d.documentId])).rows[0].n;
      jobs.push({ name, documentId: d.documentId, claims: marked, markMs: round(markMs), ms: round(ms), msPerClaim: round(ms / Math.max(1, done.claims), 2), stored });
    }
    // Recall: the 100 near-threshold edits and every sixth measured query (the same mix).
    const measuredQueries = queries.slice(warmup.length, warmup.length + measured.length);
    const prepared: Prepared = {
      teamId,
      queryDocumentId: q.documentId,
      documents: [
        { name: "new article (10% known)", id: a.documentId, claims: article.length },
        { name: "republished article (30% edited)", id: r.documentId, claims: republished.length },
      ],
      warmup: queries.slice(0, warmup.length),
      queries: measuredQueries,
      recall: [...queries.slice(warmup.length + measured.length), ...measuredQueries.filter((_, i) => i % 6 === 0)],
    };
    writeFileSync(file, JSON.stringify(prepared));
    emit({ queries: prepared.queries.length, recall: prepared.recall.length, documents: prepared.documents, storedSample: stored.length, jobs });
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Measurements through the app's code.

async function editorOf(teamId: number): Promise<Member> {
  const m = await db.membership.findFirstOrThrow({
    where: { teamId, role: "EDITOR" },
    select: { teamId: true, role: true, userId: true, user: { select: { name: true, email: true } }, team: { select: { name: true } } },
  });
  return { userId: m.userId, teamId: m.teamId, role: m.role, name: m.user.name, email: m.user.email, teamName: m.team.name };
}

/** The statement claimMatches sends (for EXPLAIN only: the timed calls go through claimMatches). */
const MATCH_SQL = `
  SELECT a.id AS "forId", m.id, m."documentId", d.title, m.exact, similarity(m.exact, a.exact)::float8 AS sim
  FROM "Claim" a
  JOIN "Claim" m ON m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
                 AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id
  JOIN "Document" d ON d.id = m."documentId" AND d."teamId" = m."teamId"
  WHERE a.id = $1 AND a."teamId" = $2
    AND similarity(m.exact, a.exact) >= ${MATCH_THRESHOLD}
  ORDER BY sim DESC, m."judgedAt" DESC, m.id DESC
  LIMIT 5`;

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function latency(file: string) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Prepared;
  const member = await editorOf(p.teamId);
  for (const q of p.warmup) await claimMatches(member, q.id);

  type Sample = { id: number; kind: string; words: number; ms: number; sqlMs: number; matchSqlMs: number; roundTrips: number; matches: number; best: number | null };
  const samples: Sample[] = [];
  for (const q of shuffle(p.queries, rng(5))) {
    const mark = sqlLog.length;
    const t = performance.now();
    const found = await claimMatches(member, q.id);
    const ms = performance.now() - t;
    const sql = sqlLog.slice(mark);
    samples.push({
      id: q.id,
      kind: q.kind,
      words: q.words,
      ms,
      sqlMs: sql.reduce((x, e) => x + e.ms, 0),
      matchSqlMs: sql[0]?.ms ?? 0,
      roundTrips: sql.length,
      matches: found.length,
      best: found[0]?.similarity ?? null,
    });
  }

  // Untimed: how many LSH candidates each query's keys fetched, and the plan of the slowest ones.
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const candidates = new Map<number, number>();
  try {
    for (const s of samples)
      candidates.set(
        s.id,
        (
          await client.query(
            `SELECT count(*)::int AS n FROM "Claim" a JOIN "Claim" m ON m."teamId" = a."teamId" AND m.bands OPERATOR(pg_catalog.&&) a.bands
               AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> a.id WHERE a.id = $1`,
            [s.id],
          )
        ).rows[0].n,
      );
    const bySpeed = [...samples].sort((x, y) => y.ms - x.ms);
    const explain = async (s: Sample) => {
      const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${MATCH_SQL}`, [s.id, p.teamId])).rows.map((r) => r["QUERY PLAN"] as string);
      return { id: s.id, kind: s.kind, words: s.words, ms: round(s.ms), candidates: candidates.get(s.id), plan: rows };
    };
    const plans = [await explain(bySpeed[0]!), await explain(bySpeed[Math.floor(bySpeed.length / 2)]!)];

    const byKind: Record<string, ReturnType<typeof summary> & { matched: number; candidatesP50: number | null; candidatesMax: number }> = {};
    for (const kind of [...new Set(samples.map((s) => s.kind))]) {
      const of = samples.filter((s) => s.kind === kind);
      const c = of.map((s) => candidates.get(s.id)!).sort((x, y) => x - y);
      byKind[kind] = { ...summary(of.map((s) => s.ms)), matched: of.filter((s) => s.matches > 0).length, candidatesP50: c[Math.floor(c.length / 2)] ?? null, candidatesMax: c[c.length - 1] ?? 0 };
    }
    const c = samples.map((s) => candidates.get(s.id)!);
    emit({
      queries: samples.length,
      overall: summary(samples.map((s) => s.ms)),
      matchSql: summary(samples.map((s) => s.matchSqlMs)),
      allSql: summary(samples.map((s) => s.sqlMs)),
      roundTripsMean: round(samples.reduce((x, s) => x + s.roundTrips, 0) / samples.length, 2),
      matched: samples.filter((s) => s.matches > 0).length,
      candidates: summary(c),
      // What one candidate costs (fetch the row, similarity()): match SQL time over candidates, for queries with 200+.
      usPerCandidate: summary(samples.filter((s) => candidates.get(s.id)! >= 200).map((s) => (s.matchSqlMs * 1000) / candidates.get(s.id)!)),
      byKind,
      slowest: bySpeed.slice(0, 8).map((s) => ({ ms: round(s.ms), matchSqlMs: round(s.matchSqlMs), kind: s.kind, words: s.words, candidates: candidates.get(s.id), matches: s.matches })),
      plans,
    });
  } finally {
    await client.end();
  }
}

async function documents(file: string) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Prepared;
  const member = await editorOf(p.teamId);
  // At a million claims one call can take minutes: repeat only while the runs stay short.
  const MAX_RUNS = 4;
  const BUDGET_MS = 90_000;
  const out = [];
  for (const doc of p.documents) {
    const runs: { ms: number; sqlMs: number; lateralMs: number; roundTrips: number; withMatches: number; matches: number }[] = [];
    const t0 = performance.now();
    while (runs.length < MAX_RUNS && (runs.length === 0 || performance.now() - t0 < BUDGET_MS)) {
      const mark = sqlLog.length;
      const t = performance.now();
      const found = await documentMatches(member, doc.id);
      const ms = performance.now() - t;
      const sql = sqlLog.slice(mark);
      runs.push({
        ms,
        sqlMs: sql.reduce((x, e) => x + e.ms, 0),
        lateralMs: Math.max(...sql.map((e) => e.ms)),
        roundTrips: sql.length,
        withMatches: Object.keys(found).length,
        matches: Object.values(found).reduce((x, m) => x + m.length, 0),
      });
    }
    // The first run is the warm-up when there are more; its figure is reported too.
    const repeats = runs.length > 1 ? runs.slice(1) : runs;
    const med = [...repeats].sort((a, b) => a.ms - b.ms)[Math.floor(repeats.length / 2)]!;
    out.push({
      ...doc,
      runs: runs.map((r) => round(r.ms)),
      firstMs: round(runs[0]!.ms),
      ms: round(med.ms),
      msPerClaim: round(med.ms / doc.claims, 2),
      slowestSqlMs: round(med.lateralMs),
      sqlMs: round(med.sqlMs),
      roundTrips: med.roundTrips,
      claimsWithMatches: med.withMatches,
      matches: med.matches,
    });
  }
  emit({ documents: out });
}

// ---------------------------------------------------------------------------------------------
// recall: claimMatches (no limit) against brute force over every judged open claim of the team.

async function recall(file: string) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Prepared;
  const member = await editorOf(p.teamId);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // A pair is (query, stored claim). Identical stored texts have identical keys, so a query finds all
  // copies of a text or none: "distinct" pairs count each (query, text) once, the fair comparison with theory.
  type Pair = { sim: number; found: boolean; text: string; query: number };
  const pairs: Pair[] = [];
  const misses: { kind: string; words: number; query: string; missed: { exact: string; copies: number; sim: number; jsSim: number; jsSharesKey: boolean }[] }[] = [];
  let extra = 0; // found by claimMatches but not by brute force: must stay 0
  let withTrue = 0;
  let bestFound = 0;
  let top5Same = 0;
  const bruteMs: number[] = [];
  try {
    for (const q of p.recall) {
      const text: string = (await client.query(`SELECT exact FROM "Claim" WHERE id = $1`, [q.id])).rows[0].exact;
      const t = performance.now();
      await client.query("BEGIN");
      // The trigram GIN index with a threshold a little under MATCH_THRESHOLD finds every claim with
      // similarity >= it (a lossless filter; rechecked), then the exact comparison decides.
      await client.query(`SET LOCAL pg_trgm.similarity_threshold = ${MATCH_THRESHOLD - 0.01}`);
      const truth: { id: number; exact: string; sim: number }[] = (
        await client.query(
          `SELECT m.id, m.exact, similarity(m.exact, $2)::float8 AS sim FROM "Claim" m
           WHERE m."teamId" = $1 AND m.exact % $2 AND m.status <> 'UNREVIEWED' AND m."dismissedAt" IS NULL AND m.id <> $3
             AND similarity(m.exact, $2) >= ${MATCH_THRESHOLD}`,
          [p.teamId, text, q.id],
        )
      ).rows;
      await client.query("COMMIT");
      bruteMs.push(performance.now() - t);
      const found = await claimMatches(member, q.id, 1_000_000);
      const foundIds = new Set(found.map((m) => m.claimId));
      const trueIds = new Set(truth.map((r) => r.id));
      for (const r of truth) pairs.push({ sim: r.sim, found: foundIds.has(r.id), text: r.exact, query: q.id });
      for (const id of foundIds) if (!trueIds.has(id)) extra++;
      const missed = new Map<string, { sim: number; copies: number }>();
      for (const r of truth) if (!foundIds.has(r.id)) missed.set(r.exact, { sim: r.sim, copies: (missed.get(r.exact)?.copies ?? 0) + 1 });
      if (missed.size) {
        const keys = new Set(lshBands(text));
        misses.push({
          kind: q.kind,
          words: q.words,
          query: text,
          missed: [...missed].slice(0, 5).map(([exact, m]) => ({
            exact,
            copies: m.copies,
            sim: round(m.sim, 3)!,
            jsSim: round(trigramSimilarity(text, exact), 3)!,
            jsSharesKey: lshBands(exact).some((k) => keys.has(k)),
          })),
        });
      }
      if (truth.length) {
        withTrue++;
        const best = Math.max(...truth.map((r) => r.sim));
        if (found.length && Math.abs(found[0]!.similarity - best) < 0.001) bestFound++;
        const top = (xs: number[]) => xs.sort((a, b) => b - a).slice(0, 5).map((x) => Math.round(x * 1000));
        const shown = (await claimMatches(member, q.id)).map((m) => m.similarity);
        if (JSON.stringify(top(truth.map((r) => r.sim))) === JSON.stringify(top(shown))) top5Same++;
      }
    }
  } finally {
    await client.end();
  }
  const distinct = [...new Map(pairs.map((x) => [`${x.query}\u0000${x.text}`, x])).values()];
  const band = (lo: number, hi: number) => {
    const stat = (xs: Pair[]) => {
      const of = xs.filter((x) => x.sim >= lo && x.sim < hi);
      const found = of.filter((x) => x.found).length;
      return { pairs: of.length, found, recall: of.length ? round(found / of.length, 4) : null, theory: of.length ? round(of.reduce((a, x) => a + theory(x.sim), 0) / of.length, 4) : null };
    };
    return { ...stat(pairs), distinct: stat(distinct) };
  };
  emit({
    queries: p.recall.length,
    queriesWithTrueMatches: withTrue,
    queriesWithMisses: misses.length,
    bestMatchFound: bestFound,
    top5Same,
    extraFound: extra,
    bruteForceMs: summary(bruteMs),
    overall: band(MATCH_THRESHOLD, 1.01),
    bands: {
      "[0.6,0.7)": band(0.6, 0.7),
      ">= 0.7": band(0.7, 1.01),
      "[0.7,0.8)": band(0.7, 0.8),
      "[0.8,0.9)": band(0.8, 0.9),
      "[0.9,1.0)": band(0.9, 0.9995),
      "1.0": band(0.9995, 1.01),
    },
    misses,
    collisions: collisionCheck(),
  });
}

/**
 * The LSH keys alone, on many more pairs than the database sample holds: how often two texts with
 * trigram similarity s share a key, against 1 - (1 - s^4)^32. Pairs are light edits of generated
 * sentences (and, for the low bins, unrelated sentences), binned by their JS trigram similarity.
 */
function collisionCheck() {
  const rand = rng(31337);
  const sentence = makeGenerator(31337);
  const vocab = vocabulary();
  const bins: [number, number][] = [
    [0, 0.3],
    [0.3, 0.5],
    [0.5, 0.6],
    [0.6, 0.65],
    [0.65, 0.7],
    [0.7, 0.8],
    [0.8, 0.9],
    [0.9, 1],
  ];
  const PER_BIN = 2_000;
  const acc = bins.map(() => ({ n: 0, hit: 0, expected: 0 }));
  const shares = (a: string, b: string) => {
    const x = new Set(lshBands(a));
    return lshBands(b).some((k) => x.has(k));
  };
  const add = (a: string, b: string) => {
    const s = trigramSimilarity(a, b);
    const i = bins.findIndex(([lo, hi]) => s >= lo && s < hi);
    if (i < 0 || acc[i]!.n >= PER_BIN) return;
    acc[i]!.n++;
    acc[i]!.expected += theory(s);
    if (shares(a, b)) acc[i]!.hit++;
  };
  const t = performance.now();
  for (let attempt = 0; attempt < 400_000 && acc.some((x) => x.n < PER_BIN); attempt++) {
    const a = sentence();
    if (words(a) < 5) continue;
    if (acc[0]!.n < PER_BIN && attempt % 4 === 0) add(a, sentence());
    else add(a, lightEdit(a, rand, vocab, 1 + Math.floor(rand() * 8)));
  }
  return {
    seconds: round((performance.now() - t) / 1000),
    bins: bins.map(([lo, hi], i) => ({ bin: `[${lo},${hi})`, pairs: acc[i]!.n, shareKey: acc[i]!.n ? round(acc[i]!.hit / acc[i]!.n, 4) : null, theory: acc[i]!.n ? round(acc[i]!.expected / acc[i]!.n, 4) : null })),
  };
}

// ---------------------------------------------------------------------------------------------

const [phase, ...args] = process.argv.slice(2);
try {
  if (phase === "seed") await seed(Number(args[0] ?? 1_000_000));
  else if (phase === "prepare") await prepare(Number(args[0]), args[1]!);
  else if (phase === "latency") await latency(args[0]!);
  else if (phase === "documents") await documents(args[0]!);
  else if (phase === "recall") await recall(args[0]!);
  else throw new Error(`unknown phase "${phase}": seed | prepare | latency | documents | recall`);
} finally {
  await db.$disconnect();
}
