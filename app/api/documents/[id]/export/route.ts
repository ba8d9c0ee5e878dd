import { apiRoute, parseId, parseWith } from "@/lib/server/api";
import { exportDocument, publicOrigin } from "@/lib/server/exports";
import { documentExportQuery } from "@/lib/schemas/export";

// One document's claims as CSV, JSON (with the full text) or ClaimReview JSON-LD.
export const GET = apiRoute<{ id: string }>("report.export", async ({ req, params, member }) => {
  const id = parseId(params.id, "The document");
  const q = req.nextUrl.searchParams;
  const { format, proposed } = parseWith(documentExportQuery, { format: q.get("format"), proposed: q.get("proposed") });
  return exportDocument(member, id, { format, origin: publicOrigin(req), proposed });
});
