// Claim assistance against a real Postgres: detector output stored on import, reviewer corrections,
// known-claim matching across documents (LSH keys + pg_trgm similarity) and verdict reuse.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { claimWithExact, cpIndexOf, cpLength, cpSlice, expectError, getDoc, getHistory, importDoc, tag } from "../helpers/claimdesk";
import { waitForJobs } from "../helpers/jobs";

let editor: Client;
let reviewer: Client;
let otherTeam: Client;
let reviewerId: number;
let teamId: number;

beforeAll(async () => {
  const { team, members } = await teamWith(["EDITOR", "REVIEWER"]);
  const other = await teamWith(["EDITOR"]);
  reviewerId = members[1]!.userId;
  teamId = team.id;
  [editor, reviewer, otherTeam] = await Promise.all([signIn(members[0]!.email, PASSWORD), signIn(members[1]!.email, PASSWORD), signIn(other.members[0]!.email, PASSWORD)]);
});

const SOURCE = { url: "https://www.mid.ru/en/press/2025-04-23", title: "Briefing transcript", quote: "We see no point in the London format.", accessedAt: "2025-04-24" };

/** Three sentences; the first is the claim both documents share, with words unique to this run. */
function article(word: string, variant = false) {
  const shared = variant
    ? `The ${word} delegation pulled out of the London talks on Wednesday after only two hours of meetings.`
    : `The ${word} delegation withdrew from the London talks on Wednesday after only two hours of meetings.`;
  return {
    shared,
    text: `${shared} Peskov stated that Moscow saw no reason to hurry. What a shameful, cowardly retreat we have witnessed!`,
  };
}

