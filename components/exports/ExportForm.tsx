"use client";

import { useId, useState } from "react";

// The team export's filters and its three downloads. The downloads are plain links to
// GET /api/exports (cookie-authenticated; the browser saves the streamed file itself, however large),
// rebuilt as the filters change, so there is nothing to submit.

export type ExportFilterValues = { from?: string; to?: string; verdict?: string; reviewer?: string; document?: string };

const VERDICTS = [
  ["SOURCED", "Sourced"],
  ["DISPUTED", "Disputed"],
  ["OPINION", "Opinion"],
  ["UNREVIEWED", "Unreviewed"],
] as const;

const FORMATS = [
  { format: "csv", label: "Download CSV", what: "one row per claim, for spreadsheets (UTF-8, Excel-ready)" },
  { format: "json", label: "Download JSON", what: "each document with its claims, anchors and verdicts, to process or re-anchor in the text (schema claimdesk.export/1)" },
  { format: "claimreview", label: "Download ClaimReview", what: "schema.org JSON-LD for publishing: SOURCED and DISPUTED claims an editor approved (add proposed=1 to the link for the rest)" },
] as const;

export function exportQuery(values: ExportFilterValues, format: string): string {
  const params = new URLSearchParams({ format });
  for (const key of ["from", "to", "verdict", "reviewer", "document"] as const) {
    const v = values[key];
    if (v) params.set(key, v);
  }
  return params.toString();
}

export function ExportForm({
  members,
  documents,
  initial,
}: {
  members: { id: number; name: string; email: string }[];
  documents: { id: number; title: string }[];
  initial: ExportFilterValues;
}) {
  const [values, setValues] = useState<ExportFilterValues>(initial);
  const id = useId();
  const set = (key: keyof ExportFilterValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const rangeError = values.from && values.to && values.from > values.to ? "The “to” date is before the “from” date: swap them." : null;
  const filtered = Object.values(values).some(Boolean);
  const claimReviewEmpty = values.verdict === "OPINION" || values.verdict === "UNREVIEWED";

  return (
    <>
      <form className="card" aria-label="Filter the export" onSubmit={(e) => e.preventDefault()} style={{ marginBottom: "1rem" }}>
        <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(210px, 1fr))", gap: "0 0.75rem", alignItems: "start" }}>
          <div>
            <label htmlFor={`${id}-from`}>Verdict from (UTC day)</label>
            <input id={`${id}-from`} name="from" type="date" value={values.from ?? ""} onChange={set("from")} aria-describedby={`${id}-dates-hint`} />
          </div>
          <div>
            <label htmlFor={`${id}-to`}>Verdict to (UTC day, inclusive)</label>
            <input
              id={`${id}-to`}
              name="to"
              type="date"
              value={values.to ?? ""}
              onChange={set("to")}
              aria-invalid={rangeError ? true : undefined}
              aria-describedby={rangeError ? `${id}-to-error ${id}-dates-hint` : `${id}-dates-hint`}
            />
            {rangeError ? (
              <div className="field-error" id={`${id}-to-error`} role="alert">
                {rangeError}
              </div>
            ) : null}
          </div>
          <div>
            <label htmlFor={`${id}-verdict`}>Status</label>
            <select id={`${id}-verdict`} name="verdict" value={values.verdict ?? ""} onChange={set("verdict")}>
              <option value="">Any status</option>
              {VERDICTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-reviewer`}>Reviewer (current verdict)</label>
            <select id={`${id}-reviewer`} name="reviewer" value={values.reviewer ?? ""} onChange={set("reviewer")}>
              <option value="">Anyone</option>
              {members.map((m) => (
                <option key={m.id} value={String(m.id)}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-document`}>Document</label>
            <select id={`${id}-document`} name="document" value={values.document ?? ""} onChange={set("document")}>
              <option value="">All documents</option>
              {documents.map((d) => (
                <option key={d.id} value={String(d.id)}>
                  {d.title}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="small muted" id={`${id}-dates-hint`} style={{ margin: "0.5rem 0 0" }}>
          Dates select claims by when their current verdict was recorded, so a date range leaves out unreviewed claims. Dismissed candidates are never
          exported.
        </p>
        {filtered ? (
          <p style={{ margin: "0.5rem 0 0" }}>
            <button type="button" onClick={() => setValues({})}>
              Clear filters
            </button>
          </p>
        ) : null}
      </form>

      <section aria-labelledby={`${id}-downloads`} className="card">
        <h2 id={`${id}-downloads`}>Download</h2>
        <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "0.6rem" }}>
          {FORMATS.map(({ format, label, what }) => (
            <li key={format} style={{ display: "flex", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
              {rangeError ? (
                <button type="button" className="primary" disabled aria-describedby={`${id}-to-error`}>
                  {label}
                </button>
              ) : (
                <a className="button primary" href={`/api/exports?${exportQuery(values, format)}`} download data-testid={`download-${format}`}>
                  {label}
                </a>
              )}
              <span className="small muted">
                {what}
                {format === "claimreview" && claimReviewEmpty ? " — empty with this status filter: opinions and unreviewed claims are not ratings." : ""}
              </span>
            </li>
          ))}
        </ul>
        <p className="small muted" style={{ margin: "0.75rem 0 0" }}>
          Every download is recorded in the audit log with its format and filters.
        </p>
      </section>
    </>
  );
}
