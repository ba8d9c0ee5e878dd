import "server-only";
import type { Prisma } from "@prisma/client";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { claimReview, type ClaimReviewContext } from "@/lib/domain/exports/claimreview";
import { CSV_COLUMNS, csvHeader } from "@/lib/domain/exports/csv";
import { CsvLineEnds } from "@/lib/domain/exports/csv-lines";
import { attachment, exportFilename } from "@/lib/domain/exports/http";
import { claimRecord, documentJson, teamJson, type ExportTeam } from "@/lib/domain/exports/json";
import type { ExportDocumentMeta, JsonExportRow } from "@/lib/domain/exports/row";
import type { ExportFilters, ExportFormat } from "@/lib/schemas/export";
import { audit, type AuditEntry } from "./audit";
import { db } from "./db";
import { documentMetaSelect } from "./dto";
import { AppError, notFound } from "./errors";
import { streamPool } from "./pg-pool";
import { blindDocumentIds, refuseIfBlind } from "./second-review";
import type { Member } from "./session";

// Exports stream straight from a PostgreSQL cursor (docs/decisions/0008-export-formats.md):
// DECLARE … CURSOR in a read-only transaction on a dedicated connection, FETCH 2,000 rows at a
// time when the download asks for more (ReadableStream pull = backpressure), one batch fetched
// ahead so the database works while this process formats. Memory stays bounded by a few batches
// whatever the size of the export; the connection goes back to the pool on completion, on error
// and when the client goes away (cancel).

export const BATCH_ROWS = 2_000;

/**
 * A consumer that stops reading but keeps the connection open would hold a transaction forever;
 * Postgres ends such a session after this long idle, the next FETCH fails and the stream errors.
 */
const IDLE_IN_TRANSACTION = "5min";
/** The same allowance for a COPY whose reader stopped reading (see copyStream). */
const COPY_STALL_MS = 5 * 60_000;

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  json: "application/json",
  claimreview: "application/ld+json",
} as const;

// ---------------------------------------------------------------------------------------------
// The query: one statement, the database joins everything. The current verdict is a primary-key
// join on Claim.currentVerdictId (kept by a trigger on Verdict, migration 20261209090000), not a
// probe of the verdict table per claim; its sources, ready-made in position order, a primary-key
// join on VerdictSources (kept by a trigger on Source, migration 20261209110000).

