// Limits and checks on imported article text.

/** Largest article text accepted, in UTF-8 bytes (413 beyond it). */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
/** Largest JSON request body accepted for an import: the text plus metadata and JSON escaping. */
export const MAX_IMPORT_BODY_BYTES = 3 * MAX_TEXT_BYTES;
/**
 * Most claims a PDF report is made for (413 PDF_TOO_LARGE beyond it): Chromium lays out and prints a
 * report of this size well inside the render deadline (bench/RESULTS.md). Bigger documents print
 * from the report page in the browser, or export CSV/JSON.
 */
export const MAX_PDF_CLAIMS = 2_000;

export function textProblem(text: string): string | null {
  if (text.trim() === "") return "The text is empty: paste the article or choose a .txt file.";
  if (text.includes("\u0000")) return "The text contains NUL bytes: it looks like a binary file, not plain text. Save it as UTF-8 text and try again.";
  if (!text.isWellFormed()) return "The text contains broken Unicode (a lone surrogate). Save it as UTF-8 text and try again.";
  return null;
}
