// A document's history in plain words (issue 12): one short line per event, as the review page and
// the report print it. Data comes from the database as JSON, so every field is read defensively: an
// older or newer row with fields missing still reads as a sentence.

export const DOCUMENT_EVENT_KINDS = [
  "ASSIGNED",
  "UNASSIGNED",
  "APPROVED",
  "REOPENED",
  "SECOND_REVIEW_REQUESTED",
  "SECOND_REVIEW_SUBMITTED",
  "SECOND_REVIEW_CANCELLED",
  "ADJUDICATED",
] as const;
export type DocumentEventKind = (typeof DOCUMENT_EVENT_KINDS)[number];

export type DocumentEventLike = { kind: DocumentEventKind; actor: string | null; reason: string | null; data: unknown };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);
const str = (x: unknown): string | null => (typeof x === "string" && x.trim() ? x : null);
/** A count given as a number or as the list of what is counted (e.g. claim ids). */
const count = (x: unknown): number | null => (Array.isArray(x) ? x.length : num(x));

/** "claims 3–9" / "claim 4" for an assigned range with the claim numbers it had then; null for the whole document. */
function rangeWords(range: unknown): string | null {
  if (!range || typeof range !== "object") return null;
  const r = range as Record<string, unknown>;
  const first = num(r.first);
  const last = num(r.last);
  if (first === null || last === null) return "part of the document";
  return first === last ? `claim ${first}` : `claims ${first}–${last}`;
}

const CHOICES: Record<string, string> = { FIRST: "kept the first verdict", SECOND: "took the second reviewer’s verdict", OWN: "recorded a verdict of their own" };

/** One line: who did what, with the reason when there is one. */
export function describeDocumentEvent(e: DocumentEventLike): string {
  const who = e.actor ?? "Someone";
  const d = (e.data && typeof e.data === "object" && !Array.isArray(e.data) ? e.data : {}) as Record<string, unknown>;
  const reviewer = str(d.reviewer) ?? "a former member";
  const because = e.reason ? ` — ${e.reason}` : "";
  switch (e.kind) {
    case "APPROVED": {
      const n = num(d.claimsApproved);
      return `${who} approved the document${n ? ` (${plural(n, "verdict")} signed off with it)` : ""}`;
    }
    case "REOPENED":
      return `${who} reopened it${e.reason ? `: ${e.reason}` : ""}`;
    case "ASSIGNED": {
      const parts = [`${who} assigned it to ${reviewer}`, rangeWords(d.range), str(d.dueOn) ? `due ${String(d.dueOn)}` : null];
      return parts.filter(Boolean).join(", ");
    }
    case "UNASSIGNED":
      return d.memberRemoved === true ? `${who} removed ${reviewer} from the team, which ended their assignment` : `${who} took the assignment back from ${reviewer}`;
    case "SECOND_REVIEW_REQUESTED": {
      const percent = num(d.percent);
      const claims = count(d.claims);
      const sample = [percent !== null ? (percent >= 100 ? "every judged claim" : `${percent} % sample`) : null, claims !== null ? plural(claims, "claim") : null].filter(Boolean);
      return `${who} requested a blind second review from ${reviewer}${sample.length ? ` (${sample.join(", ")})` : ""}${because}`;
    }
    case "SECOND_REVIEW_SUBMITTED": {
      const n = num(d.disagreements);
      return `${who} submitted the second review${n === null ? "" : n === 0 ? ": no disagreements" : `: ${plural(n, "disagreement")}`}`;
    }
    case "SECOND_REVIEW_CANCELLED":
      return `${who} cancelled the second review${str(d.reviewer) ? ` by ${reviewer}` : ""}${because}`;
    case "ADJUDICATED": {
      const claim = num(d.claimId);
      const choice = CHOICES[String(d.choice)] ?? "decided the disagreement";
      return `${claim === null ? "A claim" : `Claim #${claim}`} adjudicated by ${who}: ${choice}${because}`;
    }
  }
}
