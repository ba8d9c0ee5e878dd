import { apiRoute, parseWith } from "@/lib/server/api";
import { exportTeam, publicOrigin } from "@/lib/server/exports";
import { teamExportQuery } from "@/lib/schemas/export";

// The team-wide export, streamed from a database cursor (docs/decisions/0008-export-formats.md).
// A GET link on purpose: the exports page offers it as a plain download, cookie-authenticated.
export const GET = apiRoute("report.export", async ({ req, member }) => {
  const params = req.nextUrl.searchParams;
  const { format, proposed, ...filters } = parseWith(teamExportQuery, {
    format: params.get("format"),
    proposed: params.get("proposed"),
    from: params.get("from"),
    to: params.get("to"),
    verdict: params.get("verdict"),
    reviewer: params.get("reviewer"),
    document: params.get("document"),
  });
  return exportTeam(member, filters, { format, origin: publicOrigin(req), proposed });
});