const ISO_TIME = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`; // Prisma stores UTC in timestamp(3) without time zone

type Sql = { text: string; values: (string | number)[] };

/** FROM … WHERE … ORDER BY of every format, with its parameters; `teamId` is always $1 and in the WHERE clause (decision 0005). */
function exportFrom(teamId: number, filters: ExportFilters, format: ExportFormat, proposed: boolean, hidden: readonly number[]): Sql {
  const values: (string | number)[] = [teamId];
  const param = (v: string | number) => `$${values.push(v)}`;
  const where = [`c."teamId" = $1`, `c."dismissedAt" IS NULL`];
  if (hidden.length) where.push(`c."documentId" <> ALL(${param(`{${hidden.join(",")}}`)}::int[])`);
  if (filters.document !== undefined) where.push(`c."documentId" = ${param(filters.document)}`);
  if (filters.verdict !== undefined) where.push(`c.status = ${param(filters.verdict)}::"ClaimStatus"`);
  if (filters.reviewer !== undefined) where.push(`v."reviewerId" = ${param(filters.reviewer)}`);
  if (filters.from !== undefined) where.push(`v."createdAt" >= ${param(filters.from)}::date`);
  if (filters.to !== undefined) where.push(`v."createdAt" < ${param(filters.to)}::date + 1`);
  if (format === "claimreview") where.push(`c.status IN ('SOURCED', 'DISPUTED')`);
  // ClaimReview is for publishing: editor-approved verdicts only, unless proposed ones are asked for.
  if (format === "claimreview" && !proposed) where.push(`c.signoff = 'APPROVED'`);

  const text = `
    FROM "Claim" c
    JOIN "Document" d ON d.id = c."documentId" AND d."teamId" = c."teamId"
    LEFT JOIN "Verdict" v ON v.id = c."currentVerdictId" AND v."teamId" = c."teamId"
    LEFT JOIN "User" u ON u.id = v."reviewerId"
    LEFT JOIN "VerdictSources" src ON src."verdictId" = v.id
    WHERE ${where.join(" AND ")}
    ORDER BY c."documentId", c.start, c."end", c.id`;
  return { text, values };
}

/**
 * The export query for a team: rows for the cursor (JSON, ClaimReview; CSV goes through COPY).
 * `hidden`: documents left out, those the exporter is the blind second reviewer of (decision 0022).
 */
export function exportSql(teamId: number, filters: ExportFilters, format: ExportFormat, proposed = false, hidden: readonly number[] = []): Sql {
  const from = exportFrom(teamId, filters, format, proposed, hidden);
  const sourceColumns = format === "csv" ? `src."sourcesText", src."sourceUrls"` : `src.sources`;
  const text = `
    SELECT c.id, c."documentId", d.title AS "documentTitle", d."sourceUrl" AS "documentUrl",
           c.start, c."end", c.exact, c.prefix, c.suffix, c.speaker, c.cue,
           c.status::text AS status, c.origin::text AS origin, c.version,
           to_char(c."createdAt", ${ISO_TIME}) AS "createdAt",
           v.label::text AS "verdictLabel", v.version AS "verdictVersion", v.rationale, v.reason,
           to_char(v."createdAt", ${ISO_TIME}) AS "verdictAt",
           v."reviewerId", u.name AS "reviewerName", u.email AS "reviewerEmail",
           ${sourceColumns}
    ${from.text}`;
  return { text, values: from.values };
}

/**
 * A text cell of the CSV in SQL, as csv.ts's text() writes it: neutralised against formulas (an
 * apostrophe first), and NULL for null or empty, which COPY writes as an empty unquoted field (an
 * empty string it would write as ""). Quoting is COPY's own, the same rule as csvField: a value
 * holding a quote, comma, CR or LF. The formula test is csv.ts's FORMULA_START with JavaScript's
 * \s spelt out (Unicode white space; Postgres' [[:space:]] depends on the locale); ascii() (the
 * first code point) lets the regular expression run only on the few values that could match.
 */
const JS_WHITE_SPACE = String.raw`\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;
const FORMULA_START_SQL = String.raw`^''*([\t\r\n]|[${JS_WHITE_SPACE}]*[=+@-])`;
const FORMULA_FIRST_CODES = [9, 10, 11, 12, 13, 32, 39, 43, 45, 61, 64, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288, 65279];
const csvTextSql = (x: string) =>
  `NULLIF(CASE WHEN ascii(${x}) IN (${FORMULA_FIRST_CODES.join(", ")}) THEN CASE WHEN ${x} ~ '${FORMULA_START_SQL}' THEN '''' || ${x} ELSE ${x} END ELSE ${x} END, '')`;

/** A query's parameters written into its text, for COPY, which takes none (the simple query protocol). */
function inlined(sql: Sql): string {
  return sql.text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = sql.values[Number(n) - 1];
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw new Error(`export parameter $${n} is not an integer`);
      return String(value);
    }
    if (typeof value === "string") return pg.escapeLiteral(value);
    throw new Error(`export parameter $${n} is missing`);
  });
}

/**
 * The CSV export as one COPY statement: PostgreSQL writes the records (csv.ts's columns and rules,
 * byte for byte but for the line ends, which CsvLineEnds turns into CRLF), and this process only
 * passes the bytes on. Parsing a million rows into objects and formatting them in JavaScript took
 * ~10 s of this process's CPU (bench/RESULTS.md, issue 13).
 */
