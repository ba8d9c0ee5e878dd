import { apiRoute } from "@/lib/server/api";
import { teamJobs } from "@/lib/server/jobs";

// The team's background jobs (docs/decisions/0026-job-queue.md): admins only; the team is in the query.
export const GET = apiRoute("jobs.read", async ({ member }) => ({ body: await teamJobs(member.teamId) }));
