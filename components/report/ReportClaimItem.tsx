import type { ReportClaim, ReportHistoryEntry, ReportSource } from "@/lib/server/report";
import { Day, safeHref, StatusTag, STATUS_GLYPH, When } from "./parts";

/** One claim of the list: what was said and by whom, the verdict, the evidence, who judged it and how it changed. */
export function ReportClaimItem({ claim }: { claim: ReportClaim }) {
  const { verdict } = claim;
  return (
    <li className={`rp-claim rp-${claim.status}`} id={`claim-${claim.number}`}>
      <h3 className="rp-claim-h">
        <span className="rp-num">Claim {claim.number}</span> <StatusTag status={claim.status} />
      </h3>
      <blockquote className="rp-quote">{claim.exact}</blockquote>
      <p className="rp-said">
        {claim.speaker ? (
          <>
            Said by{" "}
            {claim.speakerSpan ? (
              <a href={`#said-${claim.number}`} className="rp-said-link">
                <strong>{claim.speaker}</strong>
              </a>
            ) : (
              <strong>{claim.speaker}</strong>
            )}
            {claim.cue ? <> (“{claim.cue}”)</> : null}
          </>
        ) : (
          "In the article’s own voice"
        )}
        {verdict ? null : <span className="rp-pending"> · Not reviewed yet</span>}
      </p>
      {verdict ? (
        <>
          {verdict.rationale ? (
            <div className="rp-rationale">
              <span className="rp-label">Rationale</span>
              <p>{verdict.rationale}</p>
            </div>
          ) : null}
          {verdict.sources.length ? (
            <div className="rp-sources">
              <span className="rp-label">{verdict.sources.length === 1 ? "Source" : `Sources (${verdict.sources.length})`}</span>
              <ol>
                {verdict.sources.map((s, i) => (
                  <SourceItem key={i} source={s} />
                ))}
              </ol>
            </div>
          ) : verdict.label === "DISPUTED" ? (
            <p className="rp-note">No sources cited.</p>
          ) : null}
          <p className="rp-byline">
            Verdict recorded{verdict.reviewer ? <> by {verdict.reviewer}</> : null} on <When iso={verdict.at} />
          </p>
        </>
      ) : null}
      {/* A history that only says "found on import" tells the reader nothing. */}
      {claim.history && claim.history.some((e) => e.kind !== "FOUND") ? <History entries={claim.history} /> : null}
    </li>
  );
}

function SourceItem({ source }: { source: ReportSource }) {
  const href = safeHref(source.url);
  const name = source.title || source.url;
  return (
    <li className="rp-source">
      <p className="rp-source-title">
        {/* The address is printed in full below it. */}
        {href ? (
          <a href={href} data-url-shown>
            {name}
          </a>
        ) : (
          name
        )}
        {source.publisher ? <span className="rp-publisher"> · {source.publisher}</span> : null}
        {source.accessedAt ? (
          <span className="rp-muted">
            {" "}
            · accessed <Day day={source.accessedAt} />
          </span>
        ) : null}
      </p>
      {source.quote ? <blockquote className="rp-evidence">{source.quote}</blockquote> : null}
      {/* The address in full, so the evidence can be found from paper too. */}
      <p className="rp-url">{href ? <a className="url" data-url-shown href={href}>{source.url}</a> : source.url}</p>
    </li>
  );
}

function by(actor: string | null) {
  return actor ? ` by ${actor}` : "";
}

function asRecord(data: unknown): Record<string, unknown> {
  return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** One history line in words. Claim ids are left out: readers of the report never see them. */
function describe(e: ReportHistoryEntry): string {
  if (e.kind === "VERDICT") return `${STATUS_GLYPH[e.label]} ${e.label}${by(e.actor)}`;
  const data = asRecord(e.data);
  switch (e.kind) {
    case "FOUND":
      return "Found on import";
    case "CREATED":
      if (data.origin === "SPLIT") return `Made${by(e.actor)} by splitting a longer candidate`;
      if (data.origin === "MERGE") return `Made${by(e.actor)} by merging two candidates`;
      return `Added${by(e.actor)} from a selection of the text`;
    case "ATTRIBUTION": {
      const to = asRecord(data.to);
      const speaker = typeof to.speaker === "string" && to.speaker ? `“${to.speaker}”` : "the article’s own voice";
      const cue = typeof to.cue === "string" && to.cue ? ` (cue “${to.cue}”)` : "";
      return `Attribution set${by(e.actor)}: ${speaker}${cue}`;
    }
    case "DISMISSED":
      return `Dismissed as not a claim${by(e.actor)}`;
    case "RESTORED":
      return `Restored as a claim${by(e.actor)}`;
    case "SPLIT":
      return `Split${by(e.actor)} into two claims`;
    case "MERGED":
      return `Merged${by(e.actor)} with another claim`;
    case "APPROVED":
      return `Approved${by(e.actor)}`;
    case "RETURNED":
      return `Returned for changes${by(e.actor)}`;
    case "HINT": // not in reports (lib/server/report.ts leaves them out); named for completeness
      return `A suggestion marked ${data.positive === null ? "right again" : "wrong"}${by(e.actor)}`;
  }
}

function History({ entries }: { entries: ReportHistoryEntry[] }) {
  const lastVerdict = entries.findLastIndex((e) => e.kind === "VERDICT");
  return (
    <div className="rp-history">
      <span className="rp-label">History, oldest first</span>
      <ol>
        {entries.map((e, i) => (
          <li key={i} className={e.kind === "VERDICT" ? `rp-h-${e.label}` : undefined}>
            <span className="rp-h-what">{describe(e)}</span>{" "}
            <span className="rp-muted">
              · <When iso={e.at} />
              {e.kind === "VERDICT" && i === lastVerdict ? " · the current verdict" : null}
            </span>
            {e.reason ? <div className="rp-h-reason">Reason: {e.reason}</div> : null}
            {/* Earlier verdicts keep their own rationale and evidence; the current one is shown in full above. */}
            {e.kind === "VERDICT" && i !== lastVerdict ? (
              <>
                {e.rationale ? <div>Rationale then: {e.rationale}</div> : null}
                {e.sources.map((s, k) => (
                  <div key={k} className="rp-h-source">
                    Source then: {s.title ? `${s.title} — ` : ""}
                    {safeHref(s.url) ? <a className="url" data-url-shown href={safeHref(s.url)}>{s.url}</a> : s.url}
                  </div>
                ))}
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
