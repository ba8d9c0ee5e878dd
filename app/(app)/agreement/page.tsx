import type { Metadata } from "next";
import Link from "next/link";
import { AgreementOverTime } from "@/components/agreement/AgreementOverTime";
import { ConfusionMatrixChart } from "@/components/agreement/ConfusionMatrixChart";
import { coefficient, share } from "@/components/agreement/format";
import { Greek } from "@/components/agreement/Greek";
import { can, ROLE_NAMES } from "@/lib/domain/permissions";
import { agreementQuery } from "@/lib/schemas/agreement";
import { agreement, agreementDocuments, agreementSearch, type AgreementDto } from "@/lib/server/agreement";
import { AppError, fieldsFromIssues } from "@/lib/server/errors";
import { requirePageMember } from "@/lib/server/session";
import "./agreement.css";

export const metadata: Metadata = { title: "Agreement" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

function Figure({ label, value, detail, testId }: { label: React.ReactNode; value: string; detail: string; testId: string }) {
  return (
    <div className="ag-stat card" data-testid={testId}>
      <div className="ag-stat-label">{label}</div>
      <div className="ag-stat-value">{value}</div>
      <div className="small muted">{detail}</div>
    </div>
  );
}

export default async function AgreementPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requirePageMember("/agreement");
  if (!can(member, "agreement.read"))
    return (
      <main className="page">
        <h1>Agreement</h1>
        <div className="banner error" role="alert" data-testid="forbidden">
          <strong>Editors and admins only (403).</strong> Your role in {member.teamName} is {ROLE_NAMES[member.role]}; how far reviewers agree with one
          another is for editors and admins.
        </div>
        <p>
          <Link href="/documents">Back to documents</Link>
        </p>
      </main>
    );

  const raw = await searchParams;
  const parsed = agreementQuery.safeParse({ document: first(raw.document), from: first(raw.from), to: first(raw.to) });
  const documents = await agreementDocuments(member);
  let report: AgreementDto | null = null;
  let problem: string | null = null;
  if (!parsed.success) problem = Object.values(fieldsFromIssues(parsed.error.issues)).join(" ");
  else
    try {
      report = await agreement(member, parsed.data);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "NOT_FOUND") throw error;
      problem = "That document was not found in this team: choose one from the list.";
    }
  const filters = parsed.success ? parsed.data : {};
  // A document filtered on that has no submitted review yet still shows as chosen.
  const choices = report?.document && !documents.some((d) => d.id === report.document!.id) ? [report.document, ...documents] : documents;
  const s = report?.summary;

  return (
    <main className="page ag-page">
      <h1>Agreement</h1>
      <p className="muted">
        How far the blind second reviews of {member.teamName} agree with the first verdicts: every submitted second review counts, each claim it sampled
        compared with the verdict it had at submission. Open and cancelled reviews never count.
      </p>

      <form className="card ag-filters" method="get" action="/agreement" aria-label="Filter the figures">
        <div>
          <label htmlFor="ag-document">Document</label>
          <select id="ag-document" name="document" defaultValue={filters.document ?? ""}>
            <option value="">Every document</option>
            {choices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="ag-from">Submitted from (UTC day)</label>
          <input id="ag-from" name="from" type="date" defaultValue={filters.from ?? ""} />
        </div>
        <div>
          <label htmlFor="ag-to">Submitted to (UTC day, inclusive)</label>
          <input id="ag-to" name="to" type="date" defaultValue={filters.to ?? ""} />
        </div>
        <div className="ag-filter-actions">
          <button type="submit" className="primary">
            Show
          </button>
          <Link href="/agreement">Clear</Link>
        </div>
      </form>

      {problem ? (
        <div className="banner error" role="alert" data-testid="agreement-problem">
          {problem}
        </div>
      ) : null}

      {report && s && s.pairs === 0 ? (
        <div className="card empty" data-testid="agreement-empty">
          <p>
            <strong>{Object.values(filters).some(Boolean) ? "No submitted second review matches these filters." : "No figures yet: no blind second review has been submitted."}</strong>
          </p>
          <p>
            Request a blind second review on a document&apos;s review page (choose a reviewer and the share of judged claims to sample). When the second reviewer
            submits, their verdicts are compared with the first ones here.
          </p>
        </div>
      ) : null}

      {report && s && s.pairs > 0 ? (
        <>
          <p className="ag-interpretation" data-testid="agreement-interpretation">
            {s.interpretation}
          </p>
          <div className="ag-stats">
            <Figure testId="figure-pairs" label="Claims compared" value={String(s.pairs)} detail={`${s.claims} distinct claim(s), ${s.reviews} second review(s)`} />
            <Figure testId="figure-raw" label="Raw agreement" value={share(s.raw)} detail="pairs with the same label" />
            <Figure testId="figure-kappa" label={
                <>
                  Cohen&apos;s <Greek>κ</Greek>
                </>
              } value={coefficient(s.cohen.kappa, s.pairs)} detail="first vs second verdict, beyond chance" />
            <Figure
              testId="figure-alpha"
              label={
                <>
                  Krippendorff&apos;s <Greek>α</Greek>
                </>
              }
              value={coefficient(s.alpha.alpha, s.pairs)}
              detail={`every rating of each claim (${s.alpha.n} values); ≥ 0.80 reliable, ≥ 0.67 tentative`}
            />
            <Figure testId="figure-fleiss" label={
                <>
                  Fleiss&apos; <Greek>κ</Greek>
                </>
              } value={s.fleiss.n ? coefficient(s.fleiss.kappa, s.fleiss.n) : "n/a"} detail={s.fleiss.note} />
          </div>

          <div className="ag-charts">
            <section className="card" aria-labelledby="ag-time-heading">
              <h2 id="ag-time-heading">Agreement over time</h2>
              <AgreementOverTime weeks={report.weeks} />
            </section>
            <section className="card" aria-labelledby="ag-matrix-heading">
              <h2 id="ag-matrix-heading">Which labels meet</h2>
              <ConfusionMatrixChart labels={s.confusion.labels} counts={s.confusion.counts} />
            </section>
          </div>

          <section aria-labelledby="ag-docs-heading" className="ag-section">
            <h2 id="ag-docs-heading">Per document</h2>
            <table className="doc-table" data-testid="agreement-documents">
              <thead>
                <tr>
                  <th scope="col">Document</th>
                  <th scope="col">Claims compared</th>
                  <th scope="col">Raw agreement</th>
                  <th scope="col">
                    Cohen&apos;s <Greek>κ</Greek>
                  </th>
                  <th scope="col">
                    Krippendorff&apos;s <Greek>α</Greek>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.documents.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link href={`/documents/${d.id}`} className="doc-title">
                        {d.title}
                      </Link>
                    </td>
                    <td>{d.pairs}</td>
                    <td>{share(d.raw)}</td>
                    <td>{coefficient(d.kappa, d.pairs)}</td>
                    <td>{coefficient(d.alpha, d.pairs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="ag-pairs-heading" className="ag-section">
            <h2 id="ag-pairs-heading">Per pair of reviewers</h2>
            <table className="doc-table" data-testid="agreement-pairs">
              <thead>
                <tr>
                  <th scope="col">Reviewers</th>
                  <th scope="col">Claims compared</th>
                  <th scope="col">Raw agreement</th>
                  <th scope="col">
                    Cohen&apos;s <Greek>κ</Greek>
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.reviewerPairs.map((p) => (
                  <tr key={`${p.a.id}-${p.b.id}`}>
                    <td>
                      {p.a.name} <span className="muted">&amp;</span> {p.b.name}
                    </td>
                    <td>{p.pairs}</td>
                    <td>{share(p.raw)}</td>
                    <td>{coefficient(p.kappa, p.pairs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="ag-downloads-heading" className="ag-section">
            <h2 id="ag-downloads-heading">Downloads</h2>
            <p className="ag-downloads">
              <a className="button" href={`/api/agreement${agreementSearch(filters, "csv")}`} download>
                Download CSV
              </a>{" "}
              <a className="button" href={`/api/agreement${agreementSearch(filters, "json")}`} download>
                Download JSON
              </a>
            </p>
            <p className="small muted">
              CSV: one row per claim compared (claim, document, first rater and label, second rater and label, agreed, submitted). JSON: the same rows with every
              figure on this page. Both with the filters above.
            </p>
          </section>
        </>
      ) : null}
    </main>
  );
}
