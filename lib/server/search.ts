import "server-only";
import { Prisma } from "@prisma/client";
import {
  containsPattern,
  FRAGMENT_BREAK,
  HIT_START,
  HIT_STOP,
  highlightFragments,
  partialWord,
  substringWords,
  wordsOf,
} from "@/lib/domain/search";
import type { ClaimStatus } from "@/lib/domain/verdicts";
import { SEARCH_MAX_RESULTS, type SearchDocument, type SearchHit, type SearchQuery, type SearchResult } from "@/lib/schemas/search";
import { db } from "./db";
import { blindDocumentIds } from "./second-review";
import type { Member } from "./session";

// Full-text search over the team's claims (docs/decisions/0011-search.md).
//
// How the typed text matches a claim:
// - Whole words: websearch_to_tsquery('english', q) against the stored tsvector (GIN index on
//   (teamId, tsv)): stemming ("withdraw" finds "withdrawal"), "quoted phrases", or, -word.
// - The last word of a plain query may be half-typed ("withdr"): the claim matches too when the
//   other words match as whole words AND the claim contains the last word as a substring
//   (ILIKE '%withdr%', trigram GIN index). This also finds words inside words ("krain" in Ukraine).
// - When english drops every word (stop words only: "WHO", "the who"), the words of 3+ characters
//   are required as substrings instead, so such a search still finds something.
// Ranking: ts_rank against the whole words plus the last word as a prefix, then newest first, over
// at most the newest 1,000 matches (SEARCH_MAX_RESULTS): that bound keeps a common word from ranking
// a third of a million rows, and is the same bound as the total ("1,000+") and paging.
// ts_headline runs on the returned page only, with private-use markers split into fragments in JS.

const ISO_TIME = Prisma.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`); // timestamps are stored in UTC
/** Claims longer than this are shown as up to three passages around the hits, not whole. */
const WHOLE_CLAIM_CHARS = 2_000;
const HEADLINE_WHOLE = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, HighlightAll=true`;
const HEADLINE_PASSAGES = `StartSel=${HIT_START}, StopSel=${HIT_STOP}, MaxFragments=3, MaxWords=30, MinWords=12, FragmentDelimiter=${FRAGMENT_BREAK}`;
const DOCUMENTS_SHOWN = 5;

/** What the query means, decided once (one round trip) before the searches run. */
type Plan = {
  /** websearch_to_tsquery of the whole query, as text; "" when english drops every word. */
  full: string;
  /**
   * The half-typed last word, and the tsquery text that matches it as a prefix after the words
   * before it. infix: a one-word query that matches no word at all is tried again as a fragment
   * inside words, by trigrams ("krain" → "Ukrainian").
   */
  partial: { word: string; query: string; infix: boolean } | null;
  /** Substring-only search, when `full` is empty. */
  substrings: string[];
};

const prefixQuery = (lexeme: string) => `'${lexeme}':*`;

async function plan(q: string): Promise<Plan> {
  const words = wordsOf(q);
  const last = partialWord(q);
  const rest = last ? q.slice(0, q.lastIndexOf(last)) : "";
  const [row] = await db.$queryRaw<{ full: string; rest: string; stem: string | null }[]>`
    SELECT websearch_to_tsquery('english', ${q})::text AS full,
           websearch_to_tsquery('english', ${rest})::text AS rest,
           (SELECT lexeme FROM unnest(to_tsvector('english', ${last ?? ""})) LIMIT 1) AS stem`;
  const { full, stem } = row!;
  if (!full) return { full, partial: null, substrings: substringWords(words) };
  if (!last) return { full, partial: null, substrings: [] };
  // "negotiat" is the prefix of "negotiations" as typed, and its english stem "negoti" the prefix of
  // the stored lexeme: either may match.
  // Stems are not prefixes of what is typed, nor the other way round ("negotiat" → lexeme "negoti"):
  // the typed word and its stem match as prefixes, and the typed word cut by up to 3 letters (not
  // under 4) as a whole lexeme.
  const lower = last.toLowerCase();
  const chars = [...lower];
  const cuts = [];
  for (let n = chars.length - 1; n >= Math.max(4, chars.length - 3); n--) cuts.push(`'${chars.slice(0, n).join("")}'`);
  const prefixes = [...new Set([lower, ...(stem ? [stem] : [])])].map(prefixQuery).concat(cuts).join(" | ");
  const query = row!.rest ? `( ${row!.rest} ) & ( ${prefixes} )` : prefixes;
  return { full, partial: { word: last, query, infix: !row!.rest }, substrings: [] };
}

