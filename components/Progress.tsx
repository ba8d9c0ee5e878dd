import type { Progress } from "@/lib/server/dto";
import { LABEL_NAMES, VERDICT_LABELS } from "@/lib/domain/verdicts";

export function ProgressBar({ progress }: { progress: Progress }) {
  const total = Math.max(progress.total, 1);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={progress.total}
      aria-valuenow={progress.reviewed}
      aria-label={`${progress.reviewed} of ${progress.total} claims reviewed`}
    >
      {VERDICT_LABELS.map((label) => (
        <span key={label} className={`bar-${label}`} style={{ width: `${(100 * progress.counts[label]) / total}%` }} />
      ))}
    </div>
  );
}

export function VerdictChips({ progress }: { progress: Progress }) {
  return (
    <div className="chips">
      {(["SOURCED", "DISPUTED", "OPINION", "UNREVIEWED"] as const).map((s) => (
        <span key={s} className={`chip ${s}`}>
          {progress.counts[s]} {LABEL_NAMES[s].toLowerCase()}
        </span>
      ))}
    </div>
  );
}
