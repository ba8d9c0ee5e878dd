-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'EDITOR', 'REVIEWER');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('UNREVIEWED', 'SOURCED', 'DISPUTED', 'OPINION');

-- CreateEnum
CREATE TYPE "VerdictLabel" AS ENUM ('SOURCED', 'DISPUTED', 'OPINION');

-- CreateEnum
CREATE TYPE "ClaimOrigin" AS ENUM ('SEGMENTER', 'MANUAL', 'SPLIT', 'MERGE');

-- CreateEnum
CREATE TYPE "ClaimEventKind" AS ENUM ('CREATED', 'ATTRIBUTION', 'DISMISSED', 'RESTORED', 'SPLIT', 'MERGED');

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "teamId" INTEGER NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'REVIEWER',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "sourceUrl" TEXT,
    "publisher" TEXT,
    "author" TEXT,
    "publishedAt" DATE,
    "text" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "length" INTEGER NOT NULL,
    "importedById" INTEGER NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Claim" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "documentId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "exact" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "suffix" TEXT NOT NULL,
    "speaker" TEXT,
    "cue" TEXT,
    "status" "ClaimStatus" NOT NULL DEFAULT 'UNREVIEWED',
    "version" INTEGER NOT NULL DEFAULT 1,
    "origin" "ClaimOrigin" NOT NULL DEFAULT 'SEGMENTER',
    "dismissedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verdict" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "claimId" INTEGER NOT NULL,
    "label" "VerdictLabel" NOT NULL,
    "rationale" TEXT,
    "reason" TEXT,
    "reviewerId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Verdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "verdictId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "publisher" TEXT,
    "quote" TEXT,
    "accessedAt" DATE,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClaimEvent" (
    "id" SERIAL NOT NULL,
    "claimId" INTEGER NOT NULL,
    "kind" "ClaimEventKind" NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "actorId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClaimEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_teamId_idx" ON "Membership"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_teamId_key" ON "Membership"("userId", "teamId");

-- CreateIndex
CREATE INDEX "Document_teamId_importedAt_idx" ON "Document"("teamId", "importedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Document_teamId_sha256_key" ON "Document"("teamId", "sha256");

-- CreateIndex
CREATE INDEX "Claim_documentId_start_idx" ON "Claim"("documentId", "start");

-- CreateIndex
CREATE INDEX "Claim_teamId_status_idx" ON "Claim"("teamId", "status");

-- CreateIndex
CREATE INDEX "Verdict_teamId_createdAt_idx" ON "Verdict"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Verdict_claimId_version_key" ON "Verdict"("claimId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Source_verdictId_position_key" ON "Source"("verdictId", "position");

-- CreateIndex
CREATE INDEX "ClaimEvent_claimId_createdAt_idx" ON "ClaimEvent"("claimId", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verdict" ADD CONSTRAINT "Verdict_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verdict" ADD CONSTRAINT "Verdict_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verdict" ADD CONSTRAINT "Verdict_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_verdictId_fkey" FOREIGN KEY ("verdictId") REFERENCES "Verdict"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimEvent" ADD CONSTRAINT "ClaimEvent_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClaimEvent" ADD CONSTRAINT "ClaimEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Integrity the application relies on, enforced by the database itself.
ALTER TABLE "Claim" ADD CONSTRAINT "Claim_span_check" CHECK ("start" >= 0 AND "end" > "start");
ALTER TABLE "Document" ADD CONSTRAINT "Document_length_check" CHECK ("length" > 0 AND "length" = char_length("text"));

-- The original article text never changes after import.
CREATE FUNCTION claimdesk_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."text" IS DISTINCT FROM OLD."text" OR NEW."sha256" IS DISTINCT FROM OLD."sha256"
     OR NEW."length" IS DISTINCT FROM OLD."length" OR NEW."teamId" IS DISTINCT FROM OLD."teamId" THEN
    RAISE EXCEPTION 'document % text is immutable', OLD."id" USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "Document_immutable" BEFORE UPDATE ON "Document"
  FOR EACH ROW EXECUTE FUNCTION claimdesk_document_immutable();

-- History is append-only: no UPDATE ever; DELETE only inside a transaction that purges a whole
-- document or team on purpose (SET LOCAL claimdesk.purge = 'on'), e.g. through ON DELETE CASCADE.
CREATE FUNCTION claimdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('claimdesk.purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER "Verdict_append_only" BEFORE UPDATE OR DELETE ON "Verdict"
  FOR EACH ROW EXECUTE FUNCTION claimdesk_append_only();
CREATE TRIGGER "Source_append_only" BEFORE UPDATE OR DELETE ON "Source"
  FOR EACH ROW EXECUTE FUNCTION claimdesk_append_only();
CREATE TRIGGER "ClaimEvent_append_only" BEFORE UPDATE OR DELETE ON "ClaimEvent"
  FOR EACH ROW EXECUTE FUNCTION claimdesk_append_only();