/** The tsquery (text) that matches, ranks and highlights: the whole words, or the other words and the last as a prefix. */
const tsqueryOf = (p: Plan) => (p.partial ? `( ${p.full} ) | ( ${p.partial.query} )` : p.full);

/** The match condition over a tsvector and the text it was made from. */
function matchSql(p: Plan, tsv: Prisma.Sql, text: Prisma.Sql): Prisma.Sql {
  if (!p.full) return Prisma.sql`(${Prisma.join(p.substrings.map((w) => Prisma.sql`${text} ILIKE ${containsPattern(w)}`), " AND ")})`;
  return Prisma.sql`${tsv} @@ ${tsqueryOf(p)}::tsquery`;
}

const rankQuerySql = (p: Plan) => Prisma.sql`${tsqueryOf(p)}::tsquery`;

type HitRow = {
  total: number;
  id: number | null;
  documentId: number;
  documentTitle: string;
  exact: string;
  status: ClaimStatus;
  dismissed: boolean;
  reviewerId: number | null;
  reviewerName: string | null;
  judgedAt: string | null;
  marked: string;
};

export async function searchClaims(member: Member, asked: SearchQuery): Promise<SearchResult> {
  // A blind second reviewer's documents are left out of their search (decision 0022).
  const hidden = await blindDocumentIds(member);
  const query: Query = hidden.length ? { ...asked, hidden } : asked;
  const p = await plan(query.q);
  const partials = p.partial ? [p.partial.word] : p.substrings;
  const base = { query: { q: query.q, partial: p.partial?.word ?? null }, offset: query.offset, limit: query.limit };
  if (!p.full && !p.substrings.length)
    return {
      ...base,
      total: { count: 0, capped: false },
      hits: [],
      documents: [],
      nextOffset: null,
      notice: "Nothing to search for: every word is too short or too common (like “a”, “of”, “it”). Add a word of 3 or more letters.",
    };

  const [first, documents] = await Promise.all([pageOfHits(member.teamId, query, p), query.offset === 0 && query.document === undefined ? matchingDocuments(member.teamId, p, query.q) : []]);
  // Nothing starts with the one word typed: look for it inside words (trigram index). Only then: as
  // a substring a common word matches many more claims, slowly (ILIKE on every row) and mostly noise
  // ("call" in "recall", "finally"), and a word that matches whole is what the reader meant.
  const fragment = !first[0]?.total && p.partial?.infix;
  const rows = fragment ? await pageOfHits(member.teamId, query, { full: "", partial: null, substrings: [p.partial!.word.toLowerCase()] }) : first;
  const count = rows[0]?.total ?? 0;
  const capped = count > SEARCH_MAX_RESULTS;
  const hits: SearchHit[] = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      claimId: r.id!,
      documentId: r.documentId,
      documentTitle: r.documentTitle,
      exact: r.exact,
      status: r.status,
      dismissed: r.dismissed,
      reviewer: r.reviewerId !== null ? { id: r.reviewerId, name: r.reviewerName ?? "" } : null,
      judgedAt: r.judgedAt,
      highlight: highlightFragments(r.marked, partials),
    }));
  const reachable = Math.min(count, SEARCH_MAX_RESULTS);
  const next = query.offset + query.limit;
  return {
    ...base,
    total: { count: Math.min(count, SEARCH_MAX_RESULTS), capped },
    hits,
    documents,
    nextOffset: next < reachable ? next : null,
    notice: null,
  };
}

