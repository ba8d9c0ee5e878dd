"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { ClaimStatus } from "@/lib/domain/verdicts";
import type { SearchResult } from "@/lib/schemas/search";
import { callApi, type ApiError } from "../api-client";
import { SearchFilters } from "./SearchFilters";
import { SearchResults } from "./SearchResults";
import styles from "./search.module.css";

// The search page: box, filters, results. The URL holds the search (shareable, and Back returns
// to it); typing searches after a short pause, Enter at once. Keys: "/" focuses the box from
// anywhere, ↓ from the box and j/k (or ↑/↓) move through the hits, Enter opens one, Esc goes back.

export type SearchFilterValues = { q: string; status: ClaimStatus[]; reviewer: string; from: string; to: string; document: string };

const TYPING_PAUSE_MS = 250;

function paramsOf(v: SearchFilterValues, offset = 0): URLSearchParams {
  const p = new URLSearchParams();
  if (v.q.trim()) p.set("q", v.q.trim());
  for (const s of v.status) p.append("status", s);
  for (const key of ["reviewer", "from", "to", "document"] as const) if (v[key]) p.set(key, v[key]);
  if (offset) p.set("offset", String(offset));
  return p;
}

type State =
  | { kind: "idle" }
  | { kind: "loading"; previous: SearchResult | null }
  | { kind: "done"; result: SearchResult; loadingMore?: boolean }
  | { kind: "error"; error: ApiError };

const isEditable = (el: EventTarget | null) => el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

