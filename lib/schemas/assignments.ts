import { z } from "zod";
import { bodyId, int4, optionalDate, optionalText } from "./common";

const offset = (name: string) => int4(`${name} must be a whole number of characters from the start of the text (0 or more).`, 0);

/** POST /api/documents/:id/assignments: assign the document to one or more reviewers of the team. */
export const assignmentCreate = z.object({
  reviewerIds: z
    .array(bodyId("Each reviewer id must be the user id of a member of this team (a positive whole number)."), {
      error: "reviewerIds must be a list of the user ids of members of this team.",
    })
    .min(1, { error: "Choose at least one reviewer." })
    .max(50, { error: "Assign at most 50 reviewers at once." }),
  dueOn: optionalDate("The due date"),
  note: optionalText(2_000, "The note"),
  /** Only the claims inside [start, end) (code points, as claims' offsets); absent: the whole document. */
  range: z
    .object({ start: offset("range.start"), end: offset("range.end") }, { error: "range must be { start, end }: the offsets of the first claim's start and the last claim's end." })
    .refine((r) => r.start < r.end, { path: ["end"], error: "range.end must be after range.start." })
    .optional(),
});
export type AssignmentCreate = z.infer<typeof assignmentCreate>;

/** POST /api/documents/:id/reopen: an editor unlocks an approved document, saying why. */
export const documentReopen = z.object({ reason: optionalText(2_000, "The reason") });

/** POST /api/notifications/read: these notifications (or, without ids, all of them) are read. */
export const notificationsRead = z.object({
  ids: z
    .array(bodyId("Each id must be the id of one of your notifications (a positive whole number)."), { error: "ids must be a list of notification ids, or left out for all." })
    .max(500, { error: "Mark at most 500 notifications at once, or leave ids out for all." })
    .optional(),
});
