import { apiRoute, parseId } from "@/lib/server/api";
import { submitSecondReview } from "@/lib/server/second-review";

export const POST = apiRoute<{ id: string }>("verdict.record", async ({ params, member }) => ({
  body: { secondReview: await submitSecondReview(member, parseId(params.id, "The second review")) },
}));
