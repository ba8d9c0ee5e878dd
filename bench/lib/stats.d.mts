// Types for stats.mjs (imported by the tsx scripts in bench/).
export type Summary = { n: number; min: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number | null };
export function percentile(values: number[], p: number): number | null;
export function median(values: number[]): number | null;
export function max(values: number[]): number | null;
export function min(values: number[]): number | null;
export function mean(values: number[]): number | null;
export function round(x: number | null | undefined, digits?: number): number | null;
export function summary(values: number[]): Summary;