/** Newest team claims looked at to estimate how common the matches are. */
const SAMPLE_ROWS = 2_000;
/** From this share of matches in the sample on, walking the newest claims beats collecting all matches. */
const WALK_DENSITY = 0.015;
/** A walk never looks at more claims than this; beyond, the matches are collected instead. */
const WALK_MAX_ROWS = 200_000;

/** A search as asked, and the documents whose claims the searcher may not see now (blind second review). */
type Query = SearchQuery & { hidden?: readonly number[] };

/** Date ranges up to this many days use the GIN index's day key; wider ones filter rows. */
const NARROW_DAYS = 92;
const daysBetween = (from: string, to: string) => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

/** The team, the filters and (unless null) the match, ANDed. */
function conditions(teamId: number, query: Query, p: Plan | null): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`c."teamId" = ${teamId}`];
  if (query.hidden?.length) where.push(Prisma.sql`c."documentId" <> ALL(${query.hidden}::int[])`);
  if (query.dismissed === "0") where.push(Prisma.sql`c."dismissedAt" IS NULL`);
  // ARRAY[$1::"ClaimStatus", …], not $1::text[]::"ClaimStatus"[]: GIN (btree_gin) takes the former
  // into the same index scan as the words; the array cast it cannot, and every claim with the word was
  // fetched and then filtered ("last" with SOURCED: 24,105 rows read for 11,155 kept; 80 → 58 ms).
  const statuses = [...new Set(query.status)];
  if (statuses.length) where.push(Prisma.sql`c.status = ANY(ARRAY[${Prisma.join(statuses.map((s) => Prisma.sql`${s}::"ClaimStatus"`))}])`);
  if (query.reviewer !== undefined) where.push(Prisma.sql`c."reviewerId" = ${query.reviewer}`);
  // judgedAt is UTC. A range of up to NARROW_DAYS is written on the day, the form the GIN index holds
  // (migration 20261204150000), so the index narrows the words by it; a wider or open range is
  // checked on the rows instead: every day in range is one more GIN key to read and merge ("rules
  // take" by one reviewer since a date 15 months back: index scan 87 ms with the days, 21 without).
  if (query.from !== undefined || query.to !== undefined) {
    if (query.from !== undefined && query.to !== undefined && daysBetween(query.from, query.to) <= NARROW_DAYS) {
      where.push(Prisma.sql`c."judgedAt"::date >= ${query.from}::date`, Prisma.sql`c."judgedAt"::date <= ${query.to}::date`);
    } else {
      if (query.from !== undefined) where.push(Prisma.sql`c."judgedAt" >= ${query.from}::date`);
      if (query.to !== undefined) where.push(Prisma.sql`c."judgedAt" < ${query.to}::date + 1`);
    }
  }
  if (query.document !== undefined) where.push(Prisma.sql`c."documentId" = ${query.document}`);
  if (p) where.push(matchSql(p, Prisma.sql`c.tsv`, Prisma.sql`c.exact`));
  return where;
}

const COLUMNS = Prisma.sql`c.id, c."teamId", c.tsv, c.exact, c.status, c."reviewerId", c."judgedAt", c."documentId", c."dismissedAt"`;

/**
 * How to find the newest matches (at most SEARCH_MAX_RESULTS + 1). Postgres' own choice is good for
 * whole words (it keeps lexeme statistics) but blind for ILIKE '%…%' and for filters combined with a
 * common word: it walked 380,000 claims for a partial word that 2,600 contain (800 ms). So the choice
 * is made here from a measurement, the share of matches among the team's 2,000 newest claims:
 * - "walk": common matches. Go through the team's claims newest first (index on (teamId, id)) and
 *   stop at the 1,001st match: ~1,001 / share claims read, ~70,000 at worst.
 * - "collect": rare matches. Every match from the GIN indexes (tsv with the filters, or trigrams),
 *   then the newest: cost grows with the number of matches, which is small here.
 */
