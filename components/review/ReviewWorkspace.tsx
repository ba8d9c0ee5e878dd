"use client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { nextUnreviewed, stepClaim } from "@/lib/domain/navigation";
import { TextIndex } from "@/lib/domain/offsets";
import { LABEL_NAMES, verdictProblems, type VerdictLabel } from "@/lib/domain/verdicts";
import { decodeOutline, outlineOf, type OutlineClaim } from "@/lib/domain/claim-outline";
import type { ReviewDocument } from "@/lib/server/documents";
import type { ClaimDto } from "@/lib/server/dto";
import type { HistoryEntry } from "@/lib/server/claims";
import { callApi, type ApiError, type ApiResult } from "../api-client";
import { DocumentStateBadge } from "../DocumentStateBadge";
import { ArticleText, offsetOfBoundary } from "./ArticleText";
import { ClaimList } from "./ClaimList";
import { ClaimPanel } from "./ClaimPanel";
import { earlierVerdicts } from "./HistoryList";
import type { HintTask } from "@/lib/domain/assist/learn/team";
import { markableHints } from "./Hints";
import { nextCheckworthy } from "./claimOrder";
import { emptySource, type ClaimMatch, type MatchesState, type VerdictDraft } from "./types";

type Notice = { kind: "error" | "ok" | "warn"; text: string };

function draftFrom(claim: ClaimDto): VerdictDraft {
  const v = claim.verdict;
  return {
    label: v?.label ?? null,
    rationale: v?.rationale ?? "",
    reason: "",
    sources: v?.sources.length
      ? v.sources.map((s) => ({ url: s.url, title: s.title ?? "", publisher: s.publisher ?? "", quote: s.quote ?? "", accessedAt: s.accessedAt ?? "" }))
      : [emptySource()],
  };
}

const isEditable = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

