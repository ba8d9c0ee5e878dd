-- Editors assign documents to reviewers (issue 12): an assignment names a document and a member of the same team.
-- CreateTable
CREATE TABLE "Assignment" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "assignedById" INTEGER,
    "dueOn" DATE,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Assignment_teamId_reviewerId_idx" ON "Assignment"("teamId", "reviewerId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_documentId_reviewerId_key" ON "Assignment"("documentId", "reviewerId");

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_documentId_teamId_fkey" FOREIGN KEY ("documentId", "teamId") REFERENCES "Document"("id", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_reviewerId_teamId_fkey" FOREIGN KEY ("reviewerId", "teamId") REFERENCES "Membership"("userId", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;

