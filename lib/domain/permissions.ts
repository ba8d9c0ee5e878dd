// Who may do what in a team. The one place that decides; the server calls it on every mutating
// route (403 when false) and the UI uses it to hide what a role cannot do.
// Whether a row belongs to the member's team is NOT decided here: that is in every query's
// `where`, and a foreign row is 404 (docs/decisions/0005-authorization-in-the-query.md).

export const ROLES = ["ADMIN", "EDITOR", "REVIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  "document.read",
  "document.import",
  "document.delete",
  "claim.add", // add by selection, split, merge, dismiss, restore: curating candidates
  "verdict.record",
  "verdict.signoff", // approve a verdict, or return it to the reviewer
  "attribution.edit",
  "report.export",
  "assignment.manage", // assign documents to reviewers, see every reviewer's queue
  "agreement.read", // inter-rater agreement of blind second reviews: figures per reviewer
  "member.read",
  "member.invite",
  "member.changeRole",
  "member.remove",
  "team.settings",
  "audit.read",
  "token.manage", // one's own API tokens
  "jobs.read", // the team's background jobs: queued, running, failed (GET /api/jobs)
] as const;
export type Action = (typeof ACTIONS)[number];

const RANK: Record<Role, number> = { REVIEWER: 1, EDITOR: 2, ADMIN: 3 };

/** The least role that may take each action; each higher role may too. */
const LEAST_ROLE: Record<Action, Role> = {
  "document.read": "REVIEWER",
  "document.import": "EDITOR",
  "document.delete": "ADMIN",
  "claim.add": "REVIEWER",
  "verdict.record": "REVIEWER",
  "verdict.signoff": "EDITOR",
  "attribution.edit": "EDITOR",
  "report.export": "EDITOR",
  "assignment.manage": "EDITOR",
  "agreement.read": "EDITOR",
  "member.read": "REVIEWER",
  "member.invite": "ADMIN",
  "member.changeRole": "ADMIN",
  "member.remove": "ADMIN",
  "team.settings": "ADMIN",
  "audit.read": "ADMIN",
  "token.manage": "REVIEWER",
  "jobs.read": "ADMIN",
};

export function can(member: { role: Role }, action: Action): boolean {
  return RANK[member.role] >= RANK[LEAST_ROLE[action]];
}

export const ROLE_NAMES: Record<Role, string> = { ADMIN: "Admin", EDITOR: "Editor", REVIEWER: "Reviewer" };
