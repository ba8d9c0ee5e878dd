// Agreement statistics against published worked examples (sources cited at each), small examples
// worked by hand in the comments, and properties that follow from the formulas.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohensKappa, confusionMatrix, fleissKappa, krippendorffAlpha, rawAgreement, type Rating } from "@/lib/domain/agreement";
import { fuzz } from "../helpers/text-arbitraries";

type V = "SOURCED" | "DISPUTED" | "OPINION";
const CATS: V[] = ["SOURCED", "DISPUTED", "OPINION"];

/** `count` copies of the pair [a, b]. */
const times = <L extends string>(count: number, a: L, b: L): [L, L][] => Array.from({ length: count }, () => [a, b]);

/** A unit's ratings from its count in each category: [2, 0, 1] over categories [x, y, z] → [x, x, z]. */
const fromCounts = (counts: number[], categories: string[]): string[] => counts.flatMap((c, j) => Array<string>(c).fill(categories[j]!));

// ---------------------------------------------------------------------------------------------
describe("cohensKappa", () => {
  it("reproduces the Wikipedia worked example (p_o 0.7, p_e 0.5, κ 0.4)", () => {
    // Wikipedia, "Cohen's kappa", section "Simple example": 50 grant proposals, readers A and B,
    // Yes/Yes 20, A Yes–B No 5, A No–B Yes 10, No/No 15. p_o = 35/50 = 0.7; A says Yes 25/50 = 0.5,
    // B says Yes 30/50 = 0.6; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const pairs = [...times(20, "Yes", "Yes"), ...times(5, "Yes", "No"), ...times(10, "No", "Yes"), ...times(15, "No", "No")];
    const k = cohensKappa(pairs, ["Yes", "No"]);
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(confusionMatrix(pairs, ["Yes", "No"])).toEqual([
      [20, 5],
      [10, 15],
    ]);
  });

  it("matches a three-category example worked by hand (κ = 83/133)", () => {
    // A in rows, B in columns:      S  D  O | row
    //                       S       6  1  1 |  8
    //                       D       1  4  1 |  6
    //                       O       0  1  5 |  6
    //                     column    7  6  7 | 20
    // p_o = (6 + 4 + 5)/20 = 15/20 = 0.75
    // p_e = (8·7 + 6·6 + 6·7)/20² = (56 + 36 + 42)/400 = 134/400 = 0.335
    // κ = (0.75 − 0.335)/(1 − 0.335) = 0.415/0.665 = 83/133 ≈ 0.62406
    const pairs: [V, V][] = [
      ...times<V>(6, "SOURCED", "SOURCED"), ...times<V>(1, "SOURCED", "DISPUTED"), ...times<V>(1, "SOURCED", "OPINION"),
      ...times<V>(1, "DISPUTED", "SOURCED"), ...times<V>(4, "DISPUTED", "DISPUTED"), ...times<V>(1, "DISPUTED", "OPINION"),
      ...times<V>(1, "OPINION", "DISPUTED"), ...times<V>(5, "OPINION", "OPINION"),
    ];
    const k = cohensKappa(pairs, CATS);
    expect(k.observed).toBeCloseTo(0.75, 12);
    expect(k.expected).toBeCloseTo(0.335, 12);
    expect(k.kappa).toBeCloseTo(83 / 133, 12);
    expect(confusionMatrix(pairs, CATS)).toEqual([
      [6, 1, 1],
      [1, 4, 1],
      [0, 1, 5],
    ]);
  });

  it("gives κ = 1 for perfect agreement over at least two categories", () => {
    const pairs: [V, V][] = [...times<V>(3, "SOURCED", "SOURCED"), ...times<V>(2, "OPINION", "OPINION")];
    expect(cohensKappa(pairs)).toEqual({ kappa: 1, observed: 1, expected: (3 * 3 + 2 * 2) / 25, n: 5 });
  });

  it("returns null κ (not NaN, not 1) when both raters used one same category only: p_e = 1", () => {
    expect(cohensKappa(times<V>(4, "OPINION", "OPINION"))).toEqual({ kappa: null, observed: 1, expected: 1, n: 4 });
  });

  it("returns nulls for no pairs", () => {
    expect(cohensKappa([])).toEqual({ kappa: null, observed: null, expected: null, n: 0 });
  });

  it("is 0 when agreement is what chance predicts, and can be negative", () => {
    // p_o = 0.5; each rater says x half the time: p_e = 0.5 → κ = 0.
    expect(cohensKappa([["x", "x"], ["x", "y"], ["y", "x"], ["y", "y"]]).kappa).toBe(0);
    // Always disagreeing: p_o = 0, p_e = 0.5 → κ = −1.
    expect(cohensKappa([["x", "y"], ["y", "x"]]).kappa).toBe(-1);
  });

  it("refuses a label outside the categories given", () => {
    expect(() => cohensKappa([["SOURCED", "MAYBE" as V]], CATS)).toThrow(/"MAYBE" is not one of the categories/);
    expect(() => confusionMatrix([["SOURCED", "MAYBE" as V]], CATS)).toThrow(/"MAYBE"/);
    expect(() => confusionMatrix([], ["SOURCED", "SOURCED"])).toThrow(/must not repeat/);
  });
});

