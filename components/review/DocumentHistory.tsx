"use client";
import { useState } from "react";
import { callApi } from "@/components/api-client";
import { describeDocumentEvent, type DocumentEventKind } from "@/lib/domain/document-events";
import { utcText } from "../settings/UtcTime";

export type DocumentHistoryItem = { id: number; kind: DocumentEventKind; at: string; actor: string | null; reason: string | null; data: unknown };

const GLYPH: Partial<Record<DocumentEventKind, string>> = { APPROVED: "✓", REOPENED: "↺", ASSIGNED: "→", UNASSIGNED: "×", ADJUDICATED: "⚖" };

/**
 * The document's own history (issue 12), newest first: approvals, reopenings, assignments, second
 * reviews and adjudications, one line each. Rendered with the page; opening the panel reads it again,
 * so assignments made on this page since show up.
 */
export function DocumentHistory({ documentId, initial }: { documentId: number; initial: DocumentHistoryItem[] }) {
  const [events, setEvents] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function refresh() {
    const result = await callApi<{ history: DocumentHistoryItem[] }>("GET", `/api/documents/${documentId}/history`);
    if (result.ok) {
      setEvents(result.data.history);
      setError(null);
    } else setError(`${result.error.message} The list below may be out of date.`);
  }

  return (
    <details className="doc-history" data-testid="document-history" onToggle={(e) => void ((e.target as HTMLDetailsElement).open && refresh())}>
      <summary>
        Document history <span className="muted">({events.length === 0 ? "nothing yet" : events.length === 1 ? "1 event" : `${events.length} events`})</span>
      </summary>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
      {events.length === 0 ? (
        <p className="muted" data-testid="document-history-empty">
          Nothing has happened to this document as a whole yet. Approvals, reopenings, assignments and second reviews will be listed here, newest first.
        </p>
      ) : (
        <ol className="doc-history-list" reversed aria-label="Document history, newest first">
          {events.map((e) => (
            <li key={e.id} className={e.kind} data-testid="document-event">
              <span className="glyph" aria-hidden="true">
                {GLYPH[e.kind] ?? "•"}
              </span>
              <span>{describeDocumentEvent(e)}</span>
              <time className="muted" dateTime={e.at}>
                {utcText(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