async function strategy(teamId: number, query: SearchQuery, where: Prisma.Sql[]): Promise<"walk" | "collect"> {
  if (query.document !== undefined) return "collect"; // one document's claims: few
  const [sample] = await db.$queryRaw<{ hits: number; seen: number }[]>`
    SELECT count(*) FILTER (WHERE ${Prisma.join(where, " AND ")})::int AS hits, count(*)::int AS seen
    FROM (SELECT ${COLUMNS} FROM "Claim" c WHERE c."teamId" = ${teamId} ORDER BY c.id DESC LIMIT ${SAMPLE_ROWS}) c`;
  return sample!.seen === SAMPLE_ROWS && sample!.hits >= WALK_DENSITY * SAMPLE_ROWS ? "walk" : "collect";
}

function candidatesSql(teamId: number, query: SearchQuery, p: Plan, how: "walk" | "collect"): Prisma.Sql {
  const limit = SEARCH_MAX_RESULTS + 1;
  if (how === "walk") {
    // The inner LIMIT keeps the planner from turning the walk back into a collect.
    const where = conditions(teamId, query, p);
    return Prisma.sql`SELECT c.id, c.tsv FROM (SELECT ${COLUMNS} FROM "Claim" c WHERE c."teamId" = ${teamId} ORDER BY c.id DESC LIMIT ${WALK_MAX_ROWS}) c
                      WHERE ${Prisma.join(where, " AND ")} ORDER BY c.id DESC LIMIT ${limit}`;
  }
  // "id + 0" keeps the planner from turning a collect into a walk.
  if (p.full) return Prisma.sql`SELECT c.id, c.tsv FROM "Claim" c WHERE ${Prisma.join(conditions(teamId, query, p), " AND ")} ORDER BY c.id + 0 DESC LIMIT ${limit}`;
  // Fragments: the trigram index is on ClaimFragments (decision 0030), which holds every claim but
  // those of documents an import has just marked pending; their claims are read from Claim itself.
  const inside = (text: Prisma.Sql) => Prisma.join(p.substrings.map((w) => Prisma.sql`${text} ILIKE ${containsPattern(w)}`), " AND ");
  return Prisma.sql`
    SELECT c.id, c.tsv
    FROM (SELECT f."claimId" AS id FROM "ClaimFragments" f WHERE f."teamId" = ${teamId} AND ${inside(Prisma.sql`f.exact`)}
          UNION ALL
          SELECT pc.id FROM "ClaimFragmentsPending" fp JOIN "Claim" pc ON pc."documentId" = fp."documentId" AND pc."teamId" = ${teamId}
          WHERE fp."teamId" = ${teamId} AND ${inside(Prisma.sql`pc.exact`)}) m
    JOIN "Claim" c ON c.id = m.id
    WHERE ${Prisma.join(conditions(teamId, query, p), " AND ")}
    ORDER BY c.id + 0 DESC LIMIT ${limit}`;
}

async function pageOfHits(teamId: number, query: SearchQuery, p: Plan): Promise<HitRow[]> {
  const how = await strategy(teamId, query, conditions(teamId, query, p));
  const rows = await pageFrom(teamId, query, p, candidatesSql(teamId, query, p, how));
  // A walk that stopped at WALK_MAX_ROWS short of 1,001 matches may have missed older ones.
  if (how === "walk" && (rows[0]?.total ?? 0) <= SEARCH_MAX_RESULTS) return pageFrom(teamId, query, p, candidatesSql(teamId, query, p, "collect"));
  return rows;
}