describe("import runs the detectors and stores their suggestions", () => {
  it("stores the speaker and cue as spans of the document, and the article's own voice as null", async () => {
    const { text } = article(`Q${tag()}`);
    const doc = await importDoc(editor, { title: `Detectors ${tag()}`, text });
    const said = claimWithExact(doc, "Peskov stated that Moscow saw no reason to hurry.");
    expect(said).toMatchObject({ speaker: "Peskov", attributionBy: "DETECTOR", quoted: false });
    expect(said.cue).toMatch(/stated/);
    expect(cpSlice(text, said.speakerSpan.start, said.speakerSpan.end)).toBe("Peskov");
    expect(said.speakerSpan.start).toBe(cpIndexOf(text, "Peskov stated"));
    expect(cpSlice(text, said.cueSpan.start, said.cueSpan.end)).toBe(said.cue);

    const own = doc.claims[0];
    expect(own).toMatchObject({ speaker: null, cue: null, speakerSpan: null, cueSpan: null });
    expect(own.hints.checkworthy).toBe(true);
    expect(own.hints.checkReasons.length).toBeGreaterThan(0);

    const opinion = claimWithExact(doc, "What a shameful, cowardly retreat we have witnessed!");
    expect(opinion.hints.subjective).toBe(true);
    expect(opinion.hints.subjectivityCues.join(" ")).toMatch(/exclamation/);
    expect(opinion.hints.checkworthiness).toBeLessThan(own.hints.checkworthiness);

    // What import answered is what is stored.
    const stored = await getDoc(reviewer, doc.id);
    expect(stored.claims.map((c: { speaker: string; speakerSpan: unknown; hints: unknown }) => [c.speaker, c.speakerSpan, c.hints])).toEqual(
      doc.claims.map((c: { speaker: string; speakerSpan: unknown; hints: unknown }) => [c.speaker, c.speakerSpan, c.hints]),
    );
  });

  it("computes the suggestions of claims stored without them on first read, without a new version", async () => {
    const { text } = article(`R${tag()}`);
    const doc = await importDoc(editor, { title: `Backfill ${tag()}`, text });
    await db.claim.updateMany({ where: { documentId: doc.id }, data: { checkworthiness: null, subjectivity: null, speaker: null, cue: null, speakerStart: null, speakerEnd: null, bands: [] } });
    expect((await getDoc(reviewer, doc.id)).claims.map((c: { hints: unknown }) => c.hints)).toEqual(doc.claims.map((c: { hints: unknown }) => c.hints));
    const rows = await db.claim.findMany({ where: { documentId: doc.id }, orderBy: { start: "asc" } });
    expect(rows.every((r) => r.checkworthiness !== null && r.bands.length > 0 && r.version === 1)).toBe(true);
    expect(rows[1]!.speaker).toBe("Peskov");
  });

  it("stores a long article's claims at once and adds their suggestions right after the response", async () => {
    const word = `L${tag()}`;
    // 1,200 distinct sentences: over the 1,000 the import works out inline (ASSIST_INLINE_MAX).
    const sentences = Array.from({ length: 1200 }, (_, i) =>
      i % 2 ? `The ${word} ministry said that ${i + 3} convoys crossed the border at checkpoint ${i}.` : `Route ${i} of the ${word} network reopened after ${i % 7} days of repairs.`,
    );
    const doc = await importDoc(editor, { title: `Long ${tag()}`, text: sentences.join(" ") });
    expect(doc.claims).toHaveLength(1200);
    expect(doc.assistPending).toBe(1200);
    expect(doc.claims.every((c: { hints: unknown; speaker: unknown }) => c.hints === null && c.speaker === null)).toBe(true);

    let detail = await getDoc(reviewer, doc.id);
    for (let tries = 0; detail.assistPending > 0 && tries < 120; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      detail = await getDoc(reviewer, doc.id);
    }
    expect(detail.assistPending).toBe(0);
    expect(detail.claims.every((c: { hints: unknown }) => c.hints !== null)).toBe(true);
    expect(claimWithExact(detail, sentences[1]!)).toMatchObject({ speaker: `The ${word} ministry`, attributionBy: "DETECTOR", version: 1 });
    expect(await db.claim.count({ where: { documentId: doc.id, bands: { isEmpty: true } } })).toBe(0);
  });

  it("keeps a reviewer's correction, located in the text, and marks it as the reviewer's", async () => {
    const { text } = article(`S${tag()}`);
    const doc = await importDoc(editor, { title: `Correct ${tag()}`, text });
    const c = claimWithExact(doc, "Peskov stated that Moscow saw no reason to hurry.");
    const res = await editor.request("PUT", `/api/claims/${c.id}/attribution`, { speaker: "Dmitry Peskov", cue: "stated that", expectedVersion: 1 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.claim).toMatchObject({ speaker: "Dmitry Peskov", attributionBy: "REVIEWER", speakerSpan: null });
    expect(cpSlice(text, res.json.claim.cueSpan.start, res.json.claim.cueSpan.end)).toBe("stated that");
    const again = claimWithExact(await getDoc(reviewer, doc.id), c.exact);
    expect(again).toMatchObject({ speaker: "Dmitry Peskov", attributionBy: "REVIEWER", version: 2 });
  });
});

describe("known claims across documents", () => {
  it("finds the judged near-duplicate in another document, with its verdict, and nothing for new sentences", async () => {
    const word = `Z${tag()}`;
    const a = article(word);
    const first = await importDoc(editor, { title: `First ${tag()}`, text: a.text });
    const judged = claimWithExact(first, a.shared);
    expect((await reviewer.request("PUT", `/api/claims/${judged.id}/verdict`, { label: "SOURCED", sources: [SOURCE], expectedVersion: 1 })).status).toBe(200);

    const b = article(word, true);
    const second = await importDoc(editor, { title: `Second ${tag()}`, text: `${b.text} A wholly different ${tag()} sentence about grain exports follows here.` });
    const twin = claimWithExact(second, b.shared);
    // Matches are stored by the match job after the import (decision 0027), not computed by the read.
    await waitForJobs(teamId);
    const res = await reviewer.request("GET", `/api/documents/${second.id}/matches`);
    expect(res.status).toBe(200);
    expect(res.json.matching).toMatchObject({ pending: false, claims: 0 });
    // Only the shared sentence matches: "Peskov stated…" is in both, but nobody judged it.
    expect(Object.keys(res.json.matches)).toEqual([String(twin.id)]);
    const [m] = res.json.matches[twin.id];
    expect(m).toMatchObject({ claimId: judged.id, documentId: first.id, documentTitle: first.title, exact: a.shared, status: "SOURCED" });
    expect(m.similarity).toBeGreaterThanOrEqual(0.6);
    expect(m.similarity).toBeLessThan(1);
    expect(m.verdict).toMatchObject({ label: "SOURCED", reviewer: { id: reviewerId }, sources: [expect.objectContaining({ url: SOURCE.url, quote: SOURCE.quote })] });

    const one = await reviewer.request("GET", `/api/claims/${twin.id}/matches`);
    expect(one.json.matches).toEqual(res.json.matches[twin.id]);
    expect((await reviewer.request("GET", `/api/claims/${judged.id}/matches`)).json.matches).toEqual([]);
  });

  it("never matches another team's verdicts", async () => {
    const word = `T${tag()}`;
    const a = article(word);
    const theirs = await importDoc(otherTeam, { title: `Theirs ${tag()}`, text: a.text });
    const c = claimWithExact(theirs, a.shared);
    expect((await otherTeam.request("PUT", `/api/claims/${c.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    const ours = await importDoc(editor, { title: `Ours ${tag()}`, text: a.text });
    await waitForJobs(teamId);
    // (Earlier tests of this file judged look-alike sentences in our own team: those may match.)
    const found = Object.values((await reviewer.request("GET", `/api/documents/${ours.id}/matches`)).json.matches).flat() as { claimId: number; documentId: number }[];
    expect(found.filter((m) => m.claimId === c.id || m.documentId === theirs.id)).toEqual([]);
    expectError(await reviewer.request("GET", `/api/documents/${theirs.id}/matches`), 404, "NOT_FOUND");
    expectError(await reviewer.request("GET", `/api/claims/${c.id}/matches`), 404, "NOT_FOUND");
  });
});

describe("POST /api/claims/:id/reuse", () => {
  async function pair() {
    const word = `U${tag()}`;
    const a = article(word);
    const first = await importDoc(editor, { title: `Earlier ${tag()}`, text: a.text });
    const judged = claimWithExact(first, a.shared);
    const put = await reviewer.request("PUT", `/api/claims/${judged.id}/verdict`, { label: "SOURCED", rationale: "Confirmed by the ministry.", sources: [SOURCE], expectedVersion: 1 });
    const b = article(word, true);
    const second = await importDoc(editor, { title: `Later ${tag()}`, text: b.text });
    return { first, judged: put.json.claim, second, twin: claimWithExact(second, b.shared) };
  }

  it("records a verdict that cites the earlier one, copies its sources and shows in history", async () => {
    const { first, judged, twin } = await pair();
    const res = await editor.request("POST", `/api/claims/${twin.id}/reuse`, { verdictId: judged.verdict.id, expectedVersion: 1 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.claim).toMatchObject({ id: twin.id, status: "SOURCED", version: 2 });
    const v = res.json.claim.verdict;
    expect(v).toMatchObject({ label: "SOURCED", rationale: "Confirmed by the ministry.", sources: [{ ...SOURCE, publisher: null }] });
    expect(v.reusedFrom).toMatchObject({ verdictId: judged.verdict.id, claimId: judged.id, documentId: first.id, documentTitle: first.title, exact: judged.exact });
    expect(v.reusedFrom.similarity).toBeGreaterThanOrEqual(0.6);

    const { history } = await getHistory(reviewer, twin.id);
    const entry = history.find((h: { kind: string }) => h.kind === "VERDICT");
    expect(entry.reusedFrom.verdictId).toBe(judged.verdict.id);
    const audit = await db.auditEvent.findFirst({ where: { action: "verdict.reuse", targetId: String(twin.id) } });
    expect(audit?.data).toMatchObject({ reusedVerdictId: judged.verdict.id, label: "SOURCED" });
    // The earlier verdict is untouched; the claim is now itself a judged claim others can match.
    expect((await db.verdict.count({ where: { claimId: judged.id } }))).toBe(1);
  });

  it("refuses what would be wrong, leaving everything as it was", async () => {
    const { judged, twin, second } = await pair();
    const reuse = (claimId: number, body: unknown) => editor.request("POST", `/api/claims/${claimId}/reuse`, body);
    expectError(await reuse(twin.id, { verdictId: judged.verdict.id, expectedVersion: 7 }), 409, "CONFLICT");
    expectError(await reuse(judged.id, { verdictId: judged.verdict.id, expectedVersion: judged.version }), 422, "INVALID");
    expectError(await reuse(twin.id, { verdictId: 2_000_000_000, expectedVersion: 1 }), 404, "NOT_FOUND");
    expect(Object.keys(expectError(await reuse(twin.id, { expectedVersion: 1 }), 422, "INVALID").fields)).toEqual(["verdictId"]);
    expect((await getDoc(reviewer, second.id)).claims.every((c: { status: string }) => c.status === "UNREVIEWED")).toBe(true);

    // Replacing a verdict by reuse needs a reason, like any replacement.
    expect((await reviewer.request("PUT", `/api/claims/${twin.id}/verdict`, { label: "OPINION", expectedVersion: 1 })).status).toBe(200);
    expect(Object.keys(expectError(await reuse(twin.id, { verdictId: judged.verdict.id, expectedVersion: 2 }), 422, "INVALID").fields)).toEqual(["reason"]);
    const ok = await reuse(twin.id, { verdictId: judged.verdict.id, expectedVersion: 2, reason: "The ministry's briefing settles it." });
    expect(ok.status).toBe(200);
    expect(ok.json.claim.verdict).toMatchObject({ reason: "The ministry's briefing settles it.", reusedFrom: { verdictId: judged.verdict.id } });

    // A verdict that was replaced since cannot be reused.
    expect((await reviewer.request("PUT", `/api/claims/${judged.id}/verdict`, { label: "OPINION", reason: "Re-read.", expectedVersion: 2 })).status).toBe(200);
    const third = await importDoc(editor, { title: `Third ${tag()}`, text: `${twin.exact} Something else entirely, ${tag()}, closes it.` });
    expectError(await reuse(third.claims[0].id, { verdictId: judged.verdict.id, expectedVersion: 1 }), 409, "CONFLICT");
    expect(cpLength(third.claims[0].exact)).toBeGreaterThan(0);
  });
});
