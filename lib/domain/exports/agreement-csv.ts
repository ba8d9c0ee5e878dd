import type { RatingPair } from "../agreement-report";
import { CSV_BOM, CSV_EOL, csvField, neutralise } from "./csv";

// The agreement download (decision 0023): one record per rating pair, with the CSV rules of the
// claim export (decision 0008: RFC 4180, UTF-8 with BOM, CRLF, formula cells neutralised).

const text = (value: string) => (value === "" ? "" : csvField(neutralise(value)));
const plain = (value: number | string) => String(value);

export const AGREEMENT_CSV_COLUMNS: readonly (readonly [name: string, cell: (p: RatingPair) => string])[] = [
  ["claim_id", (p) => plain(p.claimId)],
  ["document_id", (p) => plain(p.documentId)],
  ["document_title", (p) => text(p.documentTitle)],
  ["first_rater_id", (p) => plain(p.firstRater.id)],
  ["first_rater", (p) => text(p.firstRater.name)],
  ["first_label", (p) => plain(p.firstLabel)],
  ["second_rater_id", (p) => plain(p.secondRater.id)],
  ["second_rater", (p) => text(p.secondRater.name)],
  ["second_label", (p) => plain(p.secondLabel)],
  ["agreed", (p) => (p.firstLabel === p.secondLabel ? "yes" : "no")],
  ["submitted_at", (p) => plain(p.submittedAt)],
];

/** The whole file: BOM, header and one record per pair, each ending in CRLF. */
export function agreementCsv(pairs: readonly RatingPair[]): string {
  let out = CSV_BOM + AGREEMENT_CSV_COLUMNS.map(([name]) => name).join(",") + CSV_EOL;
  for (const p of pairs) out += AGREEMENT_CSV_COLUMNS.map(([, cell]) => cell(p)).join(",") + CSV_EOL;
  return out;
}
