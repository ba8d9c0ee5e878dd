"use client";
import type { ClaimDto } from "@/lib/server/dto";
import { isReasonAgainst } from "@/lib/domain/assist/reasons";
import { CheckworthinessDots } from "./ClaimList";

/**
 * The detectors' suggestions for one claim: how check-worthy it is and why, and whether it reads
 * as opinion. Suggestions only: "Mark as opinion" picks the verdict; saving is still the reviewer's.
 */
export function Hints({ hints, opinionChosen, onMarkOpinion }: { hints: ClaimDto["hints"]; opinionChosen: boolean; onMarkOpinion: () => void }) {
  if (!hints) return null;
  const reasonsFor = hints.checkReasons.filter((r) => !isReasonAgainst(r));
  const reasonsAgainst = hints.checkReasons.filter(isReasonAgainst);
  return (
    <div className="hints">
      <div className="hint" data-testid="checkworthiness">
        <CheckworthinessDots score={hints.checkworthiness} />{" "}
        <span>
          <strong>{hints.checkworthy ? "Worth checking" : "Less worth checking"}</strong> <span className="muted">({hints.checkworthiness.toFixed(2)})</span>
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
            <strong>Reads as opinion</strong> <span className="muted">({hints.subjectivity.toFixed(2)})</span>
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
