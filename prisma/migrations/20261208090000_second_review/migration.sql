

-- CreateEnum
CREATE TYPE "SecondReviewState" AS ENUM ('OPEN', 'ADJUDICATION', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DocumentEventKind" AS ENUM ('ASSIGNED', 'UNASSIGNED', 'APPROVED', 'REOPENED', 'SECOND_REVIEW_REQUESTED', 'SECOND_REVIEW_SUBMITTED', 'SECOND_REVIEW_CANCELLED', 'ADJUDICATED');

-- CreateTable
CREATE TABLE "SecondReview" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "requestedById" INTEGER,
    "percent" INTEGER NOT NULL,
    "claimIds" INTEGER[],
    "state" "SecondReviewState" NOT NULL DEFAULT 'OPEN',
    "dueOn" DATE,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "SecondReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecondVerdict" (
    "id" SERIAL NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "claimId" INTEGER NOT NULL,
    "label" "VerdictLabel" NOT NULL,
    "rationale" TEXT,
    "sources" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstVerdictId" INTEGER,
    "adjudication" TEXT,
    "adjudicatedById" INTEGER,
    "adjudicatedAt" TIMESTAMP(3),
    "adjudicationReason" TEXT,
    "finalVerdictId" INTEGER,

    CONSTRAINT "SecondVerdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentEvent" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "kind" "DocumentEventKind" NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "actorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecondReview_teamId_reviewerId_state_idx" ON "SecondReview"("teamId", "reviewerId", "state");

-- CreateIndex
CREATE INDEX "SecondReview_documentId_state_idx" ON "SecondReview"("documentId", "state");

-- CreateIndex
CREATE INDEX "SecondVerdict_claimId_idx" ON "SecondVerdict"("claimId");

-- CreateIndex
CREATE UNIQUE INDEX "SecondVerdict_reviewId_claimId_key" ON "SecondVerdict"("reviewId", "claimId");

-- CreateIndex
CREATE INDEX "DocumentEvent_documentId_id_idx" ON "DocumentEvent"("documentId", "id");

-- AddForeignKey
ALTER TABLE "SecondReview" ADD CONSTRAINT "SecondReview_documentId_teamId_fkey" FOREIGN KEY ("documentId", "teamId") REFERENCES "Document"("id", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecondVerdict" ADD CONSTRAINT "SecondVerdict_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "SecondReview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SecondVerdict" ADD CONSTRAINT "SecondVerdict_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentEvent" ADD CONSTRAINT "DocumentEvent_documentId_teamId_fkey" FOREIGN KEY ("documentId", "teamId") REFERENCES "Document"("id", "teamId") ON DELETE CASCADE ON UPDATE CASCADE;


-- SQL only: at most one second review in progress (open or in adjudication) per document.
CREATE UNIQUE INDEX "SecondReview_one_in_progress" ON "SecondReview"("documentId") WHERE state IN ('OPEN', 'ADJUDICATION');

-- A document's history is append-only, as verdicts and claim events are.
CREATE TRIGGER "DocumentEvent_append_only" BEFORE UPDATE OR DELETE ON "DocumentEvent"
  FOR EACH ROW EXECUTE FUNCTION claimdesk_append_only();
