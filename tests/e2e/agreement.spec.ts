// An editor opens the agreement page from the top bar over seeded blind second reviews, reads the
// figures and their interpretation, finds both plots (SVG with their spoken labels), narrows to
// one document, and downloads the CSV; a reviewer has no link and is refused the page.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { VerdictLabel } from "@prisma/client";
import type { Member } from "@/lib/server/session";
import { importDoc, tag } from "../helpers/claimdesk";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { createSecondReview, recordVerdict } from "../helpers/second-reviews";
import { launch, newPage, signInAs, textMatching } from "./browser";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp";
const S: VerdictLabel = "SOURCED";
const D: VerdictLabel = "DISPUTED";
const O: VerdictLabel = "OPINION";

// The ten pairs of tests/integration/agreement.int.test.ts (p_o .7, κ .32/.62 = .52, α 134/248 = .54),
// spread over four documents and four ISO weeks so the plot has a line to draw.
const PLAN: { topic: string; pairs: [VerdictLabel, VerdictLabel][]; submittedAt: string; aliceFirst: boolean }[] = [
  { topic: "harbour", pairs: [[S, S], [S, S], [S, S]], submittedAt: "2026-11-03T10:00:00Z", aliceFirst: true },
  { topic: "rail", pairs: [[S, S], [S, D], [D, D]], submittedAt: "2026-11-11T10:00:00Z", aliceFirst: true },
  { topic: "school", pairs: [[D, D], [D, O]], submittedAt: "2026-11-18T10:00:00Z", aliceFirst: false },
  { topic: "hospital", pairs: [[O, O], [O, S]], submittedAt: "2026-11-26T10:00:00Z", aliceFirst: false },
];

let browser: Browser;
let close: () => Promise<void>;
let editor: Member;
let alice: Member;
let bruno: Member;
const docs: { id: number; title: string }[] = [];

beforeAll(async () => {
  ({ browser, close } = await launch());
  const { team, members } = await teamWith(["EDITOR", "REVIEWER", "REVIEWER"]);
  [editor, alice, bruno] = members as [Member, Member, Member];
  const api = await signIn(editor.email, PASSWORD);
  for (const step of PLAN) {
    const text =
      step.pairs.map((_, i) => `The ${step.topic} budget grew by ${i + 3} percent last year, the finance office said.`).join(" ") + `\nRef ${tag()}`;
    const doc = await importDoc(api, { title: `${step.topic[0]!.toUpperCase()}${step.topic.slice(1)} budget ${tag()}`, text });
    expect(doc.claims).toHaveLength(step.pairs.length);
    const [first, second] = step.aliceFirst ? [alice, bruno] : [bruno, alice];
    const ratings = [];
    for (const [i, [firstLabel, secondLabel]] of step.pairs.entries()) {
      const firstVerdictId = await recordVerdict(team.id, doc.claims[i].id, firstLabel, first.userId);
      ratings.push({ claimId: doc.claims[i].id, label: secondLabel, firstVerdictId });
    }
    await createSecondReview({ teamId: team.id, documentId: doc.id, reviewerId: second.userId, requestedById: editor.userId, state: "DONE", submittedAt: new Date(step.submittedAt), ratings });
    docs.push({ id: doc.id, title: doc.title });
  }
}, 90_000);
afterAll(async () => {
  await close?.();
});

