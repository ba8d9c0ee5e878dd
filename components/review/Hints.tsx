"use client";
import type { ClaimDto } from "@/lib/server/dto";
import { isReasonAgainst } from "@/lib/domain/assist/reasons";
import { CheckworthinessDots } from "./ClaimList";

/**
 * The detectors' suggestions for one claim: how check-worthy it is and why, and whether it reads
 * as opinion. Suggestions only: "Mark as opinion" picks the verdict; saving is still the reviewer's.
 */
/** A calibrated probability as a whole percentage, never 0 % or 100 %: a model is never certain. */
const percent = (p: number) => `${Math.min(99, Math.max(1, Math.round(p * 100)))}%`;
const CALIBRATED = "How likely, as calibrated on held-out data: of claims shown 80%, about 8 in 10 are.";

export function Hints({ hints, opinionChosen, onMarkOpinion }: { hints: ClaimDto["hints"]; opinionChosen: boolean; onMarkOpinion: () => void }) {
  if (!hints) return null;
  const reasonsFor = hints.checkReasons.filter((r) => !isReasonAgainst(r));
  const reasonsAgainst = hints.checkReasons.filter(isReasonAgainst);
  return (
    <div className="hints">
      <div className="hint" data-testid="checkworthiness">
        <CheckworthinessDots score={hints.checkworthiness} />{" "}
        <span>
          <strong>{hints.checkworthy ? "Worth checking" : "Less worth checking"}</strong> <span className="muted" title={CALIBRATED}>({percent(hints.checkworthiness)})</span>
          {reasonsFor.length ? <span className="muted">: {reasonsFor.join("; ")}</span> : null}
          {reasonsAgainst.length ? <span className="muted">{reasonsFor.length ? "; against: " : ": against: "}{reasonsAgainst.join("; ")}</span> : null}
        </span>
      </div>
      {hints.subjective ? (
        <div className="hint opinion" data-testid="opinion-hint">
          <span className="hint-glyph" aria-hidden="true">
            ❝
          </span>
          <span>
            <strong>Reads as opinion</strong> <span className="muted" title={CALIBRATED}>({percent(hints.subjectivity)})</span>
            {hints.subjectivityCues.length ? <span className="muted">: {hints.subjectivityCues.join("; ")}</span> : null}
          </span>
          <button type="button" className="small" onClick={onMarkOpinion} disabled={opinionChosen} title="Choose Opinion in the verdict form below; nothing is saved yet">
            {opinionChosen ? "Opinion chosen" : "Mark as opinion"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
