// The review page's outline of a document's claims: what the windowed article and claim list need
// for every claim (where it is, its status, its check-worthiness, its sign-off, where its speaker and
// cue are), without verdicts, sources or quotes. Columnar, so 10,000 claims are ~250 KB of the
// first HTML instead of several MB of claim objects (docs/decisions/0028-windowed-review-page.md).
// The quote is never shipped twice: it is the document text between start and end.

export type ClaimStatusName = "UNREVIEWED" | "SOURCED" | "DISPUTED" | "OPINION";
export type SignOffName = "PROPOSED" | "APPROVED" | "RETURNED";
type Span = { start: number; end: number };

/** One claim as the outline knows it: enough to draw it, list it and walk it with the keyboard. */
export type OutlineClaim = {
  id: number;
  start: number;
  end: number;
  status: ClaimStatusName;
  dismissed: boolean;
  /** The sign-off of its current verdict; null while it has none (as ClaimDto's signoff). */
  signoff: SignOffName | null;
  /** Null while the detectors have not scored it (as ClaimDto's hints). */
  hints: { checkworthiness: number } | null;
  speakerSpan: Span | null;
  cueSpan: Span | null;
};

/** The outline on the wire: parallel arrays, statuses and sign-offs one letter per claim. */
export type ClaimOutline = {
  ids: number[];
  starts: number[];
  ends: number[];
  /** U S D O per claim. */
  statuses: string;
  /** - P A R per claim (- no verdict, so no sign-off). */
  signoffs: string;
  /** Indexes of dismissed claims. */
  dismissed: number[];
  /** Check-worthiness per claim, null when not computed. */
  checkworthiness: (number | null)[];
  /** [index, start, end] of claims with a speaker span, and of those with a cue span. */
  speakers: [number, number, number][];
  cues: [number, number, number][];
};

const STATUS_LETTER: Record<ClaimStatusName, string> = { UNREVIEWED: "U", SOURCED: "S", DISPUTED: "D", OPINION: "O" };
const LETTER_STATUS: Record<string, ClaimStatusName> = { U: "UNREVIEWED", S: "SOURCED", D: "DISPUTED", O: "OPINION" };
const SIGNOFF_LETTER: Record<SignOffName, string> = { PROPOSED: "P", APPROVED: "A", RETURNED: "R" };
const LETTER_SIGNOFF: Record<string, SignOffName | null> = { "-": null, P: "PROPOSED", A: "APPROVED", R: "RETURNED" };

export function encodeOutline(claims: readonly OutlineClaim[]): ClaimOutline {
  const out: ClaimOutline = { ids: [], starts: [], ends: [], statuses: "", signoffs: "", dismissed: [], checkworthiness: [], speakers: [], cues: [] };
  const statuses: string[] = [];
  const signoffs: string[] = [];
  claims.forEach((c, i) => {
    out.ids.push(c.id);
    out.starts.push(c.start);
    out.ends.push(c.end);
    statuses.push(STATUS_LETTER[c.status]);
    signoffs.push(c.signoff ? SIGNOFF_LETTER[c.signoff] : "-");
    if (c.dismissed) out.dismissed.push(i);
    out.checkworthiness.push(c.hints?.checkworthiness ?? null);
    if (c.speakerSpan) out.speakers.push([i, c.speakerSpan.start, c.speakerSpan.end]);
    if (c.cueSpan) out.cues.push([i, c.cueSpan.start, c.cueSpan.end]);
  });
  out.statuses = statuses.join("");
  out.signoffs = signoffs.join("");
  return out;
}

export function decodeOutline(o: ClaimOutline): OutlineClaim[] {
  const dismissed = new Set(o.dismissed);
  const claims: OutlineClaim[] = o.ids.map((id, i) => {
    const cw = o.checkworthiness[i] ?? null;
    return {
      id,
      start: o.starts[i]!,
      end: o.ends[i]!,
      status: LETTER_STATUS[o.statuses[i]!] ?? "UNREVIEWED",
      dismissed: dismissed.has(i),
      signoff: LETTER_SIGNOFF[o.signoffs[i]!] ?? null,
      hints: cw === null ? null : { checkworthiness: cw },
      speakerSpan: null,
      cueSpan: null,
    };
  });
  for (const [i, start, end] of o.speakers) if (claims[i]) claims[i].speakerSpan = { start, end };
  for (const [i, start, end] of o.cues) if (claims[i]) claims[i].cueSpan = { start, end };
  return claims;
}

/** The outline entry of a full claim (after a write, or a page of details). */
export function outlineOf(c: { id: number; start: number; end: number; status: ClaimStatusName; dismissed: boolean; signoff: { state: SignOffName } | null; hints: { checkworthiness: number } | null; speakerSpan: Span | null; cueSpan: Span | null }): OutlineClaim {
  return {
    id: c.id,
    start: c.start,
    end: c.end,
    status: c.status,
    dismissed: c.dismissed,
    signoff: c.signoff?.state ?? null,
    hints: c.hints ? { checkworthiness: c.hints.checkworthiness } : null,
    speakerSpan: c.speakerSpan,
    cueSpan: c.cueSpan,
  };
}
