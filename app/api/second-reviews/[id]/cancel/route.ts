import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { cancelSecondReview } from "@/lib/server/second-review";
import { secondReviewCancel } from "@/lib/schemas/second-review";

export const POST = apiRoute<{ id: string }>("assignment.manage", async ({ req, params, member }) => {
  const reviewId = parseId(params.id, "The second review");
  return { body: { secondReview: await cancelSecondReview(member, reviewId, parseWith(secondReviewCancel, await readJson(req))) } };
});
