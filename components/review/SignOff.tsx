"use client";
import { useState } from "react";
import type { ClaimDto } from "@/lib/server/dto";
import { utcText } from "../settings/UtcTime";

/**
 * The editor's sign-off of the claim's current verdict (issue 12): Proposed until an editor approves
 * it or returns it with a comment. Editors approve with Shift+A and return with Shift+R.
 */
export function SignOff({
  claim,
  canSignOff,
  returning,
  onReturning,
  onApprove,
  onReturn,
}: {
  claim: ClaimDto;
  canSignOff: boolean;
  returning: boolean;
  onReturning: (open: boolean) => void;
  onApprove: () => void;
  onReturn: (comment: string) => void;
}) {
  const [comment, setComment] = useState("");
  const s = claim.signoff;
  if (!s) return null;
  const when = s.at ? ` · ${utcText(s.at)}` : "";
  return (
    <div className={`signoff ${s.state}`} data-testid="signoff">
      {s.state === "APPROVED" ? (
        <span>
          <span aria-hidden="true">✓ </span>
          <strong>Approved</strong> by {s.by}
          {when}
        </span>
      ) : s.state === "RETURNED" ? (
        <span>
          <span aria-hidden="true">↩ </span>
          <strong>Returned</strong> by {s.by}
          {when}: {s.note}
        </span>
      ) : (
        <span>
          <span aria-hidden="true">⧗ </span>
          <strong>Proposed</strong>: awaiting an editor’s sign-off
        </span>
      )}
      {canSignOff && s.state !== "APPROVED" ? (
        <span className="signoff-actions">
          <button type="button" className="small" onClick={onApprove}>
            Approve <kbd>⇧A</kbd>
          </button>
          {returning ? null : (
            <button type="button" className="small" onClick={() => onReturning(true)}>
              Return… <kbd>⇧R</kbd>
            </button>
          )}
        </span>
      ) : null}
      {canSignOff && returning ? (
        <form
          className="signoff-return"
          onSubmit={(e) => {
            e.preventDefault();
            onReturn(comment);
          }}
        >
          <label htmlFor="f-return">What should the reviewer change?</label>
          <textarea
            id="f-return"
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl+Enter here returns the verdict; it must not also save the verdict form.
              if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
                e.preventDefault();
                e.stopPropagation();
                onReturn(comment);
              }
            }}
          />
          <p style={{ margin: "0.3rem 0 0", display: "flex", gap: "0.4rem" }}>
            <button type="submit" className="small primary">
              Return to the reviewer <kbd>Ctrl+Enter</kbd>
            </button>
            <button type="button" className="small" onClick={() => onReturning(false)}>
              Cancel
            </button>
          </p>
        </form>
      ) : null}
    </div>
  );
}
