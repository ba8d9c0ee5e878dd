"use client";
import type { ClaimDto } from "@/lib/server/dto";

type Who = Pick<ClaimDto, "speaker" | "cue" | "quoted" | "attributionBy" | "speakerSpan" | "cueSpan">;

/**
 * Who said the claim, as the detector suggested it or a reviewer set it. The speaker and cue are
 * styled as they are marked in the article, so the line doubles as the legend for those marks.
 */
export function WhoSaidIt({ claim }: { claim: Who }) {
  const by =
    claim.attributionBy === "REVIEWER" ? (
      <span className="tag reviewer" title="A reviewer set or corrected who said it">
        set by a reviewer
      </span>
    ) : (
      <span className="tag suggested" title="Found by the attribution detector; correct it if it is wrong">
        suggested
      </span>
    );
  const cue = claim.cue ? (
    <>
      {" · cue "}
      <span className={claim.cueSpan ? "attr-cue" : undefined}>“{claim.cue}”</span>
    </>
  ) : null;
  let line: React.ReactNode;
  if (claim.speaker)
    line = (
      <>
        Said by <strong className={claim.speakerSpan ? "attr-speaker" : undefined}>{claim.speaker}</strong>
        {cue}
        {claim.quoted && !claim.cue ? " · quoted speech" : null}
      </>
    );
  else if (claim.cue)
    line = (
      <>
        Attributed, speaker not named{cue}
      </>
    );
  else if (claim.quoted) line = "Quoted speech, speaker not found";
  else line = "The article’s own voice";
  const located = (claim.speaker && claim.speakerSpan) || (claim.cue && claim.cueSpan);
  return (
    <div className="who" data-testid="speaker">
      <div className="who-label small muted">Who said it {by}</div>
      <div className="who-line">{line}</div>
      {located ? <div className="small muted">Marked the same way in the article text.</div> : null}
    </div>
  );
}
