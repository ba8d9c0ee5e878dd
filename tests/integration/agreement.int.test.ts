// Inter-rater agreement of blind second reviews (issue 12, decision 0023): GET /api/agreement's
// figures on seeded reviews against values worked by hand, what never counts (open, cancelled,
// not compared), team isolation, the CSV and JSON downloads, and bad input.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { VerdictLabel } from "@prisma/client";
import { db } from "@/lib/server/db";
import type { Member } from "@/lib/server/session";
import { baseUrl } from "../helpers/env";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";
import { createSecondReview, recordVerdict } from "../helpers/second-reviews";

const S: VerdictLabel = "SOURCED";
const D: VerdictLabel = "DISPUTED";
const O: VerdictLabel = "OPINION";

// Ten claims, first verdict × second verdict:
//   document 1, claims 1–6: S S · S S · S S · S S · S D · D D   Alice first, Bruno second, submitted Tue 2026-11-03 (ISO week 45)
//   document 2, claims 7–10: D D · D O · O O · O S             Bruno first, Alice second, submitted Thu 2026-11-12 (ISO week 46)
// Worked by hand:
//   agreeing pairs 1–4, 6, 7, 9: p_o = 7/10. Marginals: first S5 D3 O2, second S5 D3 O2, so
//   p_e = (25 + 9 + 4)/100 = .38 and Cohen's κ = (.7 − .38)/(1 − .38) = .32/.62 = .5161.
//   Krippendorff's α: 20 values (S10 D6 O4); coincidences on the diagonal 2 per agreeing claim = 14,
//   D_o = 1 − 14/20 = .3; D_e = 1 − (10·9 + 6·5 + 4·3)/(20·19) = 248/380; α = 1 − .3·380/248 = 134/248 = .5403.
//   Every claim has 2 ratings, so Fleiss' κ covers all ten (and equals Scott's π, here = .5161).
//   Week 45: p_o 5/6, first S5 D1 × second S4 D2: p_e 22/36, κ = (30 − 22)/(36 − 22) = 8/14 = .5714.
//   Week 46: p_o 2/4, first D2 O2 × second D1 O2 S1: p_e 6/16, κ = (.5 − .375)/.625 = .2.
//   Document 1 α: 12 values (S9 D3), D_o 1/6, D_e 54/132: α = 1 − 132/324 = .5926; document 2 α: 8 values
//   (D3 O4 S1), D_o .5, D_e 38/56: α = 10/38 = .2632.
//   Alice & Bruno as people (Alice's label first): Alice S6 D2 O2, Bruno S4 D4 O2, p_e .36, κ = .34/.64 = .53125.
const DOC1: [VerdictLabel, VerdictLabel][] = [[S, S], [S, S], [S, S], [S, S], [S, D], [D, D]];
const DOC2: [VerdictLabel, VerdictLabel][] = [[D, D], [D, O], [O, O], [O, S]];
const WEEK45 = new Date("2026-11-03T10:00:00Z");
const WEEK46 = new Date("2026-11-12T09:30:00Z");

const sentences = (n: number, topic: string) =>
  Array.from({ length: n }, (_, i) => `The ${topic} council approved spending line number ${i + 1} on Monday, the clerk said.`).join(" ") + `\nRef ${tag()}`;

let teamId: number;
let editor: Client;
let reviewerClient: Client;
let outsider: Client;
let alice: Member;
let bruno: Member;
let chen: Member;
let doc1: { id: number; title: string; claims: { id: number }[] };
let doc2: { id: number; title: string; claims: { id: number }[] };
let outsiderDocId: number;

async function seedDocument(doc: { claims: { id: number }[] }, labels: [VerdictLabel, VerdictLabel][], first: Member) {
  const firstIds = [];
  for (const [i, [label]] of labels.entries()) firstIds.push(await recordVerdict(teamId, doc.claims[i]!.id, label, first.userId));
  return firstIds;
}

