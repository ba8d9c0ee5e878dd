-- An editor approves a whole document, which locks it until an editor reopens it (issue 12).
-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "approvedById" INTEGER;

