"use client";
import { useState } from "react";
import { callApi, type ApiError } from "@/components/api-client";
import type { AssignmentDto } from "@/lib/server/assignments";

type Person = { userId: number; name: string; role: string };

/**
 * Who the document is assigned to, and, for editors, a form to assign it (reviewers, an optional
 * due day and note) or to take an assignment back. Issue 12: the reviewer finds it in My queue.
 */
export function AssignPanel({ documentId, initial, members, canAssign }: { documentId: number; initial: AssignmentDto[]; members: Person[]; canAssign: boolean }) {
  const [assignments, setAssignments] = useState(initial);
  const [chosen, setChosen] = useState<number[]>([]);
  const [dueOn, setDueOn] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function assign() {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await callApi<{ assignments: AssignmentDto[] }>("POST", `/api/documents/${documentId}/assignments`, { reviewerIds: chosen, dueOn, note });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setAssignments(result.data.assignments);
    const names = members.filter((m) => chosen.includes(m.userId)).map((m) => m.name);
    setNotice(`Assigned to ${names.join(", ")}${dueOn ? `, due ${dueOn}` : ""}. It is in their queue now.`);
    setChosen([]);
  }

  async function unassign(a: AssignmentDto) {
    setError(null);
    const result = await callApi<{ ok: true }>("DELETE", `/api/assignments/${a.id}`);
    if (!result.ok) return setError(result.error);
    setAssignments((list) => list.filter((x) => x.id !== a.id));
    setNotice(`${a.reviewer.name} is no longer assigned.`);
  }

  const fieldError = (f: string) => error?.fields?.[f];
  return (
    <div className="small assign-panel" data-testid="assignments">
      <span className="muted">Assigned to:</span>{" "}
      {assignments.length === 0 ? <span className="muted">nobody yet</span> : null}
      {assignments.map((a) => (
        <span key={a.id} className="tag" data-testid="assignee">
          {a.reviewer.name}
          {a.dueOn ? ` · due ${a.dueOn}` : ""}
          {canAssign ? (
            <button type="button" className="small link-button" aria-label={`Unassign ${a.reviewer.name}`} title={`Unassign ${a.reviewer.name}`} onClick={() => void unassign(a)}>
              ×
            </button>
          ) : null}
        </span>
      ))}
      {canAssign ? (
        <details className="assign-form">
          <summary>Assign…</summary>
          <form
            aria-label="Assign this document"
            onSubmit={(e) => {
              e.preventDefault();
              void assign();
            }}
          >
            <fieldset aria-invalid={!!fieldError("reviewerIds")} aria-describedby={fieldError("reviewerIds") ? "assign-reviewers-error" : undefined}>
              <legend>Reviewers</legend>
              {members.map((m) => (
                <label key={m.userId} className="check">
                  <input
                    type="checkbox"
                    checked={chosen.includes(m.userId)}
                    onChange={(e) => setChosen((list) => (e.target.checked ? [...list, m.userId] : list.filter((id) => id !== m.userId)))}
                  />{" "}
                  {m.name} <span className="muted">({m.role.toLowerCase()})</span>
                </label>
              ))}
            </fieldset>
            {fieldError("reviewerIds") ? (
              <div className="field-error" id="assign-reviewers-error">
                {fieldError("reviewerIds")}
              </div>
            ) : null}
            <label htmlFor="assign-due">Due (optional)</label>
            <input id="assign-due" type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} aria-invalid={!!fieldError("dueOn")} />
            {fieldError("dueOn") ? <div className="field-error">{fieldError("dueOn")}</div> : null}
            <label htmlFor="assign-note">Note (optional)</label>
            <textarea id="assign-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. the figures in paragraphs 3–5 first" />
            {error && !error.fields ? (
              <div className="banner error" role="alert">
                {error.message}
              </div>
            ) : null}
            <p>
              <button type="submit" className="primary" disabled={busy || chosen.length === 0}>
                {busy ? "Assigning…" : "Assign"}
              </button>
            </p>
          </form>
        </details>
      ) : null}
      <span role="status" aria-live="polite">
        {notice ? ` ✓ ${notice}` : ""}
      </span>
    </div>
  );
}