beforeAll(async () => {
  const { team, members } = await teamWith(["EDITOR", "REVIEWER", "REVIEWER", "REVIEWER"]);
  teamId = team.id;
  [, alice, bruno, chen] = members as [Member, Member, Member, Member];
  [editor, reviewerClient] = await Promise.all([signIn(members[0]!.email, PASSWORD), signIn(alice.email, PASSWORD)]);
  doc1 = await importDoc(editor, { title: `Harbour budget ${tag()}`, text: sentences(6, "harbour") });
  doc2 = await importDoc(editor, { title: `Rail budget ${tag()}`, text: sentences(4, "rail") });
  expect([doc1.claims.length, doc2.claims.length]).toEqual([6, 4]);

  const first1 = await seedDocument(doc1, DOC1, alice);
  const first2 = await seedDocument(doc2, DOC2, bruno);
  await createSecondReview({
    teamId, documentId: doc1.id, reviewerId: bruno.userId, state: "DONE", submittedAt: WEEK45,
    ratings: DOC1.map(([, second], i) => ({ claimId: doc1.claims[i]!.id, label: second, firstVerdictId: first1[i]! })),
  });
  await createSecondReview({
    teamId, documentId: doc2.id, reviewerId: alice.userId, state: "ADJUDICATION", submittedAt: WEEK46,
    ratings: DOC2.map(([, second], i) => ({ claimId: doc2.claims[i]!.id, label: second, firstVerdictId: first2[i]! })),
  });

  // None of these may count (a document has at most one review open or in adjudication at a time).
  // An open review is secret (and every label in it disagrees) ...
  await createSecondReview({
    teamId, documentId: doc1.id, reviewerId: chen.userId, state: "OPEN",
    ratings: doc1.claims.map((c, i) => ({ claimId: c.id, label: O, firstVerdictId: first1[i]! })),
  });
  // ... a cancelled one never was submitted (even with first verdicts beside it) ...
  await createSecondReview({
    teamId, documentId: doc2.id, reviewerId: chen.userId, state: "CANCELLED", submittedAt: WEEK46,
    ratings: doc2.claims.map((c, i) => ({ claimId: c.id, label: D, firstVerdictId: first2[i]! })),
  });
  // ... and second verdicts not compared with a first verdict have nothing to agree with.
  await createSecondReview({
    teamId, documentId: doc2.id, reviewerId: chen.userId, state: "DONE", submittedAt: WEEK46,
    ratings: doc2.claims.map((c) => ({ claimId: c.id, label: O, firstVerdictId: null })),
  });
  // An adjudication after submission gives claim 5 a new current verdict (DISPUTED, the second
  // reviewer's label): the figures still compare with the verdict it had at submission.
  await recordVerdict(teamId, doc1.claims[4]!.id, D, members[0]!.userId);

  const other = await teamWith(["EDITOR"]);
  outsider = await signIn(other.members[0]!.email, PASSWORD);
  outsiderDocId = (await importDoc(outsider, { title: `Outsider ${tag()}`, text: sentences(2, "outsider") })).id;
}, 60_000);

const get = async (client: Client, query = "") => {
  const res = await client.request("GET", `/api/agreement${query}`);
  expect(res.status, JSON.stringify(res.json).slice(0, 400)).toBe(200);
  return res.json;
};

