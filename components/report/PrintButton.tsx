"use client";

/** The browser's own print dialog; the report's print styles make that a clean A4 document. */
export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()}>
      Print…
    </button>
  );
}