export function exportCsvCopySql(teamId: number, filters: ExportFilters, hidden: readonly number[] = []): string {
  const from = exportFrom(teamId, filters, "csv", false, hidden);
  const cells = [
    `c."documentId"`,
    csvTextSql(`d.title`),
    csvTextSql(`d."sourceUrl"`),
    `c.id`,
    `c.start`,
    `c."end"`,
    csvTextSql(`c.exact`),
    csvTextSql(`c.prefix`),
    csvTextSql(`c.suffix`),
    csvTextSql(`c.speaker`),
    csvTextSql(`c.cue`),
    `c.status`,
    csvTextSql(`v.rationale`),
    csvTextSql(`v.reason`),
    csvTextSql(`src."sourcesText"`),
    csvTextSql(`src."sourceUrls"`),
    csvTextSql(`u.name`),
    csvTextSql(`u.email`),
    `to_char(v."createdAt", ${ISO_TIME})`,
    `to_char(c."createdAt", ${ISO_TIME})`,
    `c.version`,
  ];
  if (cells.length !== CSV_COLUMNS.length) throw new Error("the COPY export's cells do not match CSV_COLUMNS");
  return `COPY (SELECT ${cells.join(",\n           ")}\n    ${inlined(from)}) TO STDOUT WITH (FORMAT csv)`;
}

function documentMeta(d: Prisma.DocumentGetPayload<{ select: typeof documentMetaSelect }>): ExportDocumentMeta {
  return {
    id: d.id,
    title: d.title,
    sourceUrl: d.sourceUrl,
    publisher: d.publisher,
    author: d.author,
    publishedAt: d.publishedAt ? d.publishedAt.toISOString().slice(0, 10) : null,
    importedAt: d.importedAt.toISOString(),
    sha256: d.sha256,
    length: d.length,
  };
}

/**
 * The metadata (not the text) of the team's documents, for the JSON document objects and
 * ClaimReview's itemReviewed: read once, in the cursor's snapshot, rather than repeated on each of a
 * million rows (which had the database format the same dates a million times). A team has hundreds
 * or thousands of documents, a few hundred bytes each.
 */
async function documentMetas(cursor: Cursor<unknown>, teamId: number, documentId?: number): Promise<Map<number, ExportDocumentMeta>> {
  const rows = await cursor.read<ExportDocumentMeta>(
    `SELECT id, title, "sourceUrl", publisher, author, to_char("publishedAt", 'YYYY-MM-DD') AS "publishedAt",
            to_char("importedAt", ${ISO_TIME}) AS "importedAt", sha256, length
     FROM "Document" WHERE "teamId" = $1 ${documentId === undefined ? "" : "AND id = $2"}`,
    documentId === undefined ? [teamId] : [teamId, documentId],
  );
  return new Map(rows.map((d) => [d.id, d]));
}

// ---------------------------------------------------------------------------------------------
// The cursor.

type Cursor<R> = {
  /** A query in the cursor's snapshot, before the first fetch. */
  read<T>(text: string, values: unknown[]): Promise<T[]>;
  /** FETCHes the next batch, handing each row to onRow as it arrives; resolves with the row count. */
  fetch(onRow: (row: R) => void): Promise<number>;
  finish(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
};

/** A connection of the export pool; 429 when every one is busy with an export for longer than the pool waits. */
async function exportConnection(): Promise<pg.PoolClient> {
  try {
    return await streamPool().connect();
  } catch (error) {
    if (error instanceof Error && /timeout/i.test(error.message))
      throw new AppError("TOO_MANY_REQUESTS", "Too many exports are running at the moment. Try again in a minute.");
    throw error;
  }
}

/**
 * An export's connection in its own transaction: one snapshot for the whole file (the document list
 * read beside it included), and nothing this connection could change by mistake. `start` runs in
 * it (DECLARE, or COPY); the connection is released on every path, once.
 */
async function openExportTransaction<T>(start: (client: pg.PoolClient) => Promise<T> | T) {
  const client = await exportConnection();
  let started: T;
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION}'`);
    started = await start(client);
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
  let released = false;
  const release = (error?: unknown) => {
    if (released) return;
    released = true;
    // A connection that failed mid-transaction is closed rather than reused.
    client.release(error ? (error instanceof Error ? error : new Error(String(error))) : undefined);
  };
  return {
    client,
    started,
    release,
    isReleased: () => released,
    async finish() {
      if (released) return;
      try {
        await client.query("COMMIT");
        release();
      } catch (error) {
        release(error);
        throw error;
      }
    },
  };
}

