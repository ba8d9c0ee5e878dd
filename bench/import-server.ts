// In-process server time of importDocument (no HTTP, no Next): run with
//   tsx --conditions=react-server bench/import-server.ts <runs> <sentences> <firstSeed>
// against DATABASE_URL (seeded). Prints one line "BENCH_JSON {...}".
// Same code as the API route calls, but loaded by tsx rather than from the Next build.
import pg from "pg";
import { sqlLog, sqlSince } from "./lib/sql-meter";
import { articleText } from "./lib/text.mjs";
import { db } from "@/lib/server/db";
import { getDocument, importDocument } from "@/lib/server/documents";
import { completeAssist } from "@/lib/server/assist";
import { TextIndex } from "@/lib/domain/offsets";
import { segmentSentences } from "@/lib/domain/segmentation";
import type { Member } from "@/lib/server/session";

const [runs = 5, sentences = 10_000, firstSeed = 201] = process.argv.slice(2).map(Number);

async function editor(): Promise<Member> {
  const m = await db.membership.findFirstOrThrow({
    where: { user: { email: "editor@claimdesk.test" } },
    select: { teamId: true, role: true, userId: true, user: { select: { name: true, email: true } }, team: { select: { name: true } } },
  });
  return { userId: m.userId, teamId: m.teamId, role: m.role, name: m.user.name, email: m.user.email, teamName: m.team.name };
}

/**
 * Where the Claim INSERT's time goes inside PostgreSQL: the same statement importDocument sends
 * (10,000 rows through unnest), under EXPLAIN ANALYZE in a transaction that is rolled back.
 */
async function explainClaimInsert(documentId: number, teamId: number, text: string) {
  const index = new TextIndex(text);
  const anchors = segmentSentences(text).map((s) => index.anchor(index.toCodePoint(s.start), index.toCodePoint(s.end)));
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    // As importDocument does: the trigram copy for search's fragments comes after (decision 0030).
    await client.query(`SELECT set_config('claimdesk.defer_fragments', 'on', true)`);
    const t = performance.now();
    const { rows } = await client.query(
      `EXPLAIN (ANALYZE, FORMAT JSON)
       INSERT INTO "Claim" ("teamId", "documentId", "start", "end", "exact", "prefix", "suffix", "origin", "updatedAt")
       SELECT $1, $2, s, e, x, p, f, 'SEGMENTER', now()
       FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[]) AS t(s, e, x, p, f)`,
      [teamId, documentId, anchors.map((a) => a.start), anchors.map((a) => a.end), anchors.map((a) => a.exact), anchors.map((a) => a.prefix), anchors.map((a) => a.suffix)],
    );
    const wallMs = performance.now() - t;
    await client.query("ROLLBACK");
    const plan = rows[0]["QUERY PLAN"][0];
    return {
      rows: anchors.length,
      wallMs,
      executionMs: plan["Execution Time"],
      planningMs: plan["Planning Time"],
      triggers: (plan.Triggers ?? []).map((tr: any) => ({ name: tr["Trigger Name"], calls: tr.Calls, ms: tr.Time })),
    };
  } finally {
    await client.end();
  }
}

/** Resolves once the import's follow-up has copied the document's claims for search's fragments. */
async function fragmentsCopied(documentId: number) {
  for (let i = 0; i < 3_000; i++) {
    if (!(await db.claimFragmentsPending.count({ where: { documentId } }))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`document ${documentId}: search fragments still pending after 30 s`);
}

try {
  const member = await editor();
  // Warm-up: load modules, JIT the segmenter, open pool connections (not reported).
  const warm = await importDocument(member, { title: `Bench warm-up ${firstSeed - 1}`, text: articleText({ seed: firstSeed - 1, sentences: 2_000 }) });
  await completeAssist(member.teamId, warm.id);

  const results = [];
  for (let i = 0; i < runs; i++) {
    const seed = firstSeed + i;
    const text = articleText({ seed, sentences });
    // Breakdown (separate calls on the same text; importDocument repeats this work inside).
    let t = performance.now();
    const index = new TextIndex(text);
    const spans = segmentSentences(text);
    const anchors = spans.map((s) => index.anchor(index.toCodePoint(s.start), index.toCodePoint(s.end)));
    const segmentMs = performance.now() - t;

    const mark = sqlLog.length;
    t = performance.now();
    const doc = await importDocument(member, { title: `Bench import (in-process) ${seed}`, text });
    const importMs = performance.now() - t;
    const sql = sqlSince(mark);

    // Search's fragment copy runs right after the import (decision 0030): when it is done.
    t = performance.now();
    await fragmentsCopied(doc.id);
    const fragmentsAfterMs = importMs + (performance.now() - t);

    // Over 1,000 claims the suggestions are computed after the import (decision 0012): outside a
    // request that job starts at once; wait for it, so that it neither skews the next run nor goes unmeasured.
    t = performance.now();
    await completeAssist(member.teamId, doc.id);
    const suggestionsAfterMs = importMs + (performance.now() - t);

    t = performance.now();
    const json = JSON.stringify({ document: doc });
    const stringifyMs = performance.now() - t;

    t = performance.now();
    await getDocument(member, doc.id);
    const readBackMs = performance.now() - t;

    results.push({
      seed,
      documentId: doc.id,
      bytes: Buffer.byteLength(text),
      claims: doc.claims.length,
      anchors: anchors.length,
      importMs,
      suggestionsAfterMs,
      fragmentsAfterMs,
      segmentMs,
      readBackMs,
      stringifyMs,
      sql,
      responseBytes: Buffer.byteLength(json),
    });
  }
  const explain = await explainClaimInsert(results.at(-1)!.documentId, member.teamId, articleText({ seed: firstSeed + runs, sentences }));
  console.log(`BENCH_JSON ${JSON.stringify({ runs: results, explain })}`);
} finally {
  await db.$disconnect();
}
