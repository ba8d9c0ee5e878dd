-- In-app notifications (issue 12): assigned, returned, approved, due soon.
-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('ASSIGNED', 'RETURNED', 'APPROVED', 'DUE_SOON');

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "documentId" INTEGER,
    "claimId" INTEGER,
    "text" TEXT NOT NULL,
    "dedupe" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_userId_teamId_id_idx" ON "Notification"("userId", "teamId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_dedupe_key" ON "Notification"("userId", "dedupe");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_teamId_fkey" FOREIGN KEY ("userId", "teamId") REFERENCES "Membership"("userId", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;

-- SQL only (decision 0006): a notification about a document goes with it (the id may be NULL: MATCH SIMPLE).
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_document_fkey" FOREIGN KEY ("documentId", "teamId") REFERENCES "Document"("id", "teamId") ON DELETE CASCADE;
