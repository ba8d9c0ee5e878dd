// Inter-rater agreement: how far independent reviewers of the same claims give the same verdict.
// Pure: no I/O. Generic over string labels (our verdicts are SOURCED / DISPUTED / OPINION, but
// nothing here depends on that). Decision 0020 says which statistics and why.
//
// Vocabulary: a *unit* is one claim; a *rating* is one reviewer's label for it; `null` is a
// missing rating (that reviewer did not review that claim).
//
// Degenerate cases: a figure that is 0/0 is `null`, never NaN (NaN does not survive JSON and
// compares false to everything). That is the case for every chance-corrected coefficient when the
// data show no variation at all (everybody used one and the same category), and for every figure
// when there is nothing to count.

export type Rating<L extends string> = L | null;

/** Counts of each label in `labels`, in first-seen order. */
function countLabels<L extends string>(labels: readonly L[]): Map<L, number> {
  const counts = new Map<L, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return counts;
}

/** The ratings actually given for a unit (drops the missing ones). */
function present<L extends string>(unit: readonly Rating<L>[]): L[] {
  return unit.filter((r): r is L => r !== null);
}

/** Number of agreeing ordered pairs among a unit's counts: Σ_c n_c (n_c − 1). */
function agreeingOrderedPairs(counts: Iterable<number>): number {
  let sum = 0;
  for (const n of counts) sum += n * (n - 1);
  return sum;
}

