// What the audit log records; shared by the server (writing, filtering) and the audit page.
export const AUDIT_ACTIONS = [
  "signin.success",
  "signin.failure",
  "signin.throttled",
  "signout",
  "password.change",
  "invitation.create",
  "invitation.revoke",
  "invitation.accept",
  "member.role_change",
  "member.remove",
  "verdict.record",
  "verdict.reuse",
  "document.import",
  "document.delete",
  "export.download",
  "token.create",
  "token.revoke",
  "model.train",
  "model.switch",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