describe("GET /api/agreement", () => {
  it("gives the team's figures as worked by hand, from submitted reviews only", async () => {
    const r = await get(editor);
    expect(r.summary).toMatchObject({ pairs: 10, claims: 10, reviews: 2, raw: 0.7, unanimous: 0.7 });
    expect(r.summary.cohen.observed).toBeCloseTo(0.7, 12);
    expect(r.summary.cohen.expected).toBeCloseTo(0.38, 12);
    expect(r.summary.cohen.kappa).toBeCloseTo(0.32 / 0.62, 12);
    expect(r.summary.alpha).toMatchObject({ n: 20 });
    expect(r.summary.alpha.observedDisagreement).toBeCloseTo(0.3, 12);
    expect(r.summary.alpha.expectedDisagreement).toBeCloseTo(248 / 380, 12);
    expect(r.summary.alpha.alpha).toBeCloseTo(134 / 248, 12);
    expect(r.summary.fleiss).toMatchObject({ n: 10, raters: 2, claimsLeftOut: 0 });
    expect(r.summary.fleiss.kappa).toBeCloseTo(0.32 / 0.62, 12);
    expect(r.summary.confusion).toEqual({
      labels: ["SOURCED", "DISPUTED", "OPINION"],
      counts: [
        [4, 1, 0],
        [0, 2, 1],
        [1, 0, 1],
      ],
    });
    expect(r.summary.interpretation).toMatch(/70 % of 10 claims compared; Cohen's κ of 0\.52 is moderate agreement beyond chance \(Landis & Koch 1977 bands\)/);
  });

  it("per ISO week, per document and per pair of reviewers", async () => {
    const r = await get(editor);
    expect(r.weeks.map((w: any) => [w.week, w.start, w.pairs, w.raw])).toEqual([
      ["2026-W45", "2026-11-02", 6, 5 / 6],
      ["2026-W46", "2026-11-09", 4, 0.5],
    ]);
    expect(r.weeks[0].kappa).toBeCloseTo(8 / 14, 12);
    expect(r.weeks[1].kappa).toBeCloseTo(0.2, 12);
    expect(r.documents.map((d: any) => [d.id, d.title, d.pairs])).toEqual([
      [doc1.id, doc1.title, 6],
      [doc2.id, doc2.title, 4],
    ]);
    expect(r.documents[0].alpha).toBeCloseTo(1 - 132 / 324, 12);
    expect(r.documents[1].alpha).toBeCloseTo(10 / 38, 12);
    expect(r.documents[1].kappa).toBeCloseTo(0.2, 12);
    expect(r.reviewerPairs).toHaveLength(1); // Alice & Bruno, whoever was first: Chen's reviews never counted
    const pair = r.reviewerPairs[0];
    expect([pair.a.id, pair.b.id, pair.pairs, pair.raw]).toEqual([alice.userId, bruno.userId, 10, 0.7]);
    expect([pair.a.name, pair.b.name]).toEqual([alice.name, bruno.name]);
    expect(pair.kappa).toBeCloseTo(0.34 / 0.64, 12);
    expect(JSON.stringify(r)).not.toContain(chen.name);
  });

  it("filters by document and by submission day (to inclusive)", async () => {
    const byDoc = await get(editor, `?document=${doc2.id}`);
    expect(byDoc.document).toEqual({ id: doc2.id, title: doc2.title });
    expect([byDoc.summary.pairs, byDoc.summary.raw]).toEqual([4, 0.5]);
    expect(byDoc.summary.cohen.kappa).toBeCloseTo(0.2, 12);
    expect((await get(editor, "?to=2026-11-03")).summary.pairs).toBe(6);
    expect((await get(editor, "?from=2026-11-12&to=2026-11-12")).summary.pairs).toBe(4);
    const none = await get(editor, "?from=2026-11-04&to=2026-11-11");
    expect(none.summary).toMatchObject({ pairs: 0, raw: null, cohen: { kappa: null }, alpha: { alpha: null } });
    expect(none.summary.fleiss.note).toMatch(/^Not applicable/);
    expect(none.weeks).toEqual([]);
  });

  it("several raters on one claim: α takes them all, Fleiss' κ only the claims with the commonest number of ratings, and says so", async () => {
    // A second blind review of document 2's claims 7 and 8 by Chen: those two claims now have 3 ratings.
    const first = await db.secondVerdict.findMany({ where: { review: { documentId: doc2.id, state: "ADJUDICATION", reviewerId: alice.userId } }, orderBy: { claimId: "asc" } });
    const extra = await createSecondReview({
      teamId, documentId: doc2.id, reviewerId: chen.userId, state: "DONE", submittedAt: WEEK46,
      ratings: first.slice(0, 2).map((v) => ({ claimId: v.claimId, label: D, firstVerdictId: v.firstVerdictId })),
    });
    try {
      // Document 2 units: claim 7 D D D · claim 8 D O D · claim 9 O O · claim 10 O S.
      // α: 10 values (D5 O4 S1); diagonal 3 + 1 + 2 + 0 = 6: D_o = .4; D_e = 1 − (20 + 12)/90 = 58/90; α = 1 − .4·90/58 = 22/58.
      // Fleiss over claims 9 and 10 would need 2 ratings; the commonest count is a tie (2 claims each), the larger wins: claims 7, 8 with 3.
      //   P_7 = 1, P_8 = 2/6: P̄ = 2/3; p_D = 5/6, p_O = 1/6: P̄e = 26/36; κ = (24/36 − 26/36)/(10/36) = −.2.
      const r = await get(editor, `?document=${doc2.id}`);
      expect(r.summary).toMatchObject({ pairs: 6, claims: 4, reviews: 2 });
      expect(r.summary.alpha.n).toBe(10);
      expect(r.summary.alpha.alpha).toBeCloseTo(22 / 58, 12);
      expect(r.summary.fleiss).toMatchObject({ n: 2, raters: 3, claimsLeftOut: 2 });
      expect(r.summary.fleiss.kappa).toBeCloseTo(-0.2, 12);
      expect(r.summary.fleiss.note).toMatch(/2 claims with another number of ratings are left out/);
      expect(r.reviewerPairs.map((p: any) => [p.a.id, p.b.id, p.pairs])).toEqual([[alice.userId, bruno.userId, 4], [bruno.userId, chen.userId, 2]]);
    } finally {
      await db.secondReview.delete({ where: { id: extra } });
    }
  });

  it("is for editors and admins: a reviewer gets 403, and a bad filter a 422 that says what to send", async () => {
    expectError(await reviewerClient.request("GET", "/api/agreement"), 403, "FORBIDDEN");
    expectError(await reviewerClient.request("GET", "/api/agreement?format=csv"), 403, "FORBIDDEN");
    const cases: [string, string, RegExp][] = [
      ["from=2026-02-30", "from", /real date written YYYY-MM-DD/],
      ["to=12/11/2026", "to", /real date written YYYY-MM-DD/],
      ["from=0999-12-31", "from", /between 1000-01-01 and 9999-12-30/],
      ["from=2026-11-12&to=2026-11-03", "to", /swap them/],
      ["document=abc", "document", /an id/],
      ["format=xlsx", "format", /csv or json/],
    ];
    for (const [query, field, message] of cases) {
      const error = expectError(await editor.request("GET", `/api/agreement?${query}`), 422, "INVALID");
      expect(error.fields[field], query).toMatch(message);
    }
  });
});

describe("another team", () => {
  it("sees none of this team's figures, and a filter on this team's document is a 404 like a missing id", async () => {
    const theirs = await get(outsider);
    expect(theirs.summary.pairs).toBe(0);
    const raw = JSON.stringify(theirs);
    for (const secret of [doc1.title, doc2.title, alice.name, bruno.name]) expect(raw).not.toContain(secret);
    const foreign = await outsider.request("GET", `/api/agreement?document=${doc1.id}`);
    expectError(foreign, 404, "NOT_FOUND");
    expect(foreign.json).toEqual((await outsider.request("GET", "/api/agreement?document=2147483647")).json);
    expectError(await outsider.request("GET", `/api/agreement?format=csv&document=${doc1.id}`), 404, "NOT_FOUND");
    // And this team's own filter on the other team's document.
    expectError(await editor.request("GET", `/api/agreement?document=${outsiderDocId}`), 404, "NOT_FOUND");
  });
});

async function download(client: Client, query: string) {
  const res = await fetch(`${baseUrl()}/api/agreement${query}`, { headers: { cookie: client.cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  // Decoded by hand: fetch's text() would drop the byte order mark that is under test.
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString("utf8") };
}

describe("downloads", () => {
  it("CSV: one row per pair with the columns in order, UTF-8 with BOM, as an attachment, audited", async () => {
    const res = await download(editor, "?format=csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="claimdesk-team-[0-9a-f]{8}-agreement-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(res.text.slice(1), { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      "claim_id", "document_id", "document_title", "first_rater_id", "first_rater", "first_label",
      "second_rater_id", "second_rater", "second_label", "agreed", "submitted_at",
    ]);
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.agreed === "yes")).toHaveLength(7);
    expect(rows[4]).toEqual({
      claim_id: String(doc1.claims[4]!.id), document_id: String(doc1.id), document_title: doc1.title,
      first_rater_id: String(alice.userId), first_rater: alice.name, first_label: "SOURCED",
      second_rater_id: String(bruno.userId), second_rater: bruno.name, second_label: "DISPUTED",
      agreed: "no", submitted_at: "2026-11-03T10:00:00.000Z",
    });
    expect(rows.map((r) => `${r.first_label![0]}${r.second_label![0]}`)).toEqual([...DOC1, ...DOC2].map(([a, b]) => `${a[0]}${b[0]}`));
    const audited = await db.auditEvent.findFirst({ where: { teamId, action: "export.download" }, orderBy: { id: "desc" } });
    expect(audited?.data).toMatchObject({ format: "csv", scope: "agreement" });
  });

  it("JSON: the same pairs with every figure, filtered like the page", async () => {
    const res = await download(editor, `?format=json&document=${doc1.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="claimdesk-harbour-budget-[0-9a-f]{8}-agreement-\d{4}-\d{2}-\d{2}\.json"$/);
    const file = JSON.parse(res.text);
    expect(file).toMatchObject({ exportSchemaVersion: "claimdesk.agreement/1", filters: { document: doc1.id }, summary: { pairs: 6 } });
    expect(file.pairs).toHaveLength(6);
    expect(file.pairs[4]).toMatchObject({ claimId: doc1.claims[4]!.id, firstLabel: "SOURCED", secondLabel: "DISPUTED", agreed: false, firstRater: { id: alice.userId } });
    expect(file.summary.cohen.kappa).toBeCloseTo(8 / 14, 12);
  });
});
