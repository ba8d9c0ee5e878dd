"use client";
import type { ClaimDto } from "@/lib/server/dto";
import type { HintTask } from "@/lib/domain/assist/learn/team";
import { isReasonAgainst } from "@/lib/domain/assist/reasons";
import { CheckworthinessDots } from "./ClaimList";

/**
 * The detectors' suggestions for one claim: how check-worthy it is and why, and whether it reads
 * as opinion. Suggestions only: "Mark as opinion" picks the verdict; saving is still the reviewer's.
 */
/** A calibrated probability as a whole percentage, never 0 % or 100 %: a model is never certain. */
const percent = (p: number) => `${Math.min(99, Math.max(1, Math.round(p * 100)))}%`;
const CALIBRATED = "How likely, as calibrated on held-out data: of claims shown 80%, about 8 in 10 are.";

/** The hints of a claim that "w" marks wrong, in order: the opinion hint (it suggests a verdict), then check-worthiness. */
export function markableHints(hints: ClaimDto["hints"]): HintTask[] {
  if (!hints) return [];
  return [...(hints.subjective ? (["subjectivity"] as const) : []), "checkworthy" as const];
}

/** "Wrong hint" for one hint, or, once marked, that it was and a way to take it back. */
function WrongHint({ task, marked, onWrong }: { task: HintTask; marked: boolean; onWrong: (task: HintTask, wrong: boolean) => void }) {
  const what = task === "subjectivity" ? "opinion" : "check-worthiness";
  return marked ? (
    <span className="small wrong-hint" data-testid={`wrong-${task}`}>
      <span aria-hidden="true">✗</span> Marked wrong: a label for your team’s {what} model.{" "}
      <button type="button" className="small" onClick={() => onWrong(task, false)}>
        Take back
      </button>
    </span>
  ) : (
    <button type="button" className="small wrong-hint" onClick={() => onWrong(task, true)} title={`This ${what} hint is wrong: recorded as a label for retraining your team's model`}>
      Wrong hint <kbd>w</kbd>
    </button>
  );
}

export function Hints({
  hints,
  opinionChosen,
  onMarkOpinion,
  onWrong,
}: {
  hints: ClaimDto["hints"];
  opinionChosen: boolean;
  onMarkOpinion: () => void;
  onWrong: (task: HintTask, wrong: boolean) => void;
}) {
  if (!hints) return null;
  const reasonsFor = hints.checkReasons.filter((r) => !isReasonAgainst(r));
  const reasonsAgainst = hints.checkReasons.filter(isReasonAgainst);
  return (
    <div className="hints">
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
          <WrongHint task="subjectivity" marked={hints.wrong.includes("subjectivity")} onWrong={onWrong} />
        </div>
      ) : null}
      <div className="hint" data-testid="checkworthiness">
        <CheckworthinessDots score={hints.checkworthiness} />{" "}
        <span>
          <strong>{hints.checkworthy ? "Worth checking" : "Less worth checking"}</strong> <span className="muted" title={CALIBRATED}>({percent(hints.checkworthiness)})</span>
          {reasonsFor.length ? <span className="muted">: {reasonsFor.join("; ")}</span> : null}
          {reasonsAgainst.length ? <span className="muted">{reasonsFor.length ? "; against: " : ": against: "}{reasonsAgainst.join("; ")}</span> : null}
        </span>
        <WrongHint task="checkworthy" marked={hints.wrong.includes("checkworthy")} onWrong={onWrong} />
      </div>
    </div>
  );
}
