import type { Metadata } from "next";
import { SearchWorkspace, type SearchFilterValues } from "@/components/search/SearchWorkspace";
import { CLAIM_STATUSES } from "@/lib/domain/verdicts";
import { searchChoices } from "@/lib/server/search";
import { requirePageMember } from "@/lib/server/session";

export const metadata: Metadata = { title: "Search" };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const all = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export default async function SearchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const raw = await searchParams;
  const back = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => all(v).map((x) => [k, x] as [string, string])));
  const member = await requirePageMember(`/search${back.size ? `?${back}` : ""}`);
  const { documents, members } = await searchChoices(member);
  // The URL is the search (shareable); only values the form can show are taken from it.
  const day = (v?: string) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : "");
  const oneOf = (v: string | undefined, allowed: string[]) => (v && allowed.includes(v) ? v : "");
  const initial: SearchFilterValues = {
    q: (first(raw.q) ?? "").slice(0, 200),
    status: all(raw.status).filter((s): s is (typeof CLAIM_STATUSES)[number] => (CLAIM_STATUSES as readonly string[]).includes(s)),
    reviewer: oneOf(first(raw.reviewer), members.map((m) => String(m.id))),
    from: day(first(raw.from)),
    to: day(first(raw.to)),
    document: oneOf(first(raw.document), documents.map((d) => String(d.id))),
  };

  return (
    <main className="page">
      <h1>Search</h1>
      <p className="muted">
        {member.teamName}&apos;s claims, by their words: stemmed (“withdraw” finds “withdrawal”), “quoted phrases”, <code>or</code>, <code>-word</code>,
        and the last word as you type it. Press <kbd>/</kbd> to search from anywhere on this page.
      </p>
      <SearchWorkspace initial={initial} members={members} documents={documents} />
    </main>
  );
}
