import { agreement, agreementDownload } from "@/lib/server/agreement";
import { apiRoute, parseWith } from "@/lib/server/api";
import { agreementQuery } from "@/lib/schemas/agreement";

// Inter-rater agreement of the team's submitted blind second reviews (decision 0023): the figures
// as JSON, or with format=csv|json every rating pair as a download (a plain GET link on the page).
export const GET = apiRoute("agreement.read", async ({ req, member }) => {
  const params = req.nextUrl.searchParams;
  const { format, ...filters } = parseWith(agreementQuery, {
    format: params.get("format"),
    document: params.get("document"),
    from: params.get("from"),
    to: params.get("to"),
  });
  if (format) return agreementDownload(member, filters, format);
  return { body: await agreement(member, filters) };
});
