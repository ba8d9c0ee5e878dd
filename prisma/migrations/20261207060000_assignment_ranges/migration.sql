-- An assignment may cover a range of the document's claims (issue 12).
-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "rangeEnd" INTEGER,
ADD COLUMN     "rangeStart" INTEGER;

-- SQL only (decision 0006): a range is both ends or neither, and not empty.
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_range" CHECK (("rangeStart" IS NULL) = ("rangeEnd" IS NULL) AND ("rangeStart" IS NULL OR (0 <= "rangeStart" AND "rangeStart" < "rangeEnd")));
