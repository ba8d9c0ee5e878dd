// The article cut into blocks for the windowed review page: only the blocks on screen are in the
// DOM. Cuts fall where no claim is, so a claim (with its <mark>s and its #claim-<id> anchor) is
// always whole inside one block; preferably right after a line break, so a block is a paragraph
// and the text looks as it did in one flow (docs/decisions/0028-windowed-review-page.md).
import type { Fragment } from "./fragments";
import { codePoints } from "./offsets";

export type ArticleBlock = {
  start: number;
  end: number;
  /** The fragments of the block, plain ones clipped to it. */
  fragments: Fragment[];
  /** The claims whose runs are in the block. */
  claimIds: number[];
};

/** A paragraph with more claims than this is cut at the next gap between claims anyway. */
export const MAX_CLAIMS_PER_BLOCK = 12;

/**
 * Splits the fragments (fragmentsOf, covering 0..length in order) into blocks. slice gives the text
 * between two code-point offsets; cuts are code-point offsets too.
 */
export function articleBlocks(fragments: readonly Fragment[], slice: (start: number, end: number) => string, maxClaims = MAX_CLAIMS_PER_BLOCK): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  let cur: ArticleBlock = { start: fragments[0]?.start ?? 0, end: fragments[0]?.start ?? 0, fragments: [], claimIds: [] };
  let seen = new Set<number>();
  const close = (at: number) => {
    cur.end = at;
    if (cur.fragments.length) blocks.push(cur);
    cur = { start: at, end: at, fragments: [], claimIds: [] };
    seen = new Set();
  };
  for (const f of fragments) {
    if (f.claimId !== null) {
      cur.fragments.push(f);
      if (!seen.has(f.claimId)) {
        seen.add(f.claimId);
        cur.claimIds.push(f.claimId);
      }
      continue;
    }
    // A gap between claims: cut after its last line break, or (a long paragraph) at its end.
    const text = slice(f.start, f.end);
    const nl = text.lastIndexOf("\n");
    let cut: number | null = null;
    if (nl !== -1 && cur.claimIds.length) cut = f.start + codePoints(text.slice(0, nl + 1));
    else if (cur.claimIds.length >= maxClaims) cut = f.end;
    if (cut === null) {
      cur.fragments.push(f);
      continue;
    }
    if (cut > f.start) cur.fragments.push({ ...f, end: cut });
    close(cut);
    if (cut < f.end) cur.fragments.push({ ...f, start: cut });
  }
  close(fragments.at(-1)?.end ?? 0);
  return blocks;
}

