-- Editor sign-off of verdicts (issue 12): PROPOSED until an editor approves or returns it.
-- CreateEnum
CREATE TYPE "SignOff" AS ENUM ('PROPOSED', 'APPROVED', 'RETURNED');

-- AlterEnum
ALTER TYPE "ClaimEventKind" ADD VALUE 'APPROVED';
ALTER TYPE "ClaimEventKind" ADD VALUE 'RETURNED';

-- AlterTable
ALTER TABLE "Claim" ADD COLUMN     "signoff" "SignOff" NOT NULL DEFAULT 'PROPOSED',
ADD COLUMN     "signoffAt" TIMESTAMP(3),
ADD COLUMN     "signoffBy" TEXT,
ADD COLUMN     "signoffById" INTEGER,
ADD COLUMN     "signoffNote" TEXT;

