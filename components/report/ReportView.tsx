import { LABEL_NAMES } from "@/lib/domain/verdicts";
import type { Report } from "@/lib/server/report";
import { ReportArticle } from "./ReportArticle";
import { ReportClaimItem } from "./ReportClaimItem";
import { Day, safeHref, STATUS_GLYPH, STATUS_MEANING, STATUS_ORDER, When } from "./parts";
import { SummaryChart } from "./SummaryChart";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The report as a document: header, summary, the marked-up article, then every claim with its evidence. */
export function ReportView({ report }: { report: Report }) {
  const { document: doc, summary, options, claims } = report;
  const left = summary.counts.UNREVIEWED;
  const sourceHref = safeHref(doc.sourceUrl);
  return (
    <article className="rp-sheet" aria-labelledby="rp-title">
      <header className="rp-head">
        <p className="rp-kicker">
          <span>Fact-check report</span>
          <span>{report.teamName}</span>
        </p>
        <h1 id="rp-title">{doc.title}</h1>
        <dl className="rp-meta">
          {doc.publisher ? <Meta term="Publisher">{doc.publisher}</Meta> : null}
          {doc.author ? <Meta term="Author">{doc.author}</Meta> : null}
          {doc.publishedAt ? (
            <Meta term="Published">
              <Day day={doc.publishedAt} />
            </Meta>
          ) : null}
          {doc.sourceUrl ? (
            <Meta term="Source">{sourceHref ? <a className="url" data-url-shown href={sourceHref}>{doc.sourceUrl}</a> : doc.sourceUrl}</Meta>
          ) : null}
          {report.reviewers ? <Meta term={report.reviewers.length === 1 ? "Reviewer" : "Reviewers"}>{report.reviewers.length ? report.reviewers.join(", ") : "none yet"}</Meta> : null}
          <Meta term="Approval">
            {doc.approval ? (
              <span data-testid="report-approval">
                ✓ Approved by {doc.approval.by ?? "an editor"}, <When iso={doc.approval.at} />
              </span>
            ) : (
              <span data-testid="report-approval">Not approved yet: its verdicts are proposals</span>
            )}
          </Meta>
          {doc.approvalHistory.length ? (
            <Meta term="Approval history">
              <ol className="rp-approvals" data-testid="report-approval-history">
                {doc.approvalHistory.map((a, i) => (
                  <li key={i}>
                    <span aria-hidden="true">{a.kind === "APPROVED" ? "✓" : "↺"}</span> {a.kind === "APPROVED" ? "Approved" : "Reopened"}
                    {a.by ? ` by ${a.by}` : ""}, <When iso={a.at} />
                    {a.reason ? <>: {a.reason}</> : null}
                  </li>
                ))}
              </ol>
            </Meta>
          ) : null}
          <Meta term="Report date">
            <When iso={report.generatedAt} />
          </Meta>
        </dl>
      </header>

      <section className="rp-summary" aria-labelledby="rp-summary-h">
        <h2 id="rp-summary-h">Summary</h2>
        <p className="rp-lede">
          <strong>
            {summary.reviewed} of {plural(summary.total, "claim", "claims")}
          </strong>{" "}
          in this article {summary.reviewed === 1 ? "has" : "have"} been reviewed
          {summary.reviewed ? (
            <>
              : {STATUS_ORDER.filter((s) => s !== "UNREVIEWED")
                .map((s) => `${summary.counts[s]} ${LABEL_NAMES[s].toLowerCase()}`)
                .join(", ")}
            </>
          ) : null}
          .{left ? ` ${plural(left, "claim is", "claims are")} not reviewed yet${options.unreviewed ? "" : " and not listed in this report"}.` : ""}
        </p>
        <SummaryChart summary={summary} />
        <dl className="rp-key">
          {STATUS_ORDER.map((s) => (
            <div key={s}>
              <dt className={`rp-ink-${s}`}>
                <span aria-hidden="true">{STATUS_GLYPH[s]}</span> {s}
              </dt>
              <dd>{STATUS_MEANING[s]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="rp-text" aria-labelledby="rp-text-h">
        <h2 id="rp-text-h">The article</h2>
        <p className="rp-help">
          As imported, word for word. {claims.length ? "Each claim listed below is highlighted, and its number follows it." : "No claims are listed in this report."}
        </p>
        <ReportArticle text={doc.text} claims={claims} />
      </section>

      <section className="rp-list" aria-labelledby="rp-claims-h">
        <h2 id="rp-claims-h">Claims and evidence</h2>
        {claims.length ? (
          <ol className="rp-claims">
            {claims.map((c) => (
              <ReportClaimItem key={c.id} claim={c} />
            ))}
          </ol>
        ) : (
          <p className="rp-note">No claims to list{!options.unreviewed && left ? ": every claim is still unreviewed, and this report leaves unreviewed claims out" : ""}.</p>
        )}
      </section>

      <footer className="rp-foot">
        <p>
          Prepared with Claimdesk by {report.teamName}. Claims are listed in reading order; passages dismissed as not being claims are left out.
          {options.history ? " Each claim's history lists every verdict and change, oldest first, with the reason given." : ""} Times are UTC.
        </p>
      </footer>
    </article>
  );
}

function Meta({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
