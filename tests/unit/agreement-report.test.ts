// The agreement page's figures (decision 0023), from rating pairs, against values worked by hand.
import { describe, expect, it } from "vitest";
import { agreementReport, interpretation, isoWeek, landisKoch, type RatingPair } from "@/lib/domain/agreement-report";
import { agreementCsv } from "@/lib/domain/exports/agreement-csv";
import type { VerdictLabel } from "@/lib/domain/verdicts";

const A = { id: 1, name: "Alice" };
const B = { id: 2, name: "Bruno" };
const C = { id: 3, name: "Chen" };
let verdictIds = 0;

function pair(claimId: number, first: VerdictLabel, second: VerdictLabel, o: Partial<RatingPair> = {}): RatingPair {
  return {
    claimId,
    documentId: 10,
    documentTitle: "Doc",
    reviewId: 100,
    firstVerdictId: 1000 + claimId,
    secondVerdictId: 2000 + ++verdictIds,
    firstRater: A,
    firstLabel: first,
    secondRater: B,
    secondLabel: second,
    submittedAt: "2026-11-03T10:00:00.000Z",
    ...o,
  };
}

// Ten claims, first × second (S = SOURCED, D = DISPUTED, O = OPINION):
//   1–4 S S · 5 S D · 6 D D   (document 10, review 100, Alice first, Bruno second, Tue 2026-11-03, W45)
//   7 D D · 8 D O · 9 O O · 10 O S   (document 20, review 200, Bruno first, Alice second, Thu 2026-11-12, W46)
const S = "SOURCED";
const D = "DISPUTED";
const O = "OPINION";
const week2 = { documentId: 20, documentTitle: "Second doc", reviewId: 200, firstRater: B, secondRater: A, submittedAt: "2026-11-12T09:00:00.000Z" };
const TEN: RatingPair[] = [
  pair(1, S, S), pair(2, S, S), pair(3, S, S), pair(4, S, S), pair(5, S, D), pair(6, D, D),
  pair(7, D, D, week2), pair(8, D, O, week2), pair(9, O, O, week2), pair(10, O, S, week2),
];

describe("agreementReport on ten pairs worked by hand", () => {
  const r = agreementReport(TEN);
  it("team: p_o 7/10; marginals first S5 D3 O2, second S5 D3 O2, p_e .38, κ = .32/.62", () => {
    expect(r.summary).toMatchObject({ pairs: 10, claims: 10, reviews: 2, raw: 0.7, unanimous: 0.7 });
    expect(r.summary.cohen.expected).toBeCloseTo(0.38, 12);
    expect(r.summary.cohen.kappa).toBeCloseTo(0.32 / 0.62, 12); // 0.516
    expect(r.summary.confusion.counts).toEqual([
      [4, 1, 0],
      [0, 2, 1],
      [1, 0, 1],
    ]);
  });
  it("α: n = 20 values (S10 D6 O4), D_o = 1 − 14/20, D_e = 1 − 132/380, α = 134/248; Fleiss = Scott's π over all ten", () => {
    expect(r.summary.alpha.n).toBe(20);
    expect(r.summary.alpha.alpha).toBeCloseTo(134 / 248, 12); // 0.540
    expect(r.summary.fleiss).toMatchObject({ n: 10, raters: 2, claimsLeftOut: 0, note: "Over all 10 claims, each with 2 ratings." });
    expect(r.summary.fleiss.kappa).toBeCloseTo(0.32 / 0.62, 12); // pooled marginals equal Cohen's here
  });
  it("per week (ISO): W45 p_o 5/6, p_e 22/36, κ 8/14; W46 p_o 2/4, p_e 6/16, κ .2", () => {
    expect(r.weeks.map((w) => [w.week, w.start, w.pairs, w.raw])).toEqual([
      ["2026-W45", "2026-11-02", 6, 5 / 6],
      ["2026-W46", "2026-11-09", 4, 0.5],
    ]);
    expect(r.weeks[0]!.kappa).toBeCloseTo(8 / 14, 12);
    expect(r.weeks[1]!.kappa).toBeCloseTo(0.2, 12);
  });
  it("per document: α 1 − (1/6)/(54/132) and 10/38", () => {
    expect(r.documents.map((d) => [d.id, d.pairs])).toEqual([[10, 6], [20, 4]]);
    expect(r.documents[0]!.alpha).toBeCloseTo(1 - 132 / 324, 12);
    expect(r.documents[1]!.alpha).toBeCloseTo(10 / 38, 12);
  });
  it("per reviewer pair: one unordered pair, labels oriented Alice × Bruno (A: S6 D2 O2, B: S4 D4 O2): κ .34/.64, not the first × second .516", () => {
    expect(r.reviewerPairs).toHaveLength(1);
    const p = r.reviewerPairs[0]!;
    expect([p.a, p.b, p.pairs, p.raw]).toEqual([A, B, 10, 0.7]);
    expect(p.kappa).toBeCloseTo(0.34 / 0.64, 12);
  });
  it("interprets κ with the Landis & Koch bands, naming them", () => {
    expect(r.summary.interpretation).toBe(
      "The second reviewers gave the first verdict's label on 70 % of 10 claims compared; Cohen's κ of 0.52 is moderate agreement beyond chance (Landis & Koch 1977 bands).",
    );
  });
});

