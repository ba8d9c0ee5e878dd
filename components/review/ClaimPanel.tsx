"use client";
import type { ClaimDto } from "@/lib/server/dto";
import type { HistoryEntry } from "@/lib/server/claims";
import { LABEL_NAMES, VERDICT_LABELS, type VerdictLabel } from "@/lib/domain/verdicts";
import { AlreadyJudged, ReusedFromLine } from "./AlreadyJudged";
import { WhoSaidIt } from "./Attribution";
import type { HintTask } from "@/lib/domain/assist/learn/team";
import { Hints } from "./Hints";
import { HistoryList } from "./HistoryList";
import { SignOff } from "./SignOff";
import { emptySource, type ClaimMatch, type MatchesState, type SourceDraft, type VerdictDraft } from "./types";

type Props = {
  claim: ClaimDto;
  draft: VerdictDraft;
  onDraft: (draft: VerdictDraft) => void;
  errors: Record<string, string>;
  notice: { kind: "error" | "ok" | "warn"; text: string } | null;
  saving: boolean;
  onChooseLabel: (label: VerdictLabel) => void;
  onSave: () => void;
  attribution: { speaker: string; cue: string };
  canEditAttribution: boolean;
  onAttribution: (a: { speaker: string; cue: string }) => void;
  onSaveAttribution: () => void;
  history: HistoryEntry[] | undefined;
  onDismiss: () => void;
  onMergeNext: (() => void) | null;
  onMarkOpinion: () => void;
  onWrongHint: (task: HintTask, wrong: boolean) => void;
  canSignOff: boolean;
  returning: boolean;
  onReturning: (open: boolean) => void;
  onApprove: () => void;
  onReturn: (comment: string) => void;
  onRevert: (verdictId: number) => void;
  /** Why nothing about this claim can change (its document is approved), or null. */
  locked: string | null;
  matches: MatchesState;
  onRetryMatches: () => void;
  onReuse: (match: ClaimMatch) => void;
  reuseAsk: number | null;
  reuseReason: string;
  onReuseReason: (reason: string) => void;
  onCancelReuse: () => void;
};

const KEYS: Record<VerdictLabel, string> = { SOURCED: "1", DISPUTED: "2", OPINION: "3" };

function Err({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <div className="field-error" id={id} role="alert">
      {text}
    </div>
  ) : null;
}

