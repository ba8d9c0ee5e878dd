import { describe, expect, it } from "vitest";
import { ACTIONS, can, ROLES, type Action, type Role } from "@/lib/domain/permissions";

// The full matrix, written out by hand from the issue: a change to a permission must change this table.
const Y = true;
const N = false;
const MATRIX: Record<Action, Record<Role, boolean>> = {
  "document.read": { ADMIN: Y, EDITOR: Y, REVIEWER: Y },
  "document.import": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "document.delete": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "claim.add": { ADMIN: Y, EDITOR: Y, REVIEWER: Y },
  "verdict.record": { ADMIN: Y, EDITOR: Y, REVIEWER: Y },
  "verdict.signoff": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "attribution.edit": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "report.export": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "assignment.manage": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "agreement.read": { ADMIN: Y, EDITOR: Y, REVIEWER: N },
  "member.read": { ADMIN: Y, EDITOR: Y, REVIEWER: Y },
  "member.invite": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "member.changeRole": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "member.remove": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "team.settings": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "audit.read": { ADMIN: Y, EDITOR: N, REVIEWER: N },
  "token.manage": { ADMIN: Y, EDITOR: Y, REVIEWER: Y },
  "jobs.read": { ADMIN: Y, EDITOR: N, REVIEWER: N },
};

describe("can(member, action)", () => {
  it("has a row in the table for every action", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...ACTIONS].sort());
  });
  for (const action of ACTIONS)
    for (const role of ROLES)
      it(`${role} ${MATRIX[action][role] ? "may" : "may not"} ${action}`, () => {
        expect(can({ role }, action)).toBe(MATRIX[action][role]);
      });
});