// ---------------------------------------------------------------------------------------------
describe("confusionMatrix", () => {
  it("follows the category order given, with zero rows and columns for unused categories", () => {
    const pairs: [V, V][] = [["OPINION", "SOURCED"], ["OPINION", "SOURCED"], ["SOURCED", "SOURCED"]];
    expect(confusionMatrix(pairs, ["OPINION", "DISPUTED", "SOURCED"])).toEqual([
      [0, 0, 2],
      [0, 0, 0],
      [0, 0, 1],
    ]);
    expect(confusionMatrix([], CATS)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("fleissKappa", () => {
  it("reproduces the Wikipedia worked example (P̄ 0.378, P̄e 0.213, κ 0.210)", () => {
    // Wikipedia, "Fleiss' kappa", section "Worked example": 14 raters, 10 subjects, 5 categories;
    // n_ij below. Published: p_j = 0.143 0.200 0.279 0.150 0.229, P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    const k = fleissKappa(table.map((row) => fromCounts(row, ["1", "2", "3", "4", "5"])));
    expect(k.n).toBe(10);
    expect(k.raters).toBe(14);
    expect(k.observed).toBeCloseTo(0.378, 3);
    expect(k.expected).toBeCloseTo(0.213, 3);
    expect(k.kappa).toBeCloseTo(0.21, 3);
    // Exactly: P̄ = Σ_i Σ_j n_ij(n_ij−1) / (N m (m−1)) = 688/1820; P̄e = (20² + 28² + 39² + 21² + 32²)/140² = 4170/19600.
    expect(k.observed).toBeCloseTo(688 / 1820, 12);
    expect(k.expected).toBeCloseTo(4170 / 19600, 12);
  });

  it("throws a clear error when units have different numbers of ratings, or a missing one", () => {
    expect(() => fleissKappa([["a", "a", "b"], ["a", "b"]])).toThrow("fleissKappa: every unit needs the same number of ratings; unit 0 has 3, unit 1 has 2 (use krippendorffAlpha).");
    expect(() => fleissKappa([["a", null as unknown as string]])).toThrow(/missing rating/);
    expect(() => fleissKappa([["a"], ["b"]])).toThrow(/at least 2 ratings/);
  });

  it("returns nulls for no units, κ = 1 for perfect agreement, null κ for a single category everywhere", () => {
    expect(fleissKappa([])).toEqual({ kappa: null, observed: null, expected: null, n: 0, raters: 0 });
    expect(fleissKappa([["a", "a", "a"], ["b", "b", "b"]]).kappa).toBe(1);
    expect(fleissKappa([["a", "a", "a"], ["a", "a", "a"]])).toEqual({ kappa: null, observed: 1, expected: 1, n: 2, raters: 3 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("krippendorffAlpha (nominal)", () => {
  it("reproduces Krippendorff (2011), 4 observers × 12 units with missing values: α = 0.743", () => {
    // Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability", section C ("Nominal data,
    // any number of observers, missing data"). Observers A–D, units 1–12, "." = missing:
    //   A: 1 2 3 3 2 1 4 1 2 . . .
    //   B: 1 2 3 3 2 2 4 1 2 5 . 3
    //   C: . 3 3 3 2 3 4 2 2 5 1 .
    //   D: 1 2 3 3 2 4 4 1 2 5 1 .
    // Unit 12 has a single value and is not pairable, so n = 40 pairable values. Published: α = 0.743.
    // By hand: n_c = 9, 13, 10, 5, 3 (values 1..5); the off-diagonal coincidences sum to
    // Σ_{c≠k} o_ck = 8 — only units 2, 6 and 8 disagree: unit 2 (2 2 3 2, m = 4) gives o_23 = o_32 =
    // 3·1/3 = 1; unit 6 (1 2 3 4) gives 1·1/3 to each of its 12 ordered pairs, 4; unit 8 (1 1 2 1)
    // gives o_12 = o_21 = 1; 2 + 4 + 2 = 8 — and
    // Σ_{c≠k} n_c n_k = n² − Σ_c n_c² = 1600 − 384 = 1216, so
    // α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k = 1 − 39·8/1216 = 1 − 312/1216 = 113/152 ≈ 0.7434;
    // D_o = 8/40 = 0.2, D_e = 1216/(40·39) = 1216/1560.
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = observers[0]!.map((_v, u) => observers.map((o) => (o[u] === null ? null : String(o[u]))));
    const a = krippendorffAlpha(units);
    expect(a.n).toBe(40);
    expect(a.alpha).toBeCloseTo(0.743, 3);
    expect(a.alpha).toBeCloseTo(113 / 152, 12);
    expect(a.observedDisagreement).toBeCloseTo(0.2, 12);
    expect(a.expectedDisagreement).toBeCloseTo(1216 / 1560, 12);
  });

  it("reproduces Krippendorff (2011), binary data, two observers, 10 units: α = 0.095", () => {
    // Same paper, section A ("Binary or dichotomous data, two observers, no missing data"):
    //   Coder A: 0 1 0 0 0 0 0 0 1 0
    //   Coder B: 1 1 1 0 0 1 0 0 0 0
    // n = 20, n_0 = 14, n_1 = 6, o_01 = o_10 = 4; α = 1 − (n − 1) o_01 / (n_0 n_1) = 1 − 19·4/84 = 0.095.
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const result = krippendorffAlpha(a.map((x, u) => [String(x), String(b[u])]));
    expect(result.n).toBe(20);
    expect(result.alpha).toBeCloseTo(0.095, 3);
    expect(result.alpha).toBeCloseTo(1 - (19 * 4) / 84, 12);
  });

  it("matches a small example with missing ratings worked by hand (α = 5/11)", () => {
    // Raters X, Y, Z; null = not reviewed.
    //   u1: S S S      m=3  n_S=3               Σ_c n_uc(n_uc−1)/(m−1) = 3·2/2 = 3
    //   u2: S D .      m=2  n_S=1 n_D=1                                  0
    //   u3: D D O      m=3  n_D=2 n_O=1                                  2·1/2 = 1
    //   u4: O . .      m=1  not pairable: dropped
    //   u5: O O .      m=2  n_O=2                                        2·1/1 = 2
    // n = 3 + 2 + 3 + 2 = 10; n_S = 4, n_D = 3, n_O = 3; Σ_c o_cc = 3 + 0 + 1 + 2 = 6.
    // D_o = 1 − 6/10 = 0.4.  D_e = 1 − (4·3 + 3·2 + 3·2)/(10·9) = 1 − 24/90 = 11/15.
    // α = 1 − 0.4 / (11/15) = 1 − 6/11 = 5/11 ≈ 0.4545.
    const S = "SOURCED", D = "DISPUTED", O = "OPINION";
    const units: Rating<V>[][] = [
      [S, S, S],
      [S, D, null],
      [D, D, O],
      [O, null, null],
      [O, O, null],
    ];
    const a = krippendorffAlpha(units);
    expect(a.n).toBe(10);
    expect(a.observedDisagreement).toBeCloseTo(0.4, 12);
    expect(a.expectedDisagreement).toBeCloseTo(11 / 15, 12);
    expect(a.alpha).toBeCloseTo(5 / 11, 12);
    // The unit with one rating changes nothing: dropping it gives the same figures.
    expect(krippendorffAlpha(units.filter((_u, i) => i !== 3))).toEqual(a);
  });

  it("drops units with fewer than 2 ratings; nothing pairable gives nulls", () => {
    expect(krippendorffAlpha([])).toEqual({ alpha: null, observedDisagreement: null, expectedDisagreement: null, n: 0 });
    expect(krippendorffAlpha([["a", null], [null, "b"], [null, null]])).toEqual({ alpha: null, observedDisagreement: null, expectedDisagreement: null, n: 0 });
  });

  it("gives α = 1 for perfect agreement and null α for one category everywhere (D_e = 0)", () => {
    expect(krippendorffAlpha([["a", "a", null], ["b", "b", "b"]]).alpha).toBe(1);
    expect(krippendorffAlpha([["a", "a", null], ["a", "a", "a"]])).toEqual({ alpha: null, observedDisagreement: 0, expectedDisagreement: 0, n: 5 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("rawAgreement", () => {
  it("counts unanimous units and the mean share of agreeing rater pairs, ignoring missing ratings", () => {
    // u1: a a a  → unanimous, pairs agree 3/3        u2: a b .  → 0/1
    // u3: a a b  → 1 of 3 pairs agrees               u4: a . .  → not counted (1 rating)
    const r = rawAgreement([["a", "a", "a"], ["a", "b", null], ["a", "a", "b"], ["a", null, null]]);
    expect(r.units).toBe(3);
    expect(r.unanimous).toBeCloseTo(1 / 3, 12);
    expect(r.pairwise).toBeCloseTo((1 + 0 + 1 / 3) / 3, 12);
  });

  it("returns nulls when no unit has two ratings", () => {
    expect(rawAgreement([])).toEqual({ unanimous: null, pairwise: null, units: 0 });
    expect(rawAgreement([["a"], ["b", null]])).toEqual({ unanimous: null, pairwise: null, units: 0 });
  });

  it("is 1 for a single category everywhere, where the kappas are undefined", () => {
    expect(rawAgreement([["a", "a"], ["a", "a"]])).toEqual({ unanimous: 1, pairwise: 1, units: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
describe("properties", () => {
  const options = fuzz(300);
  const label = fc.constantFrom<V>(...CATS);
  const pairs = fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 40 });
  /** Complete data: N units × m raters, no missing ratings. */
  const complete = fc.integer({ min: 2, max: 5 }).chain((m) => fc.array(fc.array(label, { minLength: m, maxLength: m }), { minLength: 1, maxLength: 30 }));
  /** A consistent relabelling of the three verdicts. */
  const permutation = fc.shuffledSubarray(CATS, { minLength: 3, maxLength: 3 }).map((to) => (v: V) => to[CATS.indexOf(v)]!);

  const sameNumber = (a: number | null, b: number | null) => {
    if (a === null) expect(b).toBeNull();
    else expect(b).toBeCloseTo(a, 12);
  };

  it("Cohen's kappa is symmetric in the raters; the confusion matrix transposes", () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const swapped = ps.map(([a, b]) => [b, a] as [V, V]);
        const k = cohensKappa(ps), s = cohensKappa(swapped);
        sameNumber(k.kappa, s.kappa);
        sameNumber(k.expected, s.expected);
        expect(s.observed).toBe(k.observed);
        const m = confusionMatrix(ps, CATS);
        expect(confusionMatrix(swapped, CATS)).toEqual(m.map((_row, i) => m.map((row) => row[i])));
      }),
      options,
    );
  });

  it("every figure is unchanged when the labels are renamed consistently", () => {
    fc.assert(
      fc.property(complete, permutation, (units, p) => {
        const renamed = units.map((u) => u.map(p));
        const k = fleissKappa(units), kr = fleissKappa(renamed);
        sameNumber(k.kappa, kr.kappa);
        const a = krippendorffAlpha(units), ar = krippendorffAlpha(renamed);
        sameNumber(a.alpha, ar.alpha);
        expect(rawAgreement(renamed)).toEqual(rawAgreement(units));
        const twoRaters = units.map((u) => [u[0]!, u[1]!] as [V, V]);
        sameNumber(cohensKappa(twoRaters).kappa, cohensKappa(twoRaters.map(([x, y]) => [p(x), p(y)] as [V, V])).kappa);
      }),
      options,
    );
  });

  it("perfect agreement gives κ = α = 1 whenever two or more categories occur (else null)", () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 30 }), fc.integer({ min: 2, max: 5 }), (truth, m) => {
        const units = truth.map((v) => Array<V>(m).fill(v));
        const expected = new Set(truth).size >= 2 ? 1 : null;
        expect(fleissKappa(units).kappa).toBe(expected);
        expect(krippendorffAlpha(units).alpha).toBe(expected);
        expect(cohensKappa(truth.map((v) => [v, v] as [V, V])).kappa).toBe(expected);
        expect(rawAgreement(units)).toEqual({ unanimous: 1, pairwise: 1, units: truth.length });
      }),
      options,
    );
  });

  it("with complete data, 1 − α = (1 − 1/n)(1 − κ_Fleiss), n = N·m values; with m = 2, κ_Fleiss is Scott's π", () => {
    // Proof (m ratings for each of N units, n = N m): D_o = 1 − P̄ and
    // D_e = 1 − (n P̄e − 1)/(n − 1) = n(1 − P̄e)/(n − 1), so α = 1 − ((n − 1)/n)(1 − P̄)/(1 − P̄e).
    // With m = 2, P̄ = p_o and P̄e = Σ_c ((n_A(c) + n_B(c))/2N)², Scott's (1955) π.
    fc.assert(
      fc.property(complete, (units) => {
        const k = fleissKappa(units), a = krippendorffAlpha(units);
        const n = units.length * units[0]!.length;
        expect(a.n).toBe(n);
        if (k.kappa === null) {
          expect(a.alpha).toBeNull();
          return;
        }
        expect(1 - a.alpha!).toBeCloseTo((1 - 1 / n) * (1 - k.kappa), 12);
        expect(rawAgreement(units).pairwise).toBeCloseTo(k.observed!, 12);
      }),
      options,
    );
    fc.assert(
      fc.property(pairs, (ps) => {
        // Scott's π computed directly from its definition, independently of fleissKappa.
        const N = ps.length;
        const po = ps.filter(([x, y]) => x === y).length / N;
        const pe = CATS.reduce((s, c) => s + (ps.flat().filter((v) => v === c).length / (2 * N)) ** 2, 0);
        const pi = pe === 1 ? null : (po - pe) / (1 - pe);
        sameNumber(pi, fleissKappa(ps).kappa);
        const a = krippendorffAlpha(ps);
        if (pi === null) {
          expect(a.alpha).toBeNull();
          return;
        }
        expect(1 - a.alpha!).toBeCloseTo((1 - 1 / (2 * N)) * (1 - pi), 12);
        // And Cohen's p_o is the raw pairwise agreement.
        expect(cohensKappa(ps).observed).toBeCloseTo(rawAgreement(ps).pairwise!, 12);
      }),
      options,
    );
  });

  it("missing ratings in units that keep two or more only shrink n; whole-missing units change nothing", () => {
    fc.assert(
      fc.property(complete, fc.integer({ min: 0, max: 5 }), (units, empties) => {
        const padded: Rating<V>[][] = [...units.map((u) => [...u, null]), ...Array.from({ length: empties }, () => [null, null])];
        expect(krippendorffAlpha(padded)).toEqual(krippendorffAlpha(units));
        expect(rawAgreement(padded)).toEqual(rawAgreement(units));
      }),
      options,
    );
  });
});