async function openCursor<R>(sql: Sql): Promise<Cursor<R>> {
  // A DECLAREd cursor is planned for a fast start (cursor_tuple_fraction), which is what lets the
  // first bytes leave within milliseconds instead of after a sort of the whole team.
  const tx = await openExportTransaction((client) => client.query({ text: `DECLARE claimdesk_export NO SCROLL CURSOR FOR ${sql.text}`, values: sql.values }));
  const { client, release, finish } = tx;
  return {
    async read<T>(text: string, values: unknown[]) {
      return (await client.query<T & pg.QueryResultRow>(text, values)).rows;
    },
    fetch(onRow) {
      // Never "0 rows" for a closed cursor: that would end the file as if it were complete.
      if (tx.isReleased()) return Promise.reject(new Error("The export's cursor is already closed."));
      return new Promise<number>((resolve, reject) => {
        // Rows go to onRow one by one and are not collected into a result (a "row" listener and no
        // callback): each dies as soon as it is encoded.
        const query = new pg.Query<R & pg.QueryResultRow>(`FETCH ${BATCH_ROWS} FROM claimdesk_export`);
        let count = 0;
        let failed: unknown = null;
        query.on("row", (row: R) => {
          count++;
          if (failed) return;
          try {
            onRow(row);
          } catch (error) {
            failed = error; // thrown here, it would land inside node-postgres's protocol handler
          }
        });
        query.on("end", () => (failed ? reject(failed) : resolve(count)));
        query.on("error", reject);
        client.query(query);
      });
    },
    finish,
    async abort(reason) {
      if (tx.isReleased()) return;
      // Queued behind any FETCH still running on this connection; then the connection is clean.
      try {
        await client.query("ROLLBACK");
        release(reason instanceof Error ? reason : undefined);
      } catch (error) {
        release(error);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// COPY: the CSV export.

type CopyOut = {
  /** The CSV bytes as COPY writes them, chunk by chunk; pulled, so the database waits for the socket. */
  chunks: AsyncIterator<Buffer>;
  finish(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
};

/** The same connection and transaction as openCursor (one snapshot, read-only, released on every path), running one COPY … TO STDOUT. */
async function openCopy(text: string): Promise<CopyOut> {
  const { started: stream, release, finish, isReleased } = await openExportTransaction((client) => client.query(copyTo(text)));
  return {
    chunks: stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
    finish,
    async abort(reason) {
      if (isReleased()) return;
      stream.destroy();
      // Mid-COPY the connection cannot be reused: it is closed (Postgres ends the statement with it).
      release(reason instanceof Error ? reason : new Error("The export was cancelled."));
    },
  };
}

/** The CSV download: the BOM and header, then COPY's records with CRLF line ends. */
function copyStream(copy: CopyOut, head: string, label: string): ReadableStream<Uint8Array> {
  const lineEnds = new CsvLineEnds();
  let cancelled = false;
  // During COPY the backend is busy sending, not idle in its transaction, so Postgres' idle timeout
  // (the cursor's guard) never fires for a client that stops reading: this timer does the same. It
  // runs while a chunk waits for the reader, from enqueue to the next pull.
  let stall: NodeJS.Timeout | undefined;
  const watch = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      cancelled = true;
      void copy.abort(new Error("The export's reader stopped reading."));
      controller.error(new Error(`The export was stopped: nothing was read from it for ${COPY_STALL_MS / 60_000} minutes.`));
    }, COPY_STALL_MS);
    stall.unref();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(Buffer.from(head, "utf8"));
        watch(controller);
      },
      async pull(controller) {
        clearTimeout(stall); // the reader wants more: only the database's pace counts until the next chunk
        try {
          const next = await copy.chunks.next();
          if (cancelled) return;
          if (next.done) {
            await copy.finish();
            controller.close();
          } else {
            controller.enqueue(lineEnds.convert(next.value));
            watch(controller);
          }
        } catch (error) {
          if (cancelled) return;
          const id = crypto.randomUUID();
          console.error(`[export] ${label} failed mid-stream (error id ${id}); the download is cut short`, error);
          await copy.abort(error);
          controller.error(error);
        }
      },
      async cancel() {
        cancelled = true;
        clearTimeout(stall);
        await copy.abort();
      },
    },
    { highWaterMark: 1 },
  );
}