async function pageFrom(teamId: number, query: SearchQuery, p: Plan, candidates: Prisma.Sql): Promise<HitRow[]> {
  const text = Prisma.sql`translate(c.exact, ${`${HIT_START}${HIT_STOP}${FRAGMENT_BREAK}`}, '')`;
  // Substring-only searches have nothing to rank by (newest first) and nothing for ts_headline.
  const rank = p.full ? Prisma.sql`ts_rank(tsv, ${rankQuerySql(p)})` : Prisma.sql`0::real`;
  const marked = p.full
    ? Prisma.sql`CASE WHEN length(c.exact) <= ${WHOLE_CLAIM_CHARS} THEN ts_headline('english', ${text}, ${rankQuerySql(p)}, ${HEADLINE_WHOLE})
                      ELSE ts_headline('english', left(${text}, 100000), ${rankQuerySql(p)}, ${HEADLINE_PASSAGES}) END`
    : Prisma.sql`CASE WHEN length(c.exact) <= ${WHOLE_CLAIM_CHARS} THEN ${text} ELSE left(${text}, ${WHOLE_CLAIM_CHARS}) || ' …' END`;

  // candidates: the newest matches, one more than are ranked (to tell "1,000" from "1,000+").
  // The team is in the WHERE of the candidates and again on every join (decision 0005).
  return db.$queryRaw<HitRow[]>`
    WITH candidates AS MATERIALIZED (${candidates}),
    page AS (
      SELECT id, ${rank} AS rank
      FROM (SELECT id, tsv FROM candidates ORDER BY id DESC LIMIT ${SEARCH_MAX_RESULTS}) ranked
      ORDER BY rank DESC, id DESC
      LIMIT ${query.limit} OFFSET ${query.offset}
    )
    SELECT t.total, c.id, c."documentId", d.title AS "documentTitle", c.exact, c.status::text AS status,
           c."dismissedAt" IS NOT NULL AS dismissed, c."reviewerId", u.name AS "reviewerName",
           to_char(c."judgedAt", ${ISO_TIME}) AS "judgedAt", ${marked} AS marked
    FROM (SELECT count(*)::int AS total FROM candidates) t
    LEFT JOIN page ON true
    LEFT JOIN "Claim" c ON c.id = page.id AND c."teamId" = ${teamId}
    LEFT JOIN "Document" d ON d.id = c."documentId" AND d."teamId" = ${teamId}
    LEFT JOIN "User" u ON u.id = c."reviewerId"
    ORDER BY page.rank DESC, page.id DESC`;
}

/** The team's documents whose title, publisher or author match (documents are few: no index needed). */
async function matchingDocuments(teamId: number, p: Plan, q: string): Promise<SearchDocument[]> {
  const text = Prisma.sql`concat_ws(' ', d.title, d.publisher, d.author)`;
  const tsv = Prisma.sql`to_tsvector('english', ${text})`;
  // to_tsvector of every title cost ~12 ms of CPU per 500 documents: first keep the documents that
  // contain the first letters of a query word (a stem keeps them). Not with -word, which matches
  // titles without it.
  const starts = /(^|\s)-\S/.test(q) ? [] : [...new Set(wordsOf(q).map((w) => [...w].slice(0, 3).join("")))];
  const prefilter = starts.length ? Prisma.sql`AND ${text} ILIKE ANY(${starts.map(containsPattern)}::text[])` : Prisma.empty;
  return db.$queryRaw<SearchDocument[]>`
    SELECT d.id, d.title, d.publisher, d.author, to_char(d."publishedAt", 'YYYY-MM-DD') AS "publishedAt"
    FROM "Document" d
    WHERE d."teamId" = ${teamId} ${prefilter} AND ${matchSql(p, tsv, text)}
    ORDER BY ${p.full ? Prisma.sql`ts_rank(${tsv}, ${rankQuerySql(p)})` : Prisma.sql`0::real`} DESC, d."importedAt" DESC, d.id DESC
    LIMIT ${DOCUMENTS_SHOWN}`;
}

/** What the search page's filters offer: the team's documents and members. */
export async function searchChoices(member: Member) {
  const [documents, members] = await Promise.all([
    db.document.findMany({ where: { teamId: member.teamId }, orderBy: [{ importedAt: "desc" }, { id: "desc" }], select: { id: true, title: true } }),
    db.membership.findMany({ where: { teamId: member.teamId }, orderBy: { user: { name: "asc" } }, select: { user: { select: { id: true, name: true } } } }),
  ]);
  return { documents, members: members.map((m) => m.user) };
}