function focusField(id: string) {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** Claim details asked for at once when the selection reaches claims without them (GET /api/documents/:id/claims). */
const DETAIL_PAGE = 100;
/** Details are fetched ahead of the selection: this many claims before it and after it must be loaded. */
const DETAIL_BEHIND = 10;
const DETAIL_AHEAD = 40;

export function ReviewWorkspace({ initial, canEditAttribution, canSignOff }: { initial: ReviewDocument; canEditAttribution: boolean; canSignOff: boolean }) {
  const index = useMemo(() => new TextIndex(initial.text), [initial.text]);
  // Every claim as the outline knows it (where, status, scores), and full details for those loaded so far (decision 0028).
  const [claims, setClaims] = useState<OutlineClaim[]>(() => decodeOutline(initial.outline));
  const [details, setDetails] = useState<Record<number, ClaimDto>>(() => Object.fromEntries(initial.claims.map((c) => [c.id, c])));
  const visible = useMemo(() => claims.filter((c) => !c.dismissed), [claims]);
  const dismissed = useMemo(() => claims.filter((c) => c.dismissed), [claims]);
  const quoteOf = useCallback((c: { start: number; end: number }) => index.slice(c.start, c.end), [index]);
  // Nothing selected at first: n goes to the first unreviewed claim, j to the first claim.
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const visibleAt = useMemo(() => new Map(visible.map((c, i) => [c.id, i])), [visible]);
  const selectedAt = selectedId === null ? undefined : visibleAt.get(selectedId);
  const selectedClaim = selectedAt === undefined ? null : visible[selectedAt]!;
  /** The selected claim with its details; null while they are being fetched. */
  const selected = selectedClaim ? (details[selectedClaim.id] ?? null) : null;
  const [drafts, setDrafts] = useState<Record<number, VerdictDraft>>({});
  const [attributions, setAttributions] = useState<Record<number, { speaker: string; cue: string }>>({});
  const [errors, setErrors] = useState<Record<number, Record<string, string>>>({});
  const [notices, setNotices] = useState<Record<number, Notice | null>>({});
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [histories, setHistories] = useState<Record<number, HistoryEntry[]>>({});
  const [status, setStatus] = useState<{ text: string; undo?: () => void } | null>(null);
  const [popup, setPopup] = useState<{ start: number; end: number; x: number; y: number } | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [matches, setMatches] = useState<MatchesState>({ state: "loading" });
  // A reuse waiting for its reason (the claim already has a verdict), and the reason typed so far.
  const [reuseAsk, setReuseAsk] = useState<{ claimId: number; verdictId: number } | null>(null);
  const [reuseReason, setReuseReason] = useState("");
  const articleRef = useRef<HTMLDivElement>(null);
  const [centre, setCentre] = useState<{ id: number } | null>(null);

  const draft = selected ? (drafts[selected.id] ?? draftFrom(selected)) : null;
  const attribution = selected ? (attributions[selected.id] ?? { speaker: selected.speaker ?? "", cue: selected.cue ?? "" }) : null;
  const setDraft = (id: number, d: VerdictDraft) => setDrafts((all) => ({ ...all, [id]: d }));
  const setNotice = (id: number, n: Notice | null) => setNotices((all) => ({ ...all, [id]: n }));
  const replaceClaims = useCallback((updated: ClaimDto[], added: ClaimDto[] = []) => {
    const byId = new Map(updated.map((c) => [c.id, outlineOf(c)]));
    setClaims((all) => [...all.map((c) => byId.get(c.id) ?? c), ...added.map(outlineOf)].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id));
    setDetails((all) => ({ ...all, ...Object.fromEntries([...updated, ...added].map((c) => [c.id, c])) }));
  }, []);

  // Details of the claims around the selection, a page at a time, ahead of the reviewer (holding j never waits on them).
  const asked = useRef(new Set<number>());
  useEffect(() => {
    if (selectedAt === undefined) return;
    // The selected claim first, then those just ahead, then those just behind.
    let missing = -1;
    for (const i of [selectedAt, ...range(selectedAt + 1, selectedAt + DETAIL_AHEAD), ...range(selectedAt - DETAIL_BEHIND, selectedAt - 1)])
      if (visible[i] && !details[visible[i]!.id]) {
        missing = i;
        break;
      }
    if (missing === -1) return;
    // A page around the selection, ahead of a claim ahead, and ending at a claim behind (k walks back into it).
    const fromAt = missing === selectedAt ? missing - DETAIL_BEHIND : missing > selectedAt ? missing : missing - (DETAIL_PAGE - DETAIL_BEHIND);
    const from = visible[Math.max(0, fromAt)]!.start;
    if (asked.current.has(from)) return;
    asked.current.add(from);
    void callApi<{ claims: ClaimDto[] }>("GET", `/api/documents/${initial.id}/claims?from=${from}&limit=${DETAIL_PAGE}`).then((result) => {
      if (!result.ok) {
        asked.current.delete(from);
        return setStatus({ text: `Could not load the claims’ details: ${result.error.message}` });
      }
      // What this page already knows (a verdict just saved) is newer than the page fetched meanwhile.
      setDetails((all) => ({ ...Object.fromEntries(result.data.claims.map((c) => [c.id, c])), ...all }));
    });
  }, [selectedAt, visible, details, initial.id]);

  const loadHistory = useCallback(async (id: number) => {
    const result = await callApi<{ history: HistoryEntry[] }>("GET", `/api/claims/${id}/history`);
    if (result.ok) setHistories((all) => ({ ...all, [id]: result.data.history }));
  }, []);

  // Earlier verdicts of the team on similar claims: read after the page shows, never blocking it.
  // They are stored by a background job (decision 0027); while it still works on this document,
  // the read is repeated, so matches appear as they are found.
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const until = Date.now() + MATCH_POLL_FOR_MS;
    const read = () =>
      void fetchDocumentMatches(initial.id).then((m) => {
        if (!current) return;
        setMatches(m);
        if (m.state === "ok" && m.matching !== undefined && Date.now() < until) timer = setTimeout(read, MATCH_POLL_MS);
      });
    read();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [initial.id]);
  const retryMatches = () => {
    setMatches({ state: "loading" });
    void fetchDocumentMatches(initial.id).then(setMatches);
  };
  /** Claims made on this page (added, split, merged) are looked up one by one. */
  async function fetchClaimMatches(ids: number[]) {
    const found = await Promise.all(ids.map((id) => callApi<{ matches: ClaimMatch[] }>("GET", `/api/claims/${id}/matches`).then((r) => [id, r.ok ? r.data.matches : []] as const)));
    setMatches((m) => (m.state === "ok" ? { state: "ok", byClaim: { ...m.byClaim, ...Object.fromEntries(found.filter(([, list]) => list.length)) } } : m));
  }
  const judged = useMemo(
    () => new Set(matches.state === "ok" ? Object.keys(matches.byClaim).filter((id) => matches.byClaim[Number(id)]!.length).map(Number) : []),
    [matches],
  );

  // #claim-<id> in the address selects that claim (links from "Already judged" point there).
  useEffect(() => {
    const fromHash = () => {
      const m = /^#claim-(\d+)$/.exec(window.location.hash);
      if (!m) return;
      setSelectedId(Number(m[1]));
      // The browser scrolls the anchor to the very top (or finds none: a far claim is not drawn yet): the
      // article centres it, as a reader would want.
      setCentre({ id: Number(m[1]) });
    };
    const timer = setTimeout(fromHash, 0);
    window.addEventListener("hashchange", fromHash);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("hashchange", fromHash);
    };
  }, []);

  useEffect(() => {
    if (selectedId === null) return;
    let current = true;
    // Holding j should not fire a request per claim passed: fetch once the selection rests.
    const timer = setTimeout(() => {
      void callApi<{ history: HistoryEntry[] }>("GET", `/api/claims/${selectedId}/history`).then((result) => {
        if (current && result.ok) setHistories((all) => ({ ...all, [selectedId]: result.data.history }));
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [selectedId]);

  const counts = useMemo(() => {
    const c = { UNREVIEWED: 0, SOURCED: 0, DISPUTED: 0, OPINION: 0 };
    for (const claim of visible) c[claim.status]++;
    return c;
  }, [visible]);

  function apiFailed(id: number, error: ApiError) {
    if (error.code === "CONFLICT" && error.current) {
      const current = error.current as ClaimDto;
      replaceClaims([current]);
      const v = current.verdict;
      setNotice(id, {
        kind: "warn",
        text: `${error.message}${v ? ` Now: ${LABEL_NAMES[v.label]} by ${v.reviewer.name} (v${current.version}).` : ""}`,
      });
      void loadHistory(id);
      return;
    }
    setErrors((all) => ({ ...all, [id]: error.fields ?? {} }));
    setNotice(id, { kind: "error", text: error.message });
    const first = Object.keys(error.fields ?? {})[0];
    if (first) focusField(fieldId(first));
  }

  async function saveVerdict(claim: ClaimDto, d: VerdictDraft) {
    if (!d.label) return;
    const sources = d.label === "OPINION" ? [] : d.sources.filter((s) => s.url.trim() || s.title.trim() || s.quote.trim());
    const problems = verdictProblems({ label: d.label, rationale: d.rationale, reason: d.reason, sources }, { replacesVerdict: claim.status !== "UNREVIEWED" });
    if (problems.length) {
      const fields = Object.fromEntries(problems.map((p) => [p.path.join("."), p.message]));
      setErrors((all) => ({ ...all, [claim.id]: fields }));
      setNotice(claim.id, { kind: "error", text: problems[0]!.message });
      focusField(fieldId(problems[0]!.path.join(".")));
      return;
    }
    const result = await writeVerdict(claim, d.label, () =>
      callApi<{ claim: ClaimDto }>("PUT", `/api/claims/${claim.id}/verdict`, {
        label: d.label,
        rationale: d.rationale,
        reason: d.reason,
        sources,
        expectedVersion: claim.version,
      }),
    );
    if (!result.ok) return apiFailed(claim.id, result.error);
    setNotice(claim.id, { kind: "ok", text: `Saved: ${LABEL_NAMES[d.label]} (version ${result.data.claim.version}).` });
    setStatus({ text: `Claim #${claim.id} saved as ${LABEL_NAMES[d.label]}. Press n for the next unreviewed claim.` });
  }

  /**
   * Sends a verdict (typed or reused). Instant to the eye: the highlight takes the new status while the
   * request is under way, and goes back if it fails; on success the draft is dropped and history reloaded.
   */
  async function writeVerdict(claim: ClaimDto, status: VerdictLabel, request: () => Promise<ApiResult<{ claim: ClaimDto }>>) {
    setErrors((all) => ({ ...all, [claim.id]: {} }));
    setNotice(claim.id, null);
    setPending((p) => new Set(p).add(claim.id));
    replaceClaims([{ ...claim, status }]);
    const result = await request();
    setPending((p) => {
      const n = new Set(p);
      n.delete(claim.id);
      return n;
    });
    if (!result.ok) {
      replaceClaims([claim]);
      return result;
    }
    replaceClaims([result.data.claim]);
    setDrafts((all) => without(all, claim.id));
    setReuseAsk(null);
    void loadHistory(claim.id);
    return result;
  }

  /**
   * Records the earlier verdict of a match as this claim's verdict (label, rationale, sources copied,
   * citing it). Replacing a verdict needs a reason: the first press asks for it.
   */
  async function reuse(claim: ClaimDto, match: ClaimMatch) {
    const replaces = claim.status !== "UNREVIEWED";
    const asked = reuseAsk?.claimId === claim.id && reuseAsk.verdictId === match.verdict.id;
    const reason = asked ? reuseReason.trim() : "";
    if (replaces && !reason) {
      if (!asked) {
        setReuseAsk({ claimId: claim.id, verdictId: match.verdict.id });
        setReuseReason("");
        setErrors((all) => ({ ...all, [claim.id]: {} }));
      } else setErrors((all) => ({ ...all, [claim.id]: { "reuse-reason": "Say why the earlier verdict replaces this claim’s current one." } }));
      focusField("f-reuse-reason");
      return;
    }
    const result = await writeVerdict(claim, match.verdict.label, () =>
      callApi<{ claim: ClaimDto }>("POST", `/api/claims/${claim.id}/reuse`, {
        verdictId: match.verdict.id,
        expectedVersion: claim.version,
        ...(reason ? { reason } : {}),
      }),
    );
    if (!result.ok) {
      if (result.error.fields?.reason) {
        setReuseAsk({ claimId: claim.id, verdictId: match.verdict.id });
        setErrors((all) => ({ ...all, [claim.id]: { "reuse-reason": result.error.fields!.reason! } }));
        focusField("f-reuse-reason");
        return;
      }
      setReuseAsk(null);
      // The earlier verdict was replaced meanwhile: show the current matches.
      if (result.error.code === "CONFLICT" && !result.error.current) void fetchDocumentMatches(initial.id).then(setMatches);
      apiFailed(claim.id, result.error);
      return;
    }
    setReuseReason("");
    const label = LABEL_NAMES[match.verdict.label];
    setNotice(claim.id, { kind: "ok", text: `Saved: ${label}, reused from “${match.documentTitle}” (version ${result.data.claim.version}).` });
    setStatus({ text: `Claim #${claim.id} saved as ${label}, reusing an earlier verdict. Press n for the next unreviewed claim.` });
  }

  /** The opinion hint's button: picks Opinion in the form, saves nothing. */
  function markOpinion() {
    if (!selected || !draft) return;
    setDraft(selected.id, { ...draft, label: "OPINION" });
    setErrors((all) => ({ ...all, [selected.id]: {} }));
    focusField(selected.status !== "UNREVIEWED" ? "f-reason" : "f-rationale");
  }

  function chooseLabel(label: VerdictLabel) {
    if (!selected || !draft) return;
    const d: VerdictDraft = { ...draft, label, sources: draft.sources.length ? draft.sources : [emptySource()] };
    setDraft(selected.id, d);
    setErrors((all) => ({ ...all, [selected.id]: {} }));
    const replaces = selected.status !== "UNREVIEWED";
    if (label === "SOURCED") focusField("f-url-0");
    else if (label === "DISPUTED") focusField("f-rationale");
    else if (replaces) focusField("f-reason");
    else void saveVerdict(selected, d); // OPINION needs nothing more
  }

  async function saveAttribution() {
    if (!selected || !attribution) return;
    const result = await callApi<{ claim: ClaimDto }>("PUT", `/api/claims/${selected.id}/attribution`, { ...attribution, expectedVersion: selected.version });
    if (!result.ok) return apiFailed(selected.id, result.error);
    replaceClaims([result.data.claim]);
    setAttributions((all) => without(all, selected.id));
    setNotice(selected.id, { kind: "ok", text: "Attribution saved." });
    void loadHistory(selected.id);
  }

  async function dismiss(claim: ClaimDto) {
    const result = await callApi<{ claim: ClaimDto }>("POST", `/api/claims/${claim.id}/dismiss`, { expectedVersion: claim.version });
    if (!result.ok) return apiFailed(claim.id, result.error);
    const next = stepClaim(visible, claim.id, 1);
    replaceClaims([result.data.claim]);
    setSelectedId(next === claim.id ? stepClaim(visible, claim.id, -1) : next);
    setStatus({ text: `Claim #${claim.id} dismissed as not a claim.`, undo: () => void restore(result.data.claim) });
  }

  const [returning, setReturning] = useState<number | null>(null);
  // An approved document is locked (decision 0021): the server refuses every change; the page says why first.
  const locked = initial.approval
    ? `Approved by ${initial.approval.by ?? "an editor"}: this document is locked. ${canSignOff ? "Reopen it (top of the page), with a reason, to change it." : "Ask an editor to reopen it to change a verdict."}`
    : null;

  /** An editor approves the claim's verdict, or returns it to the reviewer with a comment. */
  async function signOff(claim: ClaimDto, decision: "approve" | "return", comment?: string) {
    const result = await callApi<{ claim: ClaimDto }>("POST", `/api/claims/${claim.id}/${decision}`, { expectedVersion: claim.version, comment });
    if (!result.ok) {
      if (result.error.fields?.comment) return setStatus({ text: result.error.fields.comment });
      return apiFailed(claim.id, result.error);
    }
    replaceClaims([result.data.claim]);
    setReturning(null);
    void loadHistory(claim.id);
    setStatus({ text: decision === "approve" ? `Approved the verdict of claim #${claim.id}.` : `Returned claim #${claim.id} to its reviewer.` });
  }

  /** Opens the return form of the claim (or closes it, with null), its comment field focused. */
  function openReturn(claimId: number | null) {
    setReturning(claimId);
    if (claimId !== null) requestAnimationFrame(() => document.getElementById("f-return")?.focus());
  }
  /** Whether an editor can approve or return the selected claim's verdict now. */
  const signable = canSignOff && !!selected?.signoff && selected.signoff.state !== "APPROVED";

  /** Records an earlier verdict of the claim again as its current one (z: the one before the current). */
  async function revert(claim: ClaimDto, verdictId: number | undefined) {
    if (verdictId === undefined) return setStatus({ text: "This claim has no earlier verdict to go back to." });
    const result = await callApi<{ claim: ClaimDto }>("POST", `/api/claims/${claim.id}/revert`, { verdictId, expectedVersion: claim.version });
    if (!result.ok) return apiFailed(claim.id, result.error);
    replaceClaims([result.data.claim]);
    setDrafts((all) => without(all, claim.id));
    void loadHistory(claim.id);
    setStatus({ text: `Claim #${claim.id} is back to its earlier verdict: ${LABEL_NAMES[result.data.claim.status]} (a new history entry, v${result.data.claim.version}).` });
  }

  /** Records that a hint of the claim was wrong (or takes that back): a label for the team's models. */
  async function markHint(claim: ClaimDto, task: HintTask, wrong: boolean) {
    const result = await callApi<{ claim: ClaimDto }>("PUT", `/api/claims/${claim.id}/hint`, { task, wrong });
    if (!result.ok) return setStatus({ text: result.error.fields?.task ?? result.error.message });
    replaceClaims([result.data.claim]);
    void loadHistory(claim.id);
    const what = task === "subjectivity" ? "opinion" : "check-worthiness";
    if (!wrong) return setStatus({ text: `The ${what} hint of claim #${claim.id} is no longer marked wrong.` });
    const more = markableHints(result.data.claim.hints).some((t) => !result.data.claim.hints?.wrong.includes(t));
    setStatus({
      text: `Marked the ${what} hint of claim #${claim.id} wrong: a label for your team’s next ${what} model.${more ? " Press w again for the other hint." : ""}`,
      undo: () => void markHint(result.data.claim, task, false),
    });
  }

  /** "w": marks the first hint of the selected claim not yet marked wrong. */
  function markNextHint(claim: ClaimDto) {
    if (!claim.hints) return setStatus({ text: "This claim’s hints are still being computed; try again in a moment." });
    const task = markableHints(claim.hints).find((t) => !claim.hints?.wrong.includes(t));
    if (!task) return setStatus({ text: "Every hint of this claim is already marked wrong; press u or Take back to undo." });
    void markHint(claim, task, true);
  }

  async function restore(claim: ClaimDto) {
    const result = await callApi<{ claim: ClaimDto }>("POST", `/api/claims/${claim.id}/restore`, { expectedVersion: claim.version });
    if (!result.ok) return setStatus({ text: result.error.message });
    replaceClaims([result.data.claim]);
    setSelectedId(claim.id);
    setStatus({ text: `Claim #${claim.id} restored.` });
  }

  async function split(claim: ClaimDto) {
    const sel = window.getSelection();
    const container = articleRef.current;
    const at = sel && container && sel.rangeCount ? offsetOfBoundary(container, sel.focusNode!, sel.focusOffset, index.length) : null;
    if (at === null || at <= claim.start || at >= claim.end) {
      setStatus({ text: "To split: click inside the selected claim where it should split, then press s." });
      return;
    }
    const result = await callApi<{ dismissed: ClaimDto; created: ClaimDto[] }>("POST", `/api/claims/${claim.id}/split`, { at, expectedVersion: claim.version });
    if (!result.ok) return apiFailed(claim.id, result.error);
    replaceClaims([result.data.dismissed], result.data.created);
    void fetchClaimMatches(result.data.created.map((c) => c.id));
    setSelectedId(result.data.created[0]!.id);
    setStatus({ text: `Claim #${claim.id} split in two.` });
  }

  async function mergeNext(claim: ClaimDto) {
    const next = visible[visible.findIndex((c) => c.id === claim.id) + 1];
    if (!next) return setStatus({ text: "There is no next claim to merge with." });
    const result = await callApi<{ dismissed: ClaimDto[]; created: ClaimDto }>("POST", `/api/claims/${claim.id}/merge`, { withClaimId: next.id, expectedVersion: claim.version });
    if (!result.ok) return apiFailed(claim.id, result.error);
    replaceClaims(result.data.dismissed, [result.data.created]);
    void fetchClaimMatches([result.data.created.id]);
    setSelectedId(result.data.created.id);
    setStatus({ text: `Claims #${claim.id} and #${next.id} merged.` });
  }

  async function addClaim(span: { start: number; end: number }) {
    setPopup(null);
    const result = await callApi<{ claim: ClaimDto }>("POST", `/api/documents/${initial.id}/claims`, span);
    window.getSelection()?.removeAllRanges();
    if (!result.ok) {
      if (result.error.code === "CONFLICT" && result.error.current) setSelectedId((result.error.current as ClaimDto).id);
      return setStatus({ text: result.error.message });
    }
    replaceClaims([], [result.data.claim]);
    void fetchClaimMatches([result.data.claim.id]);
    setSelectedId(result.data.claim.id);
    setStatus({ text: `Claim #${result.data.claim.id} added.` });
  }

  // Offer "Add claim" for any text selection inside the article.
  useEffect(() => {
    function onSelectionEnd() {
      const sel = window.getSelection();
      const container = articleRef.current;
      if (!sel || sel.isCollapsed || !sel.rangeCount || !container) return setPopup(null);
      const range = sel.getRangeAt(0);
      const a = offsetOfBoundary(container, range.startContainer, range.startOffset, index.length);
      const b = offsetOfBoundary(container, range.endContainer, range.endOffset, index.length);
      if (a === null || b === null || a === b) return setPopup(null);
      const rect = range.getBoundingClientRect();
      setPopup({ start: Math.min(a, b), end: Math.max(a, b), x: rect.left + window.scrollX, y: rect.bottom + window.scrollY + 6 });
    }
    document.addEventListener("mouseup", onSelectionEnd);
    document.addEventListener("keyup", onSelectionEnd);
    return () => {
      document.removeEventListener("mouseup", onSelectionEnd);
      document.removeEventListener("keyup", onSelectionEnd);
    };
  }, [index]);

  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  const handleKey = (e: KeyboardEvent) => {
    if (e.altKey) return;
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      if (selected && draft) {
        e.preventDefault();
        void saveVerdict(selected, draft);
      }
      return;
    }
    if (e.ctrlKey || e.metaKey) return;
    if (locked && !isEditable(e.target) && LOCKED_KEYS.has(e.key)) {
      setStatus({ text: locked });
      return;
    }
    if (isEditable(e.target)) {
      if (e.key === "Escape") (e.target as HTMLElement).blur();
      return;
    }
    const go = (id: number | null) => {
      if (id !== null) setSelectedId(id);
    };
    switch (e.key) {
      case "j":
        go(stepClaim(visible, selectedId, 1));
        break;
      case "k":
        go(stepClaim(visible, selectedId, -1));
        break;
      case "Home":
        go(visible[0]?.id ?? null);
        break;
      case "End":
        go(visible.at(-1)?.id ?? null);
        break;
      case "n": {
        const id = nextUnreviewed(visible, selectedId);
        if (id === null) setStatus({ text: "Every claim in this document has a verdict." });
        go(id);
        break;
      }
      case "c": {
        const id = nextCheckworthy(visible, selectedId);
        if (id === null) setStatus({ text: "Every claim in this document has a verdict." });
        else {
          const score = visible.find((c) => c.id === id)?.hints?.checkworthiness;
          setStatus({ text: `Most check-worthy unreviewed claim${selectedId !== null ? " after the current one" : ""}: #${id}${score !== undefined ? ` (${score.toFixed(2)})` : ""}. Press c again for the next.` });
        }
        go(id);
        break;
      }
      case "r": {
        if (!selected) break;
        const best = matches.state === "ok" ? matches.byClaim[selected.id]?.[0] : undefined;
        if (!best) {
          setStatus({
            text: matches.state === "loading" ? "Still looking for earlier verdicts; try again in a moment." : "No earlier verdict of the team matches this claim.",
          });
          break;
        }
        if (selected.verdict?.reusedFrom?.verdictId === best.verdict.id) {
          setStatus({ text: "This claim’s verdict already reuses that one." });
          break;
        }
        void reuse(selected, best);
        break;
      }
      case "1":
        chooseLabel("SOURCED");
        break;
      case "2":
        chooseLabel("DISPUTED");
        break;
      case "3":
        chooseLabel("OPINION");
        break;
      case "e":
        if (!canEditAttribution) break;
        focusField("f-speaker");
        document.getElementById("attribution-edit")?.setAttribute("open", "");
        break;
      case "w":
        if (selected) markNextHint(selected);
        break;
      case "z":
        if (selected) void revert(selected, earlierVerdicts(histories[selected.id])[0]?.id);
        break;
      case "A":
        if (signable && selected) void signOff(selected, "approve");
        break;
      case "R":
        if (signable && selected) openReturn(selected.id);
        break;
      case "x":
        if (selected) void dismiss(selected);
        break;
      case "s":
        if (selected) void split(selected);
        break;
      case "m":
        if (selected) void mergeNext(selected);
        break;
      case "a":
        if (popup) void addClaim(popup);
        break;
      case "u":
        status?.undo?.();
        break;
      case "?":
        setShowHelp((v) => !v);
        break;
      case "Escape":
        if (popup) {
          setPopup(null);
          window.getSelection()?.removeAllRanges();
        } else if (selected) {
          setDrafts((all) => without(all, selected.id));
          setErrors((all) => ({ ...all, [selected.id]: {} }));
          setNotice(selected.id, null);
          setReuseAsk(null);
        }
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  // The window listener is attached once and always calls the latest handler. A layout effect: it runs in
  // the commit itself, so a key pressed right after new state shows (Chrome runs input before the passive
  // effects' task) already sees that state, e.g. z right after the history arrives.
  useLayoutEffect(() => {
    onKey.current = handleKey;
  });
  useEffect(() => {
    const handler = (e: KeyboardEvent) => onKey.current(e);
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, []);

  return (
    <div>
      <div className="review-head">
        <div>
          <div className="review-title">
            <h1>{initial.title}</h1>
            <DocumentStateBadge state={initial.state} />
          </div>
          <div className="muted small">
            {[initial.publisher, initial.author, initial.publishedAt].filter(Boolean).join(" · ") || "No publisher or date given"}
            {initial.sourceUrl ? (
              <>
                {" · "}
                <a href={initial.sourceUrl} target="_blank" rel="noopener noreferrer nofollow">
                  original
                </a>
              </>
            ) : null}
          </div>
        </div>
        <div className="small" aria-live="polite" data-testid="progress">
          <strong>
            {visible.length - counts.UNREVIEWED} of {visible.length}
          </strong>{" "}
          reviewed ·{" "}
          <span className="chip SOURCED">✓ {counts.SOURCED}</span> <span className="chip DISPUTED">✗ {counts.DISPUTED}</span>{" "}
          <span className="chip OPINION">❝ {counts.OPINION}</span> <span className="chip UNREVIEWED">? {counts.UNREVIEWED}</span>
        </div>
      </div>
      <div className="review with-list">
        <ClaimList claims={visible} quoteOf={quoteOf} selectedId={selectedClaim?.id ?? null} matches={matches} onRetryMatches={retryMatches} onSelect={setSelectedId} />
        <div className="article-column">
          {visible.length === 0 ? (
            <div className="banner warn">No claims were found in this text. Select any passage to add one as a claim.</div>
          ) : null}
          {initial.assistPending ? (
            <div className="banner warn" role="status" data-testid="assist-pending">
              Suggestions for this long article (who said it, check-worthiness, opinion hints, earlier verdicts) are still being
              worked out for {initial.assistPending.toLocaleString("en")} claims. You can review meanwhile;{" "}
              <button type="button" className="link" onClick={() => window.location.reload()}>
                reload
              </button>{" "}
              in a few seconds to see them.
            </div>
          ) : null}
          <ArticleText index={index} claims={visible} selectedId={selectedClaim?.id ?? null} pending={pending} judged={judged} onSelectClaim={setSelectedId} containerRef={articleRef} centre={centre} />
          {popup ? (
            <div className="selection-pop" style={{ left: popup.x, top: popup.y }}>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => void addClaim(popup)}>
                + Add claim <kbd>a</kbd>
              </button>
            </div>
          ) : null}
        </div>
        <aside className="panel" aria-label="Selected claim">
          <div className="status-line" role="status" aria-live="polite" data-testid="status">
            {status ? (
              <>
                {status.text}{" "}
                {status.undo ? (
                  <button type="button" className="small" onClick={status.undo}>
                    Undo <kbd>u</kbd>
                  </button>
                ) : null}
              </>
            ) : null}
          </div>
          {selected && draft && attribution ? (
            <ClaimPanel
              claim={selected}
              draft={draft}
              onDraft={(d) => setDraft(selected.id, d)}
              errors={errors[selected.id] ?? {}}
              notice={notices[selected.id] ?? null}
              saving={pending.has(selected.id)}
              onChooseLabel={chooseLabel}
              onSave={() => void saveVerdict(selected, draft)}
              attribution={attribution}
              canEditAttribution={canEditAttribution}
              onAttribution={(a) => setAttributions((all) => ({ ...all, [selected.id]: a }))}
              onSaveAttribution={() => void saveAttribution()}
              history={histories[selected.id]}
              onDismiss={() => void dismiss(selected)}
              onMergeNext={visible[visible.length - 1]?.id !== selected.id ? () => void mergeNext(selected) : null}
              onMarkOpinion={markOpinion}
              onWrongHint={(task, wrong) => void markHint(selected, task, wrong)}
              canSignOff={canSignOff}
              returning={returning === selected.id}
              onReturning={(open) => openReturn(open ? selected.id : null)}
              onApprove={() => void signOff(selected, "approve")}
              onReturn={(comment) => void signOff(selected, "return", comment)}
              onRevert={(verdictId) => void revert(selected, verdictId)}
              locked={locked}
              matches={matches}
              onRetryMatches={retryMatches}
              onReuse={(m) => void reuse(selected, m)}
              reuseAsk={reuseAsk?.claimId === selected.id ? reuseAsk.verdictId : null}
              reuseReason={reuseReason}
              onReuseReason={setReuseReason}
              onCancelReuse={() => setReuseAsk(null)}
            />
          ) : selectedClaim ? (
            <div className="card" aria-labelledby="panel-heading" aria-busy="true" data-testid="panel-loading">
              <h2 id="panel-heading">
                Claim #{selectedClaim.id} <span className={`chip ${selectedClaim.status}`}>{LABEL_NAMES[selectedClaim.status]}</span>
              </h2>
              <blockquote className={`quote ${selectedClaim.status}`} data-testid="claim-quote">
                {quoteOf(selectedClaim)}
              </blockquote>
              <p className="muted small">Loading its verdict, sources and hints…</p>
            </div>
          ) : (
            <div className="card muted" data-testid="panel-empty">
              {visible.length === 0
                ? "Select a passage of the text to add it as a claim."
                : counts.UNREVIEWED
                  ? <>Press <kbd>n</kbd> for the first unreviewed claim, <kbd>c</kbd> for the most check-worthy one, <kbd>j</kbd> for the first claim, or click a highlighted sentence.</>
                  : "Every claim has a verdict. Click a claim to see its history or change it."}
            </div>
          )}
          <details className="card" style={{ marginTop: "0.75rem" }} open={showHelp} onToggle={(e) => setShowHelp((e.target as HTMLDetailsElement).open)}>
            <summary>Keyboard shortcuts</summary>
            <div className="shortcuts" style={{ marginTop: "0.5rem" }}>
              <kbd>j</kbd> <span>next claim</span>
              <kbd>k</kbd> <span>previous claim</span>
              <kbd>Home</kbd> <span>first claim</span>
              <kbd>End</kbd> <span>last claim</span>
              <kbd>n</kbd> <span>next unreviewed claim</span>
              <kbd>c</kbd> <span>next most check-worthy unreviewed claim</span>
              <kbd>1</kbd> <span>Sourced (then add the source URL)</span>
              <kbd>2</kbd> <span>Disputed (then the rationale)</span>
              <kbd>3</kbd> <span>Opinion (saves at once)</span>
              <kbd>Ctrl+Enter</kbd> <span>save the verdict</span>
              <kbd>Esc</kbd> <span>leave a field; again: discard unsaved input</span>
              <kbd>r</kbd> <span>reuse the best earlier verdict of the team</span>
              <kbd>e</kbd> <span>correct who said it (editors)</span>
              <kbd>a</kbd> <span>add the selected text as a claim</span>
              <kbd>s</kbd> <span>split the claim at the caret</span>
              <kbd>m</kbd> <span>merge with the next claim</span>
              <kbd>w</kbd> <span>wrong hint: a label for the team’s models</span>
              <kbd>z</kbd> <span>revert to the verdict before the current one (a new history entry)</span>
              <kbd>⇧A</kbd> <span>approve the verdict (editors)</span>
              <kbd>⇧R</kbd> <span>return the verdict to its reviewer, with a comment (editors)</span>
              <kbd>x</kbd> <span>dismiss: not a claim</span>
              <kbd>u</kbd> <span>undo a dismissal or a wrong hint</span>
              <kbd>?</kbd> <span>show these shortcuts</span>
            </div>
          </details>
          {dismissed.length ? (
            <details className="card" style={{ marginTop: "0.75rem" }}>
              <summary>Dismissed ({dismissed.length})</summary>
              <ul className="small" style={{ paddingLeft: "1rem" }}>
                {dismissed.map((lite) => {
                  const c = details[lite.id];
                  const exact = quoteOf(lite);
                  return (
                  <li key={lite.id}>
                    “{exact.length > 90 ? `${exact.slice(0, 90)}…` : exact}”{" "}
                    {c && (c.origin === "SEGMENTER" || c.origin === "MANUAL") ? (
                      <button type="button" className="small" onClick={() => void restore(c)}>
                        Restore
                      </button>
                    ) : null}
                  </li>
                  );
                })}
              </ul>
            </details>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

async function fetchDocumentMatches(documentId: number): Promise<MatchesState> {
  const result = await callApi<{ matches: Record<string, ClaimMatch[]>; matching?: { pending: boolean; claims: number } }>("GET", `/api/documents/${documentId}/matches`);
  if (!result.ok) return { state: "error" };
  const byClaim = Object.fromEntries(Object.entries(result.data.matches).map(([id, m]) => [Number(id), m]));
  return result.data.matching?.pending ? { state: "ok", byClaim, matching: result.data.matching.claims } : { state: "ok", byClaim };
}

/** While the match job works on a document, its matches are read again this often (for at most MATCH_POLL_FOR_MS). */
const MATCH_POLL_MS = 2_000;
const MATCH_POLL_FOR_MS = 10 * 60_000;

/** The keys that would change a claim: on an approved (locked) document they say why they cannot. */
const LOCKED_KEYS = new Set(["1", "2", "3", "x", "s", "m", "a", "r", "z", "e", "A", "R"]);

/** The whole numbers from a to b, both included (none when b < a). */
const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);

function without<T>(record: Record<number, T>, id: number): Record<number, T> {
  const copy = { ...record };
  delete copy[id];
  return copy;
}

/** The input id for an API field path, to focus it after a failed save. */
function fieldId(path: string): string {
  const m = /^sources\.(\d+)\.(\w+)$/.exec(path);
  if (m) return { url: `f-url-${m[1]}`, title: `f-title-${m[1]}`, quote: `f-quote-${m[1]}`, publisher: `f-pub-${m[1]}`, accessedAt: `f-acc-${m[1]}` }[m[2]!] ?? "f-url-0";
  return { sources: "f-url-0", rationale: "f-rationale", reason: "f-reason", speaker: "f-speaker", cue: "f-cue" }[path] ?? "f-rationale";
}