// ---------------------------------------------------------------------------------------------
// Streams.

/** How a format writes: its opening, one row (may be ""), and its closing once the rows are done. */
type Encoder<R> = { head: string; row(row: R): string; tail(): string };

/**
 * A batch's bytes, written row by row into one buffer outside the JS heap. Building the batch as one
 * string instead would allocate a megabyte-sized string per batch, which V8 puts straight into its
 * large-object space, freed only by a full collection: those piled up to ~90 MB of heap over a
 * million rows. Row strings are small and die young.
 */
class BatchBytes {
  private buf: Buffer;
  private len = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }
  write(text: string) {
    if (!text) return;
    const worst = text.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    if (this.buf.length - this.len < worst) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + worst));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.len += this.buf.write(text, this.len, "utf8");
  }
  bytes(): Buffer | null {
    return this.len ? this.buf.subarray(0, this.len) : null;
  }
}
const BATCH_BYTES = BATCH_ROWS * 640; // a CSV row is ~500 bytes, a JSON claim ~700

/**
 * A byte stream of head, the encoded rows batch by batch, and tail. pull() runs only when the
 * consumer (Next writing to the socket, which waits for 'drain') wants more. One batch is fetched
 * ahead, each row encoded the moment it arrives: the database works while the previous batch is
 * written, and rows die young (no batch of row objects waits around long enough to be promoted to
 * V8's old generation): only encoded bytes, outside the JS heap, wait for the socket.
 */
