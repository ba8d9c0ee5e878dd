import { DOCUMENT_STATE_NAMES, type DocumentState } from "@/lib/domain/document-state";

const GLYPH: Record<DocumentState, string> = { TO_DO: "○", IN_REVIEW: "◐", IN_SECOND_REVIEW: "◑", IN_ADJUDICATION: "⚖", APPROVED: "✓", REOPENED: "↺" };

/** A document's workflow state as a glyph and a word (never colour alone), colours at 4.5:1 or more. */
export function DocumentStateBadge({ state }: { state: DocumentState }) {
  return (
    <span className={`state-badge ${state}`} data-testid="document-state" data-state={state}>
      <span aria-hidden="true">{GLYPH[state]}</span> {DOCUMENT_STATE_NAMES[state]}
    </span>
  );
}
