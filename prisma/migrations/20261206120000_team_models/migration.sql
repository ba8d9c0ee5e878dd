-- Claim-assistance models trained from a team's own verdicts (docs/decisions/0019).
CREATE TABLE "TeamModel" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "task" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "file" JSONB NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "examples" INTEGER NOT NULL,
    "holdout" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "trainedById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TeamModel_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "TeamModel_teamId_task_idx" ON "TeamModel"("teamId", "task");
-- At most one active model per team and task.
CREATE UNIQUE INDEX "TeamModel_one_active" ON "TeamModel"("teamId", "task") WHERE "active";

ALTER TABLE "TeamModel" ADD CONSTRAINT "TeamModel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;