function cursorStream<R>(cursor: Cursor<R>, encoder: Encoder<R>, label: string): ReadableStream<Uint8Array> {
  type Batch = { bytes: Buffer | null; last: boolean };
  let ahead: Promise<Batch> | null = null;
  let cancelled = false;
  const fetchAhead = () => {
    const out = new BatchBytes(BATCH_BYTES);
    const p = cursor.fetch((row) => out.write(encoder.row(row))).then((count): Batch => {
      const last = count < BATCH_ROWS;
      if (last) out.write(encoder.tail());
      return { bytes: out.bytes(), last };
    });
    p.catch(() => {}); // awaited in pull; this keeps a failure there from being "unhandled" meanwhile
    ahead = p;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        // Headers and the first bytes leave at once, before the first batch.
        controller.enqueue(Buffer.from(encoder.head, "utf8"));
        fetchAhead();
      },
      async pull(controller) {
        try {
          const batch = await ahead!;
          if (cancelled) return;
          if (batch.last) await cursor.finish();
          else fetchAhead();
          if (batch.bytes) controller.enqueue(batch.bytes);
          if (batch.last) controller.close();
        } catch (error) {
          if (cancelled) return;
          const id = crypto.randomUUID();
          console.error(`[export] ${label} failed mid-stream (error id ${id}); the download is cut short`, error);
          await cursor.abort(error);
          controller.error(error);
        }
      },
      async cancel() {
        // The client went away (closed tab, aborted fetch): give the connection back now.
        cancelled = true;
        await cursor.abort();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * gzip is left to `next start`'s compression middleware (compress: true, the default), which
 * compresses the stream as it goes, keeps backpressure and adds Content-Encoding and Vary. A route
 * handler cannot gzip by itself: Next drops a handler's own Content-Encoding header (the bytes would
 * go out gzipped but labelled as plain text). Two conditions, see docs/decisions/0008: the response
 * must not say no-transform, and its Content-Type must be one the middleware counts as compressible
 * (text/csv, application/json, application/ld+json are; application/x-ndjson is not). Next 16.4
 * also hands the middleware every route-handler header as an array, which it does not recognise:
 * instrumentation.ts turns a one-value Content-Type back into a string.
 */
function download(stream: ReadableStream<Uint8Array>, opts: { contentType: string; filename: string }): Response {
  const headers = new Headers({
    "Content-Type": opts.contentType,
    "Content-Disposition": attachment(opts.filename),
    // Private data: no shared cache keeps a copy.
    "Cache-Control": "private, no-store",
    Vary: "Accept-Encoding",
  });
  return new Response(stream, { status: 200, headers });
}

// ---------------------------------------------------------------------------------------------
// The two exports.

/** proposed: ClaimReview also lists verdicts no editor has approved yet (by default it does not). */
export type ExportOptions = { format: ExportFormat; origin: string; proposed?: boolean };

async function teamOf(member: Member): Promise<ExportTeam> {
  return db.team.findUniqueOrThrow({ where: { id: member.teamId }, select: { id: true, name: true, slug: true } });
}

function claimReviewEncoder(ctx: ClaimReviewContext, documentFor: (r: JsonExportRow) => ExportDocumentMeta): Encoder<JsonExportRow> {
  let first = true;
  return {
    head: "[\n",
    row(r) {
      const review = claimReview(r, documentFor(r), ctx);
      if (!review) return "";
      const out = (first ? "" : ",\n") + JSON.stringify(review);
      first = false;
      return out;
    },
    tail: () => "\n]\n",
  };
}

/** The COPY started (its connection taken, its snapshot fixed), then the download audited; the COPY is given up if the audit fails. */
async function auditedCopy(text: string, entry: AuditEntry): Promise<CopyOut> {
  const copy = await openCopy(text);
  try {
    await audit(entry);
  } catch (error) {
    await copy.abort(error);
    throw error;
  }
  return copy;
}

const dropUndefined = (filters: ExportFilters) => Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));

/** GET /api/exports: every claim of the member's team that passes the filters. */
export async function exportTeam(member: Member, filters: ExportFilters, opts: ExportOptions): Promise<Response> {
  const team = await teamOf(member);
  const now = new Date();
  const hidden = await blindDocumentIds(member);
  const entry = { teamId: member.teamId, actorId: member.userId, action: "export.download", targetType: "team", targetId: member.teamId, ip: member.ip } as const;
  const filename = exportFilename({ subject: team.slug, fallback: `team-${team.id}`, format: opts.format, date: now });
  const label = `team ${team.id} ${opts.format}`;
  if (opts.format === "csv") {
    const copy = await auditedCopy(exportCsvCopySql(member.teamId, filters, hidden), { ...entry, data: { format: opts.format, scope: "team", filters: dropUndefined(filters) } });
    return download(copyStream(copy, csvHeader(), label), { contentType: CONTENT_TYPES.csv, filename });
  }
  const cursor = await openCursor<JsonExportRow>(exportSql(member.teamId, filters, opts.format, opts.proposed, hidden));
  try {
    await audit({ ...entry, data: { format: opts.format, scope: "team", filters: dropUndefined(filters) } });
  } catch (error) {
    await cursor.abort(error);
    throw error;
  }

  let metas: Map<number, ExportDocumentMeta>;
  try {
    metas = await documentMetas(cursor, member.teamId, filters.document);
  } catch (error) {
    await cursor.abort(error);
    throw error;
  }
  const documentOf = (r: JsonExportRow): ExportDocumentMeta => {
    const meta = metas.get(r.documentId);
    if (!meta) throw new Error(`Document ${r.documentId} is missing from the export's document list.`);
    return meta;
  };
  if (opts.format === "claimreview") {
    const encoder = claimReviewEncoder({ origin: opts.origin, teamName: team.name }, documentOf);
    return download(cursorStream(cursor, encoder, label), { contentType: CONTENT_TYPES.claimreview, filename });
  }

  // One JSON document, each document's object opened at its first claim (rows come ordered by document).
  const json = teamJson(team, filters, now.toISOString());
  let documentId = 0;
  const encoder: Encoder<JsonExportRow> = {
    head: json.head,
    row(r) {
      let out = "";
      if (r.documentId !== documentId) {
        documentId = r.documentId;
        out = json.document(documentOf(r));
      }
      return out + json.claim(r);
    },
    tail: json.tail,
  };
  return download(cursorStream(cursor, encoder, label), { contentType: CONTENT_TYPES.json, filename });
}

