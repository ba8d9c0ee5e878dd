"use client";
import { useState } from "react";
import { callApi } from "@/components/api-client";
import { utcText } from "../settings/UtcTime";

/**
 * The document's approval (issue 12): editors approve the whole document once every claim is
 * decided, which locks it; an approved document says so, and editors can reopen it with a reason.
 */
export function DocumentApproval({ documentId, approval, canSignOff }: { documentId: number; approval: { by: string | null; at: string } | null; canSignOff: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);

  async function post(path: "approve" | "reopen", body?: unknown) {
    setBusy(true);
    setError(null);
    const result = await callApi("POST", `/api/documents/${documentId}/${path}`, body);
    setBusy(false);
    if (!result.ok) return setError(result.error.fields?.reason ?? result.error.message);
    window.location.reload(); // every claim's sign-off changed: show the document as stored
  }

  if (approval)
    return (
      <div className="banner ok approval" role="status" data-testid="approval">
        <span>
          <strong>✓ Approved</strong> by {approval.by ?? "an editor"} · {utcText(approval.at)}. Locked: verdicts and claims cannot change
          {canSignOff ? " until an editor reopens it." : "; ask an editor to reopen it."}
        </span>
        {canSignOff && !reopening ? (
          <button type="button" className="small" onClick={() => setReopening(true)}>
            Reopen…
          </button>
        ) : null}
        {reopening ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void post("reopen", { reason });
            }}
          >
            <label htmlFor="reopen-reason">Why reopen it?</label>
            <input id="reopen-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder="e.g. a reader sent a correction" autoFocus />{" "}
            <button type="submit" className="small primary" disabled={busy}>
              Reopen
            </button>
          </form>
        ) : null}
        {error ? (
          <div className="field-error" role="alert">
            {error}
          </div>
        ) : null}
      </div>
    );
  if (!canSignOff) return null;
  return (
    <div className="approval-actions small" data-testid="approval">
      <button type="button" onClick={() => void post("approve")} disabled={busy} title="Approves every proposed verdict and locks the document">
        {busy ? "Approving…" : "Approve document"}
      </button>
      {error ? (
        <span className="field-error" role="alert" style={{ display: "inline", marginLeft: "0.5rem" }}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
