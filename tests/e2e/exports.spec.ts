// An editor opens the exports page, sets filters, downloads CSV and JSON, and the files parse and
// hold exactly the expected claim; a reviewer is told the page is not for their role.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Member } from "@/lib/server/session";
import { teamExportSchema } from "@/lib/schemas/export";
import { importDoc, tag } from "../helpers/claimdesk";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { launch, newPage, signInAs, textMatching } from "./browser";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp";

let browser: Browser;
let close: () => Promise<void>;
let editor: Member;
let reviewer: Member;
let title: string;
let sourced: { id: number; exact: string };
let slug: string;

beforeAll(async () => {
  ({ browser, close } = await launch());
  const team = await teamWith(["EDITOR", "REVIEWER"]);
  [editor, reviewer] = team.members as [Member, Member];
  slug = team.team.slug;
  const api = await signIn(editor.email, PASSWORD);
  title = `Bus routes, "north" ${tag()}`;
  const doc = await importDoc(api, {
    title,
    text: "The council approved the budget on Tuesday after a long debate. The mayor said 40 percent of buses now run on time, a record. Critics argued that the plan cuts bus routes in the north.",
  });
  const [a, b] = doc.claims;
  const put = async (claimId: number, body: unknown) => expect((await api.request("PUT", `/api/claims/${claimId}/verdict`, body)).status).toBe(200);
  await put(a.id, { label: "OPINION", expectedVersion: 1 });
  await put(b.id, { label: "SOURCED", sources: [{ url: "https://stats.example.org/buses", title: "Punctuality, October" }], expectedVersion: 1 });
  sourced = { id: b.id, exact: b.exact };
});
afterAll(async () => {
  await close?.();
});

describe("the exports page", () => {
  it("an editor sets filters and downloads CSV and JSON that hold the expected claim only", async () => {
    const { page, pageErrors } = await newPage(browser);
    await signInAs(page, editor.email, PASSWORD);
    await page.goto("/exports");
    await page.getByRole("heading", { name: "Exports" }).waitFor();

    await page.getByLabel("Status").selectOption("SOURCED");
    await page.getByLabel("Document").selectOption({ label: title });
    await page.getByLabel("Reviewer (current verdict)").selectOption({ label: `${editor.name} (${editor.email})` });
    // A range the wrong way round disables the downloads until it is fixed.
    await page.getByLabel("Verdict from (UTC day)").fill("2099-01-02");
    await page.getByLabel("Verdict to (UTC day, inclusive)").fill("2099-01-01");
    await textMatching(page.locator("[role=alert]"), /before the “from” date/);
    expect(await page.getByRole("button", { name: "Download CSV" }).isDisabled()).toBe(true);
    await page.getByLabel("Verdict from (UTC day)").fill("");
    await page.getByLabel("Verdict to (UTC day, inclusive)").fill("");
    await page.screenshot({ path: `${SHOTS}/exports-page.png`, fullPage: true });

    const csvLink = page.getByRole("link", { name: "Download CSV" });
    expect(await csvLink.getAttribute("href")).toMatch(/^\/api\/exports\?format=csv&verdict=SOURCED&reviewer=\d+&document=\d+$/);
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), csvLink.click()]);
    expect(csvDownload.suggestedFilename()).toBe(`claimdesk-${slug}-claims-${new Date().toISOString().slice(0, 10)}.csv`);
    const csv = readFileSync((await csvDownload.path())!, "utf8");
    const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true, record_delimiter: "\r\n" });
    expect(rows.map((r) => [Number(r.claim_id), r.quote, r.status, r.document_title, r.source_urls])).toEqual([
      [sourced.id, sourced.exact, "SOURCED", title, "https://stats.example.org/buses"],
    ]);

    const [jsonDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download JSON" }).click()]);
    expect(jsonDownload.suggestedFilename()).toMatch(/\.json$/);
    const file = teamExportSchema.parse(JSON.parse(readFileSync((await jsonDownload.path())!, "utf8")));
    expect(file.filters).toMatchObject({ verdict: "SOURCED", reviewer: editor.userId });
    expect(file.documents.map((d) => [d.title, d.claims.map((c) => [c.id, c.anchor.exact, c.verdict?.label])])).toEqual([
      [title, [[sourced.id, sourced.exact, "SOURCED"]]],
    ]);
    expect(pageErrors).toEqual([]);
  });

  it("tells a reviewer it is for editors and admins", async () => {
    const { page } = await newPage(browser);
    await signInAs(page, reviewer.email, PASSWORD);
    await page.goto("/exports");
    await textMatching(page.locator("[data-testid=forbidden]"), /Editors and admins only/);
    expect(await page.getByRole("link", { name: "Download CSV" }).count()).toBe(0);
  });
});
