import { describe, expect, it } from "vitest";
import { verdictProblems } from "@/lib/domain/verdicts";
import { verdictPut } from "@/lib/schemas/claims";

const fresh = { replacesVerdict: false };

describe("verdictProblems", () => {
  it("accepts SOURCED with a source URL", () => {
    expect(verdictProblems({ label: "SOURCED", sources: [{ url: "https://example.org" }] }, fresh)).toEqual([]);
  });
  it("refuses SOURCED without any source, or with sources lacking URLs", () => {
    expect(verdictProblems({ label: "SOURCED", sources: [] }, fresh)).toEqual([{ path: ["sources"], message: expect.stringMatching(/at least one source/) }]);
    expect(verdictProblems({ label: "SOURCED", sources: [{ url: "  " }] }, fresh)).toHaveLength(1);
  });
  it("refuses DISPUTED without a rationale, accepts it with one and no source", () => {
    expect(verdictProblems({ label: "DISPUTED", sources: [], rationale: " " }, fresh)).toEqual([{ path: ["rationale"], message: expect.stringMatching(/rationale/) }]);
    expect(verdictProblems({ label: "DISPUTED", sources: [], rationale: "Casualty figures differ" }, fresh)).toEqual([]);
  });
  it("accepts OPINION with nothing more", () => {
    expect(verdictProblems({ label: "OPINION", sources: [] }, fresh)).toEqual([]);
  });
  it("requires a reason when a verdict replaces an earlier one", () => {
    expect(verdictProblems({ label: "OPINION", sources: [] }, { replacesVerdict: true })).toEqual([{ path: ["reason"], message: expect.stringMatching(/reason/) }]);
    expect(verdictProblems({ label: "OPINION", sources: [], reason: "Re-read: it is a view" }, { replacesVerdict: true })).toEqual([]);
  });
  it("reports every problem at once", () => {
    expect(verdictProblems({ label: "DISPUTED", sources: [] }, { replacesVerdict: true }).map((p) => p.path[0])).toEqual(["rationale", "reason"]);
  });
});

describe("verdictPut schema", () => {
  const base = { label: "SOURCED", expectedVersion: 1, sources: [{ url: "https://example.org/a" }] };
  it("parses a full verdict and drops empty optional text", () => {
    const parsed = verdictPut.parse({ ...base, rationale: "", reason: "  ", sources: [{ url: " https://example.org/a ", title: "", quote: "q", accessedAt: "2025-04-24" }] });
    expect(parsed).toEqual({ label: "SOURCED", expectedVersion: 1, rationale: undefined, reason: undefined, sources: [{ url: "https://example.org/a", title: undefined, publisher: undefined, quote: "q", accessedAt: "2025-04-24" }] });
  });
  it.each([
    ["javascript:alert(1)"],
    ["ftp://example.org/file"],
    ["not a url"],
    ["https://user:pw@example.org"],
    [""],
  ])("refuses the source URL %j with a field path", (url) => {
    const result = verdictPut.safeParse({ ...base, sources: [{ url }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["sources", 0, "url"]);
  });
  it("refuses an unknown label and a missing version", () => {
    const r = verdictPut.safeParse({ label: "TRUE", sources: [] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(["expectedVersion", "label"]);
  });
  it("refuses an impossible date", () => {
    const r = verdictPut.safeParse({ ...base, sources: [{ url: "https://example.org", accessedAt: "2025-02-30" }] });
    expect(r.success).toBe(false);
  });
});