/** GET /api/documents/:id/export: one document of the member's team (404 for another team's). */
export async function exportDocument(member: Member, documentId: number, opts: ExportOptions): Promise<Response> {
  const doc = await db.document.findFirst({ where: { id: documentId, teamId: member.teamId }, select: { ...documentMetaSelect, text: true } });
  if (!doc) throw notFound("The document");
  await refuseIfBlind(member, doc.id, "its export");
  const meta = documentMeta(doc);
  const team = await teamOf(member);
  const now = new Date();
  const entry = {
    teamId: member.teamId,
    actorId: member.userId,
    action: "export.download",
    targetType: "document",
    targetId: doc.id,
    ip: member.ip,
    data: { format: opts.format, scope: "document", filters: { document: doc.id } },
  } as const;
  const filename = exportFilename({ subject: doc.title, fallback: `document-${doc.id}`, format: opts.format, date: now });
  const label = `document ${doc.id} ${opts.format}`;
  if (opts.format === "csv") {
    const copy = await auditedCopy(exportCsvCopySql(member.teamId, { document: doc.id }), entry);
    return download(copyStream(copy, csvHeader(), label), { contentType: CONTENT_TYPES.csv, filename });
  }
  const cursor = await openCursor<JsonExportRow>(exportSql(member.teamId, { document: doc.id }, opts.format, opts.proposed));
  try {
    await audit(entry);
  } catch (error) {
    await cursor.abort(error);
    throw error;
  }

  if (opts.format === "claimreview") {
    const encoder = claimReviewEncoder({ origin: opts.origin, teamName: team.name }, () => meta);
    return download(cursorStream(cursor, encoder, label), { contentType: CONTENT_TYPES.claimreview, filename });
  }
  let first = true;
  const encoder: Encoder<JsonExportRow> = {
    head: documentJson.head(team, { ...meta, text: doc.text }, now.toISOString()),
    row(r) {
      const out = (first ? "" : ",\n") + JSON.stringify(claimRecord(r));
      first = false;
      return out;
    },
    tail: documentJson.tail,
  };
  return download(cursorStream(cursor, encoder, label), { contentType: CONTENT_TYPES.json, filename });
}

/**
 * The address ClaimReview links point at: AUTH_URL when set (the public address behind a proxy),
 * else the one this request came to (Host, or the proxy's X-Forwarded-Host/-Proto; next start
 * sets those for direct requests too). req.nextUrl is not used: next start reports "localhost".
 */
export function publicOrigin(req: { headers: Headers; nextUrl: URL }): string {
  const configured = process.env.AUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through to the request's own address
    }
  }
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || req.nextUrl.protocol.replace(/:$/, "");
  if (host && /^[A-Za-z0-9.\-]+(:[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](:[0-9]+)?$/.test(host) && (proto === "http" || proto === "https")) return `${proto}://${host}`;
  return req.nextUrl.origin;
}

/** What the exports page offers as filters: the team's documents (newest first) and members. */
export async function exportChoices(member: Member) {
  const [documents, members] = await Promise.all([
    db.document.findMany({ where: { teamId: member.teamId }, orderBy: [{ importedAt: "desc" }, { id: "desc" }], select: { id: true, title: true } }),
    db.membership.findMany({ where: { teamId: member.teamId }, orderBy: { user: { name: "asc" } }, select: { user: { select: { id: true, name: true, email: true } } } }),
  ]);
  return { documents, members: members.map((m) => m.user) };
}