/** (observed − expected) / (1 − expected), or null when expected is 1 (0/0: no variation). */
function chanceCorrected(observed: number, expected: number): number | null {
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

// ---------------------------------------------------------------------------------------------
// Raw agreement

export type RawAgreement = {
  /** Share of units with ≥2 ratings on which every rating is the same label; null if there are none. */
  unanimous: number | null;
  /**
   * Mean over those units of the share of rater pairs that agree, P_u = Σ_c n_uc(n_uc − 1) / (m_u(m_u − 1))
   * (Fleiss 1971's P_i; for two raters it is Cohen's p_o). Each unit weighs the same, whatever its
   * number of ratings. Null if there are no such units.
   */
  pairwise: number | null;
  /** Units counted: those with at least 2 ratings. */
  units: number;
};

/**
 * Raw (not chance-corrected) agreement. Missing ratings (null) are ignored; units left with fewer
 * than 2 ratings cannot show agreement or disagreement and are not counted.
 */
export function rawAgreement<L extends string>(units: readonly (readonly Rating<L>[])[]): RawAgreement {
  let counted = 0;
  let unanimous = 0;
  let pairwiseSum = 0;
  for (const unit of units) {
    const labels = present(unit);
    const m = labels.length;
    if (m < 2) continue;
    const counts = countLabels(labels);
    counted += 1;
    if (counts.size === 1) unanimous += 1;
    pairwiseSum += agreeingOrderedPairs(counts.values()) / (m * (m - 1));
  }
  return {
    unanimous: counted === 0 ? null : unanimous / counted,
    pairwise: counted === 0 ? null : pairwiseSum / counted,
    units: counted,
  };
}

// ---------------------------------------------------------------------------------------------
// Confusion matrix and Cohen's kappa (two raters)

/** Throws unless every label of `pairs` is one of `categories`. */
function checkCategories<L extends string>(pairs: readonly (readonly [L, L])[], categories: readonly L[]): void {
  const known = new Set<L>(categories);
  if (known.size !== categories.length) throw new Error("agreement: categories must not repeat.");
  for (const [a, b] of pairs)
    for (const label of [a, b])
      if (!known.has(label)) throw new Error(`agreement: label "${label}" is not one of the categories given (${categories.join(", ")}).`);
}

/**
 * counts[i][j] = number of units rater A labelled categories[i] and rater B categories[j]
 * (A in rows, B in columns, in the order given). Throws on a label not in `categories`.
 */
export function confusionMatrix<L extends string>(pairs: readonly (readonly [L, L])[], categories: readonly L[]): number[][] {
  checkCategories(pairs, categories);
  const index = new Map(categories.map((c, i) => [c, i] as const));
  const counts = categories.map(() => categories.map(() => 0));
  for (const [a, b] of pairs) counts[index.get(a)!]![index.get(b)!]! += 1;
  return counts;
}

export type CohensKappa = {
  /** κ = (p_o − p_e) / (1 − p_e); null when p_e = 1 (both raters used one same category only) or n = 0. */
  kappa: number | null;
  /** p_o: share of units on which the two raters agree; null when n = 0. */
  observed: number | null;
  /** p_e = Σ_c p_A(c) · p_B(c), each rater's own marginal shares; null when n = 0. */
  expected: number | null;
  n: number;
};

/**
 * Cohen's kappa for two raters who both rated every unit (Cohen 1960, "A coefficient of agreement
 * for nominal scales", Educational and Psychological Measurement 20(1):37–46):
 *   p_o = (1/n) Σ_c n_cc,   p_e = (1/n²) Σ_c n_c· n_·c,   κ = (p_o − p_e) / (1 − p_e).
 * `categories`, if given, only checks the labels (categories neither rater used change nothing).
 * When p_e = 1 then p_o = 1 too and κ is 0/0: we return null rather than 1 or NaN, because such
 * data cannot tell agreement from chance (decision 0020).
 */
export function cohensKappa<L extends string>(pairs: readonly (readonly [L, L])[], categories?: readonly L[]): CohensKappa {
  if (categories) checkCategories(pairs, categories);
  const n = pairs.length;
  if (n === 0) return { kappa: null, observed: null, expected: null, n: 0 };
  const agreeing = pairs.filter(([a, b]) => a === b).length;
  const rowTotals = countLabels(pairs.map(([a]) => a));
  const colTotals = countLabels(pairs.map(([, b]) => b));
  let expectedProducts = 0;
  for (const [label, row] of rowTotals) expectedProducts += row * (colTotals.get(label) ?? 0);
  const observed = agreeing / n;
  const expected = expectedProducts / (n * n);
  return { kappa: chanceCorrected(observed, expected), observed, expected, n };
}

// ---------------------------------------------------------------------------------------------
// Fleiss' kappa (several raters, the same number of ratings for every unit)

export type FleissKappa = {
  /** κ = (P̄ − P̄e) / (1 − P̄e); null when P̄e = 1 (one category throughout) or there are no units. */
  kappa: number | null;
  /** P̄: mean over units of P_i = Σ_j n_ij(n_ij − 1) / (m(m − 1)). */
  observed: number | null;
  /** P̄e = Σ_j p_j², p_j = share of all ratings in category j. */
  expected: number | null;
  /** Number of units (N). */
  n: number;
  /** Ratings per unit (m); 0 when there are no units. */
  raters: number;
};

/**
 * Fleiss' kappa (Fleiss 1971, "Measuring nominal scale agreement among many raters", Psychological
 * Bulletin 76(5):378–382; notation as in Wikipedia "Fleiss' kappa"). Each unit is the list of its
 * m labels, the raters need not be the same people from unit to unit, but m must be the same for
 * every unit and at least 2: otherwise this throws (use krippendorffAlpha for missing ratings).
 *   P_i = (1/(m(m−1))) Σ_j n_ij(n_ij − 1),  P̄ = (1/N) Σ_i P_i,
 *   p_j = (1/(N m)) Σ_i n_ij,              P̄e = Σ_j p_j²,        κ = (P̄ − P̄e) / (1 − P̄e).
 */
export function fleissKappa<L extends string>(units: readonly (readonly L[])[]): FleissKappa {
  const N = units.length;
  if (N === 0) return { kappa: null, observed: null, expected: null, n: 0, raters: 0 };
  const m = units[0]!.length;
  units.forEach((unit, i) => {
    if (unit.some((r) => r === null || r === undefined))
      throw new Error(`fleissKappa: unit ${i} has a missing rating; Fleiss' kappa needs every rating (use krippendorffAlpha).`);
    if (unit.length !== m)
      throw new Error(`fleissKappa: every unit needs the same number of ratings; unit 0 has ${m}, unit ${i} has ${unit.length} (use krippendorffAlpha).`);
  });
  if (m < 2) throw new Error(`fleissKappa: each unit needs at least 2 ratings, these have ${m}.`);

  let pSum = 0;
  const totals = new Map<L, number>();
  for (const unit of units) {
    const counts = countLabels(unit);
    pSum += agreeingOrderedPairs(counts.values()) / (m * (m - 1));
    for (const [label, c] of counts) totals.set(label, (totals.get(label) ?? 0) + c);
  }
  const observed = pSum / N;
  let expected = 0;
  for (const total of totals.values()) expected += (total / (N * m)) ** 2;
  return { kappa: chanceCorrected(observed, expected), observed, expected, n: N, raters: m };
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's alpha, nominal (any number of raters, missing ratings allowed)

export type KrippendorffAlpha = {
  /** α = 1 − D_o / D_e; null when D_e = 0 (every pairable value is the same category) or n < 2. */
  alpha: number | null;
  /** D_o, the observed disagreement; null when n < 2. */
  observedDisagreement: number | null;
  /** D_e, the disagreement expected by chance; null when n < 2. */
  expectedDisagreement: number | null;
  /** n: the number of pairable values (ratings in units that have at least 2). */
  n: number;
};

/**
 * Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability", Annenberg School for Communication, Departmental Papers 43, sections C and E).
 * Each unit is its list of ratings, one per rater, `null` where a rater gave none. Units with fewer
 * than 2 ratings are not pairable and are dropped. With m_u the ratings in unit u, n_uc those of
 * category c, n_c = Σ_u n_uc and n = Σ_c n_c:
 *   coincidences  o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1),
 *   D_o = (1/n) Σ_{c≠k} o_ck = 1 − (1/n) Σ_c o_cc,
 *   D_e = (1/(n(n − 1))) Σ_{c≠k} n_c n_k = 1 − Σ_c n_c(n_c − 1) / (n(n − 1)),
 *   α = 1 − D_o / D_e   (equivalently 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k).
 */
export function krippendorffAlpha<L extends string>(units: readonly (readonly Rating<L>[])[]): KrippendorffAlpha {
  let n = 0;
  let diagonal = 0; // Σ_c o_cc
  const totals = new Map<L, number>(); // n_c
  for (const unit of units) {
    const labels = present(unit);
    const m = labels.length;
    if (m < 2) continue;
    const counts = countLabels(labels);
    n += m;
    diagonal += agreeingOrderedPairs(counts.values()) / (m - 1);
    for (const [label, c] of counts) totals.set(label, (totals.get(label) ?? 0) + c);
  }
  if (n < 2) return { alpha: null, observedDisagreement: null, expectedDisagreement: null, n };
  const observedDisagreement = 1 - diagonal / n;
  const expectedDisagreement = 1 - agreeingOrderedPairs(totals.values()) / (n * (n - 1));
  const alpha = expectedDisagreement === 0 ? null : 1 - observedDisagreement / expectedDisagreement;
  return { alpha, observedDisagreement, expectedDisagreement, n };
}
