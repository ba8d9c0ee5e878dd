import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { documentSecondReviews, requestSecondReview } from "@/lib/server/second-review";
import { secondReviewCreate } from "@/lib/schemas/second-review";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: { secondReviews: await documentSecondReviews(member, parseId(params.id, "The document")) },
}));

export const POST = apiRoute<{ id: string }>("assignment.manage", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  return { status: 201, body: { secondReview: await requestSecondReview(member, documentId, parseWith(secondReviewCreate, await readJson(req))) } };
});
