import type { ClaimStatus } from "@/lib/domain/verdicts";

// Small pieces every part of the report shares. Status is always a glyph and a word, never colour
// alone, so the report reads the same in black and white and to a screen reader.

export const STATUS_ORDER = ["SOURCED", "DISPUTED", "OPINION", "UNREVIEWED"] as const satisfies readonly ClaimStatus[];

export const STATUS_GLYPH: Record<ClaimStatus, string> = { SOURCED: "✓", DISPUTED: "✗", OPINION: "❝", UNREVIEWED: "?" };

/** What each status means, for readers who have never seen the tool. */
export const STATUS_MEANING: Record<ClaimStatus, string> = {
  SOURCED: "supported by the evidence quoted from the sources listed.",
  DISPUTED: "contradicted or not supported by the evidence; the rationale says why.",
  OPINION: "a view or judgement, not a statement of fact that can be checked.",
  UNREVIEWED: "not checked yet.",
};

export function StatusTag({ status }: { status: ClaimStatus }) {
  return (
    <span className={`rp-tag rp-${status}`}>
      <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {status}
    </span>
  );
}

// Times are printed in UTC with the zone spelled out: a report travels to readers in other zones.
const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A moment, as "23 Apr 2025, 14:05 UTC". */
export function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{dateTime.format(new Date(iso))} UTC</time>;
}

/** A calendar day (YYYY-MM-DD), as "23 April 2025". */
export function Day({ day }: { day: string }) {
  return <time dateTime={day}>{dateOnly.format(new Date(`${day}T00:00:00Z`))}</time>;
}

/** Only http(s) links become links; anything else is printed as text and never made clickable. */
export function safeHref(url: string | null | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
