// Types for text.mjs and stats.mjs (imported by the tsx scripts in bench/).
export function rng(seed: number): () => number;
export function makeSentenceFactory(rand: () => number): () => string;
export function articleText(opts: { seed: number; sentences: number }): string;
export function sentenceSpans(sentences: readonly string[]): { starts: number[]; ends: number[] };
