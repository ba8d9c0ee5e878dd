"use client";
import type { HistoryEntry } from "@/lib/server/claims";
import { ReusedFromLine } from "./AlreadyJudged";

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

function describe(e: HistoryEntry): string {
  const data = (e.kind === "VERDICT" ? {} : (e.data ?? {})) as Record<string, unknown>;
  switch (e.kind) {
    case "VERDICT":
      return `${e.label} by ${e.actor.name}${e.reusedFrom ? ", reusing an earlier verdict" : ""}`;
    case "FOUND":
      return "Found by sentence segmentation on import";
    case "CREATED":
      if (data.origin === "SPLIT") return `Created by ${e.actor?.name} by splitting claim #${String(data.from)}`;
      if (data.origin === "MERGE") return `Created by ${e.actor?.name} by merging claims #${(data.from as number[]).join(" and #")}`;
      return `Added by ${e.actor?.name} from a text selection`;
    case "ATTRIBUTION": {
      const to = (data.to ?? {}) as { speaker?: string | null; cue?: string | null };
      return `Attribution set by ${e.actor?.name}: ${to.speaker ? `“${to.speaker}”` : "the article's own voice"}${to.cue ? ` (cue “${to.cue}”)` : ""}`;
    }
    case "DISMISSED":
      return `Dismissed as not a claim by ${e.actor?.name}`;
    case "RESTORED":
      return `Restored by ${e.actor?.name}`;
    case "SPLIT":
      return `Split by ${e.actor?.name} into claims #${(data.into as number[]).join(" and #")}`;
    case "MERGED":
      return `Merged by ${e.actor?.name} into claim #${String(data.into)}`;
    case "APPROVED":
      return `Approved by ${e.actor?.name}`;
    case "RETURNED":
      return `Returned to the reviewer by ${e.actor?.name}`;
    case "HINT":
      return `${data.task === "subjectivity" ? "Opinion" : "Check-worthiness"} hint ${data.positive === null ? "no longer marked wrong" : "marked wrong"} by ${e.actor?.name}`;
  }
}

/** The claim's earlier verdicts, newest first (the current one left out): what z and "Revert to this" go back to. */
export function earlierVerdicts(entries: HistoryEntry[] | undefined) {
  const verdicts = (entries ?? []).filter((e): e is Extract<HistoryEntry, { kind: "VERDICT" }> => e.kind === "VERDICT");
  return verdicts.slice(0, -1).reverse();
}

export function HistoryList({ entries, onRevert }: { entries: HistoryEntry[] | undefined; onRevert?: (verdictId: number) => void }) {
  if (!entries) return <p className="muted small">Loading history…</p>;
  const revertible = new Set(earlierVerdicts(entries).map((v) => v.id));
  const previous = earlierVerdicts(entries)[0]?.id;
  return (
    <ol className="history" reversed aria-label="Change history, newest first">
      {[...entries].reverse().map((e, i) => (
        <li key={`${e.kind}-${e.id ?? i}`} className={e.kind === "VERDICT" ? e.label : undefined}>
          <div>
            <strong>{describe(e)}</strong> <span className="muted small">· v{e.version} · {when(e.at)}</span>
          </div>
          {e.kind === "VERDICT" && onRevert && revertible.has(e.id) ? (
            <button type="button" className="small" onClick={() => onRevert(e.id)} title="Record this verdict again as the current one (a new history entry)">
              Revert to this{e.id === previous ? <> <kbd>z</kbd></> : null}
            </button>
          ) : null}
          {e.kind === "VERDICT" && e.reusedFrom ? <ReusedFromLine from={e.reusedFrom} /> : null}
          {e.reason ? <div className="small">Reason: {e.reason}</div> : null}
          {e.kind === "VERDICT" && e.rationale ? <div className="small">Rationale: {e.rationale}</div> : null}
          {e.kind === "VERDICT"
            ? e.sources.map((s, k) => (
                <div key={k} className="small">
                  Source:{" "}
                  <a href={s.url} target="_blank" rel="noopener noreferrer nofollow">
                    {s.title || s.url}
                  </a>
                  {s.quote ? <> — “{s.quote}”</> : null}
                </div>
              ))
            : null}
        </li>
      ))}
    </ol>
  );
}
