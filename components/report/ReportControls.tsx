import { MAX_PDF_CLAIMS } from "@/lib/domain/documents";
import type { ReportOptions } from "@/lib/server/report";
import { PrintButton } from "./PrintButton";

const TOGGLES: { key: keyof ReportOptions; label: string }[] = [
  { key: "unreviewed", label: "Unreviewed claims" },
  { key: "history", label: "Change history" },
  { key: "reviewers", label: "Reviewer names" },
];

/**
 * The screen-only bar above the report: what to include, print, and the PDF. A plain GET form, so it
 * works without JavaScript: each hidden "0" is followed by its checkbox's "1" when ticked, and the
 * last value wins (parseReportOptions).
 */
export function ReportControls({ documentId, options, query, claims }: { documentId: number; options: ReportOptions; query: string; claims: number }) {
  return (
    <div className="rp-controls" role="region" aria-label="Report options">
      <p className="rp-back">
        <a href={`/documents/${documentId}`}>← Back to the review</a>
      </p>
      <form method="get" action={`/documents/${documentId}/report`} className="rp-options">
        <fieldset>
          <legend>Include</legend>
          {TOGGLES.map((t) => (
            <label key={t.key}>
              <input type="hidden" name={t.key} value="0" />
              <input type="checkbox" name={t.key} value="1" defaultChecked={options[t.key]} /> {t.label}
            </label>
          ))}
        </fieldset>
        <button type="submit">Update</button>
      </form>
      <div className="rp-actions">
        <PrintButton />
        {claims > MAX_PDF_CLAIMS ? (
          <p className="small muted" id="pdf-limit">
            PDFs are made for up to {MAX_PDF_CLAIMS.toLocaleString("en")} claims; this document has {claims.toLocaleString("en")}. Use Print → Save as PDF, or{" "}
            <a href={`/api/documents/${documentId}/export?format=csv`} download>
              export CSV
            </a>
            .
          </p>
        ) : (
          <a className="button primary" href={`/api/documents/${documentId}/report.pdf?${query}`} download>
            Download PDF
          </a>
        )}
      </div>
    </div>
  );
}
