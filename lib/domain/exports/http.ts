import type { ExportFormat } from "@/lib/schemas/export";

// The name a download is saved under says what the file is: whose, which claims, which format, when.
// e.g. claimdesk-demo-claims-2026-11-23.csv, claimdesk-kyiv-summit-claimreview-2026-11-23.jsonld

/** ASCII, lower case, words joined by "-", at most `max` characters; "" when nothing is left. */
export function slugify(text: string, max = 60): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents off their letters: é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.length <= max ? slug : slug.slice(0, max).replace(/-[^-]*$/, "") || slug.slice(0, max);
}

export function exportExtension(format: ExportFormat): string {
  return format === "claimreview" ? "jsonld" : format;
}

export function exportFilename(opts: { subject: string; fallback: string; format: ExportFormat; date: Date }): string {
  const subject = slugify(opts.subject) || opts.fallback;
  const what = opts.format === "claimreview" ? "claimreview" : "claims";
  return `claimdesk-${subject}-${what}-${opts.date.toISOString().slice(0, 10)}.${exportExtension(opts.format)}`;
}

/** The Content-Disposition header: the name is plain ASCII by construction, so no filename*= is needed. */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/["\\\r\n]/g, "")}"`;
}

