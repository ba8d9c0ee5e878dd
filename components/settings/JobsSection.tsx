import type { JobDto, JobsSummary } from "@/lib/server/jobs";
import { UtcTime } from "./UtcTime";

// The team's background jobs (docs/decisions/0026-job-queue.md), for admins: counts by state and the
// newest jobs, errors first. The same data as GET /api/jobs.

const QUEUE_NAMES: Record<JobDto["queue"], string> = {
  "document-import": "Suggestions and matches after an import",
  "match-maintenance": "Known-claim matches kept current",
  "model-training": "Model retraining",
};

function JobRow({ job }: { job: JobDto }) {
  const subject = typeof job.data.documentId === "number" ? ` · document #${job.data.documentId}` : typeof job.data.task === "string" ? ` · ${job.data.task}` : "";
  return (
    <li data-testid="job" data-state={job.state}>
      <strong>{job.state}</strong> {QUEUE_NAMES[job.queue] ?? job.queue}
      {subject} · queued <UtcTime iso={job.createdOn} withSeconds />
      {job.retryCount ? ` · try ${job.retryCount + 1} of ${job.retryLimit + 1}` : ""}
      {job.error ? <div className="field-error">{job.error}</div> : null}
    </li>
  );
}

export function JobsSection({ summary }: { summary: JobsSummary | null }) {
  return (
    <section className="card" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Background jobs</h2>
      {summary === null ? (
        <p className="muted">The job queue cannot be read right now. Reload the page in a moment.</p>
      ) : (
        <>
          <p data-testid="job-counts">
            {summary.counts.queued} queued · {summary.counts.running} running · {summary.counts.failed} failed · {summary.counts.completed} completed
          </p>
          {summary.failures.length ? (
            <>
              <h3>Failed or waiting for a retry</h3>
              <ul>{summary.failures.map((j) => <JobRow key={`f${j.id}`} job={j} />)}</ul>
            </>
          ) : null}
          {summary.recent.length ? (
            <>
              <h3>Newest</h3>
              <ul>{summary.recent.map((j) => <JobRow key={j.id} job={j} />)}</ul>
            </>
          ) : (
            <p className="muted">No jobs yet: imports, verdicts and retraining queue them.</p>
          )}
        </>
      )}
    </section>
  );
}
