-- The audit page lists a team's events plus its members' team-less events (sign-ins), newest first.
CREATE INDEX "AuditEvent_actorId_id_idx" ON "AuditEvent"("actorId", "id");
CREATE INDEX "AuditEvent_teamId_id_idx" ON "AuditEvent"("teamId", "id");