describe("the agreement page", () => {
  it("shows an editor the figures, both plots and the tables, filters by document, and downloads the CSV", async () => {
    const { page, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Agreement" }).click();
    await page.waitForURL("**/agreement");

    await textMatching(page.getByTestId("agreement-interpretation"), /70 % of 10 claims compared; Cohen's κ of 0\.52 is moderate agreement beyond chance \(Landis & Koch 1977 bands\)/);
    expect(await page.getByTestId("figure-pairs").innerText()).toMatch(/10\s+10 distinct claim\(s\), 4 second review\(s\)/);
    expect(await page.getByTestId("figure-raw").innerText()).toMatch(/70 %/);
    expect(await page.getByTestId("figure-kappa").innerText()).toMatch(/0\.52/);
    expect(await page.getByTestId("figure-alpha").innerText()).toMatch(/0\.54/);
    expect(await page.getByTestId("figure-fleiss").innerText()).toMatch(/0\.52[\s\S]*Over all 10 claims, each with 2 ratings/);

    const overTime = page.getByTestId("agreement-over-time").locator("svg[role=img]");
    expect(await overTime.getAttribute("aria-label")).toMatch(/^Agreement over time, 4 weeks: 2026-W45, 3 claims, raw agreement 100 %/);
    expect(await page.getByTestId("agreement-over-time").locator("svg[role=img] circle").count()).toBe(4);
    const matrix = page.getByTestId("confusion-matrix").locator("svg[role=img]");
    expect(await matrix.getAttribute("aria-label")).toContain("Confusion matrix of 10 claims, first verdict by second verdict: first Sourced, second Sourced: 4; first Sourced, second Disputed: 1;");
    // The numbers are there without the picture too.
    await page.getByTestId("confusion-matrix").getByText("The figures as a table").click();
    expect(await page.getByTestId("confusion-matrix").locator("table tbody tr").first().innerText()).toMatch(/^Sourced\s+4\s+1\s+0$/i);

    expect(await page.getByTestId("agreement-documents").locator("tbody tr").count()).toBe(4);
    expect(await page.getByTestId("agreement-pairs").innerText()).toContain(`${alice.name} & ${bruno.name}\t10\t70 %`);
    await page.screenshot({ path: `${SHOTS}/claimdesk-agreement.png`, fullPage: true });

    const csvLink = page.getByRole("link", { name: "Download CSV" });
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^claimdesk-team-[0-9a-f]{8}-agreement-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows: Record<string, string>[] = parse(readFileSync((await csvDownload.path())!, "utf8"), { bom: true, columns: true, record_delimiter: "\r\n" });
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.agreed === "yes")).toHaveLength(7);
    expect(rows[0]).toMatchObject({ document_title: docs[0]!.title, first_rater: alice.name, second_rater: bruno.name, first_label: "SOURCED", second_label: "SOURCED", agreed: "yes" });

    // One document: the figures of the rail budget's three claims only (p_o 2/3).
    await page.getByLabel("Document", { exact: true }).selectOption(String(docs[1]!.id));
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(`**/agreement?document=${docs[1]!.id}&from=&to=`);
    await textMatching(page.getByTestId("agreement-interpretation"), /67 % of 3 claims compared/);
    expect(await page.getByLabel("Document", { exact: true }).inputValue()).toBe(String(docs[1]!.id));
    expect(await page.getByRole("link", { name: "Download CSV" }).getAttribute("href")).toBe(`/api/agreement?format=csv&document=${docs[1]!.id}`);
    expect(await page.getByTestId("agreement-documents").locator("tbody tr").count()).toBe(1);

    // A range with nothing in it says so, and how figures come about.
    await page.goto("/agreement?from=2026-12-01&to=2026-12-31");
    await textMatching(page.getByTestId("agreement-empty"), /No submitted second review matches these filters[\s\S]*Request a blind second review on a document's review page/);
    await page.goto("/agreement?from=2026-02-30");
    await textMatching(page.getByTestId("agreement-problem"), /from must be a real date written YYYY-MM-DD/);
    expect(pageErrors).toEqual([]);
  });

  it("is not offered to a reviewer, and refused when opened", async () => {
    const { page } = await newPage(browser);
    await signInAs(page, alice.email, PASSWORD);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Agreement" }).count()).toBe(0);
    await page.goto("/agreement");
    await textMatching(page.getByTestId("forbidden"), /Editors and admins only/);
    expect(await page.getByTestId("agreement-over-time").count()).toBe(0);
  });
});