export function ClaimPanel(p: Props) {
  const { claim, draft, errors } = p;
  const replaces = claim.status !== "UNREVIEWED";
  const setSource = (i: number, patch: Partial<SourceDraft>) =>
    p.onDraft({ ...draft, sources: draft.sources.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  const input = (name: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `err-${name}` : undefined,
  });

  return (
    <div className="card" aria-labelledby="panel-heading">
      <h2 id="panel-heading">
        Claim #{claim.id} <span className={`chip ${claim.status}`}>{LABEL_NAMES[claim.status]}</span>{" "}
        <span className="muted small">v{claim.version}</span>
      </h2>
      <blockquote className={`quote ${claim.status}`} data-testid="claim-quote">
        {claim.exact}
      </blockquote>
      <div className="small muted">
        Offsets {claim.start}–{claim.end} · {claim.origin === "SEGMENTER" ? "found on import" : claim.origin.toLowerCase()}
      </div>

      {claim.verdict?.reusedFrom ? <ReusedFromLine from={claim.verdict.reusedFrom} /> : null}
      <SignOff claim={claim} canSignOff={p.canSignOff} returning={p.returning} onReturning={p.onReturning} onApprove={p.onApprove} onReturn={p.onReturn} />

      <WhoSaidIt claim={claim} />
      {p.canEditAttribution && !p.locked ? (
        <details id="attribution-edit" className="attribution-edit">
          <summary>
            Correct who said it <kbd>e</kbd>
          </summary>
          <div className="row">
            <div>
              <label htmlFor="f-speaker">Speaker</label>
              <input id="f-speaker" value={p.attribution.speaker} placeholder="empty: the article’s own voice" onChange={(e) => p.onAttribution({ ...p.attribution, speaker: e.target.value })} {...input("speaker")} />
              <Err id="err-speaker" text={errors.speaker} />
            </div>
            <div>
              <label htmlFor="f-cue">Cue words</label>
              <input id="f-cue" value={p.attribution.cue} placeholder="e.g. stated" onChange={(e) => p.onAttribution({ ...p.attribution, cue: e.target.value })} {...input("cue")} />
            </div>
          </div>
          <p style={{ margin: "0.4rem 0 0" }}>
            <button type="button" onClick={p.onSaveAttribution}>
              Save attribution
            </button>
          </p>
        </details>
      ) : null}

      <Hints hints={claim.hints} opinionChosen={draft.label === "OPINION"} onMarkOpinion={p.onMarkOpinion} onWrong={p.onWrongHint} />

      {p.matches.state === "ok" && p.matches.byClaim[claim.id]?.length ? (
        <AlreadyJudged
          matches={p.matches.byClaim[claim.id]!}
          reusedVerdictId={claim.verdict?.reusedFrom?.verdictId ?? null}
          busy={p.saving}
          onReuse={p.onReuse}
          askingReasonFor={p.reuseAsk}
          reason={p.reuseReason}
          reasonError={errors["reuse-reason"]}
          onReason={p.onReuseReason}
          onCancelReason={p.onCancelReuse}
        />
      ) : p.matches.state === "error" ? (
        <p className="small muted">
          Could not look for earlier verdicts on claims like this one.{" "}
          <button type="button" className="link" onClick={p.onRetryMatches}>
            Try again
          </button>
        </p>
      ) : null}

      {p.locked ? (
        <p className="banner ok small" data-testid="locked">
          {p.locked}
        </p>
      ) : (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              p.onSave();
            }}
            aria-label="Verdict"
          >
            <div className="verdict-buttons" role="group" aria-label="Verdict">
              {VERDICT_LABELS.map((label) => (
                <button key={label} type="button" className={label} aria-pressed={draft.label === label} onClick={() => p.onChooseLabel(label)}>
                  <kbd>{KEYS[label]}</kbd> {LABEL_NAMES[label]}
                </button>
              ))}
            </div>
            <Err id="err-label" text={errors.label} />

            {draft.label === "SOURCED" || draft.label === "DISPUTED" ? (
              <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                <legend className="small" style={{ fontWeight: 600 }}>
                  {draft.label === "SOURCED" ? "Sources (at least one with a URL)" : "Contradicting source (recommended)"}
                </legend>
                <Err id="err-sources" text={errors.sources} />
                {draft.sources.map((s, i) => (
                  <div className="source-box" key={i}>
                    <label htmlFor={`f-url-${i}`}>URL</label>
                    <input id={`f-url-${i}`} type="url" inputMode="url" placeholder="https://…" value={s.url} onChange={(e) => setSource(i, { url: e.target.value })} {...input(`sources.${i}.url`)} />
                    <Err id={`err-sources.${i}.url`} text={errors[`sources.${i}.url`]} />
                    <label htmlFor={`f-title-${i}`}>Title</label>
                    <input id={`f-title-${i}`} value={s.title} onChange={(e) => setSource(i, { title: e.target.value })} {...input(`sources.${i}.title`)} />
                    <label htmlFor={`f-quote-${i}`}>Quoted evidence</label>
                    <textarea id={`f-quote-${i}`} rows={2} value={s.quote} onChange={(e) => setSource(i, { quote: e.target.value })} {...input(`sources.${i}.quote`)} />
                    <div className="row">
                      <div>
                        <label htmlFor={`f-pub-${i}`}>Publisher</label>
                        <input id={`f-pub-${i}`} value={s.publisher} onChange={(e) => setSource(i, { publisher: e.target.value })} />
                      </div>
                      <div>
                        <label htmlFor={`f-acc-${i}`}>Accessed</label>
                        <input id={`f-acc-${i}`} type="date" value={s.accessedAt} onChange={(e) => setSource(i, { accessedAt: e.target.value })} {...input(`sources.${i}.accessedAt`)} />
                      </div>
                    </div>
                    <Err id={`err-sources.${i}.accessedAt`} text={errors[`sources.${i}.accessedAt`]} />
                    {draft.sources.length > 1 ? (
                      <button type="button" className="small" style={{ marginTop: "0.4rem" }} onClick={() => p.onDraft({ ...draft, sources: draft.sources.filter((_, k) => k !== i) })}>
                        Remove this source
                      </button>
                    ) : null}
                  </div>
                ))}
                <button type="button" onClick={() => p.onDraft({ ...draft, sources: [...draft.sources, emptySource()] })}>
                  + Add a source
                </button>
              </fieldset>
            ) : null}

            {draft.label ? (
              <>
                <label htmlFor="f-rationale">{draft.label === "DISPUTED" ? "Rationale (required)" : draft.label === "OPINION" ? "Note (optional)" : "Rationale (optional)"}</label>
                <textarea id="f-rationale" rows={3} value={draft.rationale} onChange={(e) => p.onDraft({ ...draft, rationale: e.target.value })} {...input("rationale")} />
                <Err id="err-rationale" text={errors.rationale} />
              </>
            ) : (
              <p className="muted small">Press 1, 2 or 3 to choose a verdict.</p>
            )}
            {replaces && draft.label ? (
              <>
                <label htmlFor="f-reason">Reason for the change (required: this claim already has a verdict)</label>
                <input id="f-reason" value={draft.reason} onChange={(e) => p.onDraft({ ...draft, reason: e.target.value })} {...input("reason")} />
                <Err id="err-reason" text={errors.reason} />
              </>
            ) : null}
            {p.notice ? (
              <div className={`banner ${p.notice.kind}`} role={p.notice.kind === "error" ? "alert" : "status"} data-testid="panel-notice">
                {p.notice.text}
              </div>
            ) : null}
            {draft.label ? (
              <p>
                <button type="submit" className="primary" disabled={p.saving}>
                  {p.saving ? "Saving…" : `Save ${LABEL_NAMES[draft.label].toLowerCase()} verdict`}
                </button>{" "}
                <span className="muted small">
                  <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
                </span>
              </p>
            ) : null}
          </form>

          <div className="toolbar" aria-label="Claim actions">
            <button type="button" onClick={p.onDismiss} title="Not a claim (x)">
              Dismiss <kbd>x</kbd>
            </button>
            {p.onMergeNext ? (
              <button type="button" onClick={p.onMergeNext} title="Merge with the next claim (m)">
                Merge with next <kbd>m</kbd>
              </button>
            ) : null}
          </div>
        </>
      )}

      <h2 style={{ marginTop: "1rem" }}>History</h2>
      <HistoryList entries={p.history} onRevert={p.locked ? undefined : p.onRevert} />
    </div>
  );
}
