// Small statistics helpers. Percentiles are nearest-rank on the sorted sample (no interpolation).
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
export const median = (values) => percentile(values, 50);
export const max = (values) => (values.length ? Math.max(...values) : null);
export const min = (values) => (values.length ? Math.min(...values) : null);
export const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
export const round = (x, digits = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** { n, min, p50, p95, p99, max, mean } in ms, rounded to 0.1. */
export function summary(values) {
  return {
    n: values.length,
    min: round(min(values)),
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    max: round(max(values)),
    mean: round(mean(values)),
  };
}