export function SearchWorkspace({
  initial,
  members,
  documents,
}: {
  initial: SearchFilterValues;
  members: { id: number; name: string }[];
  documents: { id: number; title: string }[];
}) {
  const [values, setValues] = useState<SearchFilterValues>(initial);
  const [state, setState] = useState<State>({ kind: "idle" });
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const request = useRef(0);
  const id = useId();
  const rangeError = values.from && values.to && values.from > values.to ? "The “to” date is before the “from” date: swap them." : null;

  const run = useCallback(async (v: SearchFilterValues) => {
    const params = paramsOf(v);
    // The URL follows the search without a navigation (no server round trip per keystroke).
    window.history.replaceState(window.history.state, "", params.size ? `/search?${params}` : "/search");
    const mine = ++request.current;
    if (!v.q.trim()) return setState({ kind: "idle" });
    setState((s) => ({ kind: "loading", previous: s.kind === "done" ? s.result : s.kind === "loading" ? s.previous : null }));
    const res = await callApi<SearchResult>("GET", `/api/search?${params}`);
    if (mine !== request.current) return; // a newer search is under way
    setState(res.ok ? { kind: "done", result: res.data } : { kind: "error", error: res.error });
  }, []);

  // Typing waits for a pause; filters and the initial URL search run at once.
  const typed = useRef(false);
  useEffect(() => {
    if (rangeError) return;
    const timer = setTimeout(() => void run(values), typed.current ? TYPING_PAUSE_MS : 0);
    typed.current = false;
    return () => clearTimeout(timer);
  }, [values, run, rangeError]);

  async function more() {
    if (state.kind !== "done" || state.result.nextOffset === null) return;
    const current = state.result;
    const mine = ++request.current;
    setState({ kind: "done", result: current, loadingMore: true });
    const res = await callApi<SearchResult>("GET", `/api/search?${paramsOf(values, current.nextOffset!)}`);
    if (mine !== request.current) return;
    if (!res.ok) return setState({ kind: "error", error: res.error });
    setState({ kind: "done", result: { ...res.data, hits: [...current.hits, ...res.data.hits], documents: current.documents, offset: 0 } });
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const links = Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-hit]") ?? []);
      const at = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (e.key === "/" && !isEditable(e.target)) {
        e.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      } else if (e.target === inputRef.current && e.key === "ArrowDown" && links.length) {
        e.preventDefault();
        links[0]!.focus();
      } else if (at >= 0 && (e.key === "j" || e.key === "ArrowDown")) {
        e.preventDefault();
        links[Math.min(at + 1, links.length - 1)]!.focus();
      } else if (at >= 0 && (e.key === "k" || e.key === "ArrowUp")) {
        e.preventDefault();
        if (at === 0) inputRef.current?.focus();
        else links[at - 1]!.focus();
      } else if (at >= 0 && e.key === "Escape") {
        inputRef.current?.focus();
      } else if (at < 0 && !isEditable(e.target) && (e.key === "j" || e.key === "k") && links.length) {
        e.preventDefault();
        links[0]!.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const result = state.kind === "done" ? state.result : state.kind === "loading" ? state.previous : null;
  const filtered = values.status.length > 0 || !!(values.reviewer || values.from || values.to || values.document);

  return (
    <div className={styles.workspace}>
      <form
        role="search"
        className={`card ${styles.form}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (!rangeError) void run(values);
        }}
      >
        <label htmlFor={`${id}-q`} className="visually-hidden">
          Search claims
        </label>
        <div className={styles.box}>
          <input
            ref={inputRef}
            id={`${id}-q`}
            name="q"
            type="search"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            placeholder="Search claims, e.g. withdraw, “peace talks”, Witk…"
            value={values.q}
            aria-describedby={`${id}-keys`}
            onChange={(e) => {
              typed.current = true;
              setValues((v) => ({ ...v, q: e.target.value }));
            }}
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
        <p id={`${id}-keys`} className="small muted" style={{ margin: "0.35rem 0 0" }}>
          <kbd>/</kbd> search · <kbd>↓</kbd> or <kbd>j</kbd>/<kbd>k</kbd> move through the hits · <kbd>Enter</kbd> open in the review page ·{" "}
          <kbd>Esc</kbd> back to the box
        </p>
        <SearchFilters
          idPrefix={id}
          values={values}
          members={members}
          documents={documents}
          rangeError={rangeError}
          onChange={(change) => setValues((v) => ({ ...v, ...change }))}
          onClear={() => setValues((v) => ({ q: v.q, status: [], reviewer: "", from: "", to: "", document: "" }))}
          filtered={filtered}
        />
      </form>

      <div aria-live="polite" className={`status-line ${styles.summary}`} data-testid="search-status">
        {state.kind === "loading" ? "Searching…" : null}
        {state.kind === "done" ? summary(state.result, filtered) : null}
      </div>

      {state.kind === "error" ? (
        <div className="banner error" role="alert" data-testid="search-error">
          <strong>The search failed.</strong> {state.error.message}
        </div>
      ) : null}

      {state.kind === "idle" ? (
        <div className="card empty" data-testid="search-empty">
          <p>
            <strong>Type a word to search every claim of your team.</strong>
          </p>
          <p className="small">
            Words are matched with their forms (“withdraw” finds “withdrawal”); put a phrase in quotes, use <code>or</code> between alternatives and{" "}
            <code>-word</code> to leave a word out. The last word also matches as the start or part of a word while you type.
          </p>
        </div>
      ) : null}

      {result ? (
        <SearchResults
          result={result}
          busy={state.kind === "loading"}
          listRef={listRef}
          loadingMore={state.kind === "done" && !!state.loadingMore}
          onMore={() => void more()}
          filtered={filtered}
        />
      ) : null}
    </div>
  );
}

function summary(r: SearchResult, filtered: boolean): string {
  if (r.notice) return r.notice;
  const n = r.total.capped ? `${r.total.count.toLocaleString("en")}+` : r.total.count.toLocaleString("en");
  const claims = r.total.count === 1 && !r.total.capped ? "claim" : "claims";
  return `${n} ${claims} match “${r.query.q}”${filtered ? " with these filters" : ""}${r.total.capped ? ": showing the 1,000 newest, best first" : ""}.`;
}
