import { apiRoute, parseId, parseWith, readJson } from "@/lib/server/api";
import { assignDocument, documentAssignments } from "@/lib/server/assignments";
import { assignmentCreate } from "@/lib/schemas/assignments";

export const GET = apiRoute<{ id: string }>("document.read", async ({ params, member }) => ({
  body: { assignments: await documentAssignments(member, parseId(params.id, "The document")) },
}));

export const POST = apiRoute<{ id: string }>("assignment.manage", async ({ req, params, member }) => {
  const documentId = parseId(params.id, "The document");
  return { status: 201, body: { assignments: await assignDocument(member, documentId, parseWith(assignmentCreate, await readJson(req))) } };
});
