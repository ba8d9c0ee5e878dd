import { Fragment } from "react";
import { attributionParts, fragmentsOf } from "@/lib/domain/fragments";
import { TextIndex } from "@/lib/domain/offsets";
import { LABEL_NAMES } from "@/lib/domain/verdicts";
import type { ReportClaim } from "@/lib/server/report";
import { STATUS_GLYPH } from "./parts";

/**
 * The original text, rendered on the server: each listed claim highlighted by status (the innermost
 * claim where they overlap, as on the review page) and followed by a numbered marker with its
 * glyph that links to the claim's entry in the list below.
 */
export function ReportArticle({ text, claims }: { text: string; claims: readonly ReportClaim[] }) {
  // Offsets are code points (decision 0002); TextIndex slices the UTF-16 string at the right places.
  const index = new TextIndex(text);
  const fragments = fragmentsOf(index.length, claims);
  // Speakers and cues underlined inside the claims' marks (the same cutting as the review page).
  const partsAt = attributionParts(fragments, claims);
  const anchored = new Set<string>();
  const byId = new Map(claims.map((c) => [c.id, c]));
  // Every claim end is a fragment end (fragmentsOf cuts there), so each marker has a place.
  const endingAt = new Map<number, ReportClaim[]>();
  for (const c of claims) endingAt.set(c.end, [...(endingAt.get(c.end) ?? []), c]);

  return (
    <div className="rp-article">
      {fragments.map((f) => {
        const claim = f.claimId === null ? undefined : byId.get(f.claimId);
        const parts = partsAt.get(f.start);
        const run = parts
          ? parts.map((p) => {
              const text = index.slice(p.start, p.end);
              if (!p.speakerOf && !p.cueOf) return <Fragment key={p.start}>{text}</Fragment>;
              // The first piece of each claim's speaker is the target of its "Said by" link (several
              // claims can share a speaker: a quotation over sentences).
              const targets = p.speakerOf.split(" ").filter((id) => id && !anchored.has(id));
              for (const id of targets) anchored.add(id);
              return (
                <span key={p.start} className={p.speakerOf ? "rp-speaker" : "rp-cue"}>
                  {targets.map((id) => (
                    <span key={id} id={`said-${byId.get(Number(id))!.number}`} />
                  ))}
                  {text}
                </span>
              );
            })
          : index.slice(f.start, f.end);
        return (
          <Fragment key={f.start}>
            {claim ? <mark className={`rp-${claim.status}`}>{run}</mark> : run}
            {endingAt.get(f.end)?.map((c) => (
              <sup key={c.id} className="rp-marker">
                <a href={`#claim-${c.number}`} className={`rp-${c.status}`} aria-label={`Claim ${c.number}: ${LABEL_NAMES[c.status].toLowerCase()}`}>
                  {c.number}
                  {"\u2009"}
                  {STATUS_GLYPH[c.status]}
                </a>
              </sup>
            ))}
          </Fragment>
        );
      })}
    </div>
  );
}
