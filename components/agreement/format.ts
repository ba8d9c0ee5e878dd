// How the agreement page writes its figures: shares as percentages, coefficients to two
// decimals, and in words when a figure cannot be computed (decision 0020: null, never NaN).

/** "84 %", or "—" without data. */
export const share = (x: number | null): string => (x === null ? "—" : `${Math.round(100 * x)} %`);

/**
 * κ or α to two decimals (with a true minus sign); "—" without data; when there are pairs but the
 * coefficient is null, every verdict had one and the same label ("no variation").
 */
export const coefficient = (x: number | null, pairs: number): string => (x !== null ? x.toFixed(2).replace("-", "−") : pairs > 0 ? "no variation" : "—");