describe("several raters per claim", () => {
  // c1: A S, B S, C S · c2: A S, B D, C D · c3: A O, B O (C did not sample it). The first verdicts
  // are the same two rows for both reviews, so each is one rating of its unit, not two.
  const pairs = [
    pair(1, S, S, { firstVerdictId: 11 }), pair(2, S, D, { firstVerdictId: 12 }), pair(3, O, O, { firstVerdictId: 13 }),
    pair(1, S, S, { firstVerdictId: 11, reviewId: 101, secondRater: C }), pair(2, S, D, { firstVerdictId: 12, reviewId: 101, secondRater: C }),
  ];
  const r = agreementReport(pairs);
  it("α over every rating (n 8, D_o .25, D_e 40/56: α .65); Fleiss over the two claims with 3 ratings only (P̄ 2/3, P̄e 5/9: κ .25)", () => {
    expect(r.summary).toMatchObject({ pairs: 5, claims: 3, reviews: 2, raw: 0.6 });
    expect(r.summary.unanimous).toBeCloseTo(2 / 3, 12);
    expect(r.summary.alpha.n).toBe(8);
    expect(r.summary.alpha.alpha).toBeCloseTo(0.65, 12);
    expect(r.summary.fleiss).toMatchObject({ n: 2, raters: 3, claimsLeftOut: 1 });
    expect(r.summary.fleiss.kappa).toBeCloseTo(0.25, 12);
    expect(r.summary.fleiss.note).toMatch(/Over the 2 claims with 3 ratings each only; 1 claim with another number of ratings is left out/);
    expect(r.summary.cohen.kappa).toBeCloseTo(0.24 / 0.64, 12); // first S4 O1 × second S2 D2 O1: p_e 9/25
    expect(r.reviewerPairs.map((p) => [p.a.name, p.b.name, p.pairs])).toEqual([["Alice", "Bruno", 3], ["Alice", "Chen", 2]]);
  });
});

describe("degenerate data", () => {
  it("no pairs: every figure null, Fleiss not applicable, an empty matrix", () => {
    const r = agreementReport([]);
    expect(r.summary).toMatchObject({ pairs: 0, claims: 0, raw: null, unanimous: null, cohen: { kappa: null }, alpha: { alpha: null } });
    expect(r.summary.fleiss.note).toMatch(/^Not applicable/);
    expect(r.summary.confusion.counts.flat().every((n) => n === 0)).toBe(true);
    expect(r.weeks).toEqual([]);
    expect(r.summary.interpretation).toMatch(/nothing to compare/);
  });
  it("one label throughout: raw 1, κ and α null, said in words", () => {
    const r = agreementReport([pair(1, S, S), pair(2, S, S)]);
    expect(r.summary.raw).toBe(1);
    expect(r.summary.cohen.kappa).toBeNull();
    expect(r.summary.alpha.alpha).toBeNull();
    expect(r.summary.interpretation).toMatch(/not enough variation.*read every figure as rough/);
  });
});

describe("isoWeek and landisKoch", () => {
  it.each([
    ["2026-01-01T12:00:00Z", "2026-W01", "2025-12-29"], // a Thursday: week 1 of its own year
    ["2021-01-03T23:59:59Z", "2020-W53", "2020-12-28"], // a Sunday in the last week of the year before
    ["2024-12-30T00:00:00Z", "2025-W01", "2024-12-30"], // a Monday in week 1 of the next year
    ["2026-12-07T04:49:00Z", "2026-W50", "2026-12-07"],
  ])("%s is %s from %s", (iso, week, start) => expect(isoWeek(iso)).toEqual({ week, start }));
  it("bands at their edges", () => {
    expect([-0.1, 0, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.8, 0.81, 1].map(landisKoch)).toEqual([
      "poor (below chance)", "slight", "slight", "fair", "fair", "moderate", "moderate", "substantial", "substantial", "almost perfect", "almost perfect",
    ]);
  });
  it("warns when there are few pairs", () => {
    expect(interpretation({ pairs: 4, raw: 0.5, cohen: { kappa: 0.2, observed: 0.5, expected: 0.375, n: 4 } })).toMatch(/slight agreement.*With so few claims/);
  });
});

describe("agreementCsv", () => {
  it("writes the header, one CRLF record per pair, and neutralises formula-like names", () => {
    const csv = agreementCsv([pair(1, S, D, { documentTitle: '=HYPERLINK("x")', firstRater: { id: 1, name: "Ann, Jr." } })]);
    expect(csv).toBe(
      "\uFEFFclaim_id,document_id,document_title,first_rater_id,first_rater,first_label,second_rater_id,second_rater,second_label,agreed,submitted_at\r\n" +
        `1,10,"'=HYPERLINK(""x"")",1,"Ann, Jr.",SOURCED,2,Bruno,DISPUTED,no,2026-11-03T10:00:00.000Z\r\n`,
    );
  });
});
