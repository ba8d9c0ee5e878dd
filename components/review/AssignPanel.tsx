"use client";
import { useState } from "react";
import { callApi, type ApiError } from "@/components/api-client";
import type { AssignmentDto } from "@/lib/server/assignments";

type Person = { userId: number; name: string; role: string };

/**
 * Who the document is assigned to, and, for editors, a form to assign it (reviewers, an optional
 * due day and note) or to take an assignment back. Issue 12: the reviewer finds it in My queue.
 */
/** "claims 3–7": an assigned range by the claims' numbers in reading order (claims: the open ones, in order). */
export function rangeText(range: { start: number; end: number }, claims: readonly { start: number; end: number }[]) {
  const first = claims.findIndex((c) => c.start >= range.start);
  const last = claims.findLastIndex((c) => c.end <= range.end);
  return first === -1 || last < first ? "no claims" : first === last ? `claim ${first + 1}` : `claims ${first + 1}–${last + 1}`;
}

export function AssignPanel({
  documentId,
  initial,
  members,
  canAssign,
  claims,
}: {
  documentId: number;
  initial: AssignmentDto[];
  members: Person[];
  canAssign: boolean;
  /** The document's open claims in reading order: what "claims 3 to 7" counts. */
  claims: { start: number; end: number }[];
}) {
  const [assignments, setAssignments] = useState(initial);
  const [chosen, setChosen] = useState<number[]>([]);
  const [dueOn, setDueOn] = useState("");
  const [note, setNote] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function assign() {
    setBusy(true);
    setError(null);
    setNotice(null);
    const range = rangeOf(from, to);
    if (typeof range === "string") {
      setBusy(false);
      return setError({ code: "INVALID", message: range, fields: { range: range } });
    }
    const result = await callApi<{ assignments: AssignmentDto[] }>("POST", `/api/documents/${documentId}/assignments`, { reviewerIds: chosen, dueOn, note, ...(range ? { range } : {}) });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setAssignments(result.data.assignments);
    const names = members.filter((m) => chosen.includes(m.userId)).map((m) => m.name);
    setNotice(`Assigned ${range ? rangeText(range, claims) : "the document"} to ${names.join(", ")}${dueOn ? `, due ${dueOn}` : ""}. It is in their queue now.`);
    setChosen([]);
  }

  /** The offsets of claims `from` to `to` (numbers in reading order); null for the whole document; a message when wrong. */
  function rangeOf(fromText: string, toText: string): { start: number; end: number } | null | string {
    if (!fromText && !toText) return null;
    const a = Number(fromText || 1);
    const b = Number(toText || claims.length);
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b > claims.length || a > b)
      return `Claims run from 1 to ${claims.length}: give a first claim no greater than the last, or leave both empty for the whole document.`;
    return { start: claims[a - 1]!.start, end: claims[b - 1]!.end };
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
          {a.range ? ` · ${rangeText(a.range, claims)}` : ""}
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
            <fieldset className="assign-range" aria-describedby={fieldError("range") ? "assign-range-error" : undefined}>
              <legend>Claims (optional: empty is the whole document)</legend>
              <label htmlFor="assign-from">from</label>
              <input id="assign-from" inputMode="numeric" size={4} value={from} onChange={(e) => setFrom(e.target.value.trim())} placeholder="1" />
              <label htmlFor="assign-to">to</label>
              <input id="assign-to" inputMode="numeric" size={4} value={to} onChange={(e) => setTo(e.target.value.trim())} placeholder={String(claims.length)} />
              <span className="muted"> of {claims.length}</span>
            </fieldset>
            {fieldError("range") ? (
              <div className="field-error" id="assign-range-error">
                {fieldError("range")}
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
