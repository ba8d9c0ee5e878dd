// An admin invites a reviewer in the browser; the reviewer opens the link in another browser,
// creates an account, lands signed in and records a verdict from the keyboard; the admin sees them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { db } from "@/lib/server/db";
import type { Member } from "@/lib/server/session";
import { importDoc, tag } from "../helpers/claimdesk";
import { teamWith, PASSWORD } from "../helpers/factories";
import { signIn } from "../helpers/http";
import { launch, newPage, signInAs, textMatching } from "./browser";

const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp";

let browser: Browser;
let close: () => Promise<void>;
let admin: Member;
let title: string;

beforeAll(async () => {
  ({ browser, close } = await launch());
  // A team of its own, so the demo team and other suites are not disturbed.
  const { members } = await teamWith(["ADMIN"]);
  admin = members[0]!;
  title = `Council budget vote ${tag()}`;
  await importDoc(await signIn(admin.email, PASSWORD), {
    title,
    text: "The council approved the budget on Tuesday after a long debate. The mayor said it was the best budget in a decade. Critics argued that the plan cuts bus routes in the north.",
  });
});
afterAll(async () => {
  await close?.();
});

describe("inviting a reviewer", () => {
  it("admin invites, the invitee creates an account from the link, reviews a claim, and appears in the members table", async () => {
    const a = await newPage(browser);
    await signInAs(a.page, admin.email, PASSWORD);
    await a.page.goto("/settings/team");
    await a.page.getByRole("heading", { name: `Team: ${admin.teamName}` }).waitFor();

    const email = `rita-${tag()}@example.test`;
    await a.page.fill("#inv-email", email);
    await a.page.selectOption("#inv-role", "REVIEWER");
    await a.page.getByRole("button", { name: "Create invitation link" }).click();
    await textMatching(a.page.locator("[data-testid=invite-created]"), /Invitation created for .* as Reviewer/);
    const link = await a.page.inputValue("#invite-link");
    expect(link).toMatch(/^http:\/\/[^/]+\/invite\/[A-Za-z0-9_-]{40,}$/);
    await textMatching(a.page.locator("[data-testid=invitations]"), new RegExp(`${email}\\s+Reviewer\\s+Pending`));
    await a.page.screenshot({ path: `${SHOTS}/team-admin-invited.png`, fullPage: true });

    // Another browser, nobody signed in: the link, the account form, and straight into the documents.
    const b = await newPage(browser);
    await b.page.goto(link);
    await textMatching(b.page.locator("[data-testid=invite-summary]"), new RegExp(`join ${admin.teamName} as a reviewer`));
    await b.page.fill("#acc-name", "Rita Reviewer");
    await b.page.fill("#acc-password", "short");
    await b.page.fill("#acc-repeat", "short");
    // The browser's own minlength check would stop this submit; the server's message is what we test.
    await b.page.evaluate(() => document.querySelector("form")?.setAttribute("novalidate", ""));
    await b.page.getByRole("button", { name: `Create account and join ${admin.teamName}` }).click();
    await textMatching(b.page.locator("#acc-password-error"), /at least 12 characters/);
    await expect(b.page.getAttribute("#acc-password", "aria-invalid")).resolves.toBe("true");
    await b.page.fill("#acc-password", "meadow lantern copper rain");
    await b.page.fill("#acc-repeat", "meadow lantern copper rain");
    await b.page.screenshot({ path: `${SHOTS}/team-invite-form.png`, fullPage: true });
    await b.page.getByRole("button", { name: `Create account and join ${admin.teamName}` }).click();
    await b.page.waitForURL("**/documents");
    await textMatching(b.page.locator("header.topbar"), /Rita Reviewer/);

    // A reviewer: no import form.
    expect(await b.page.locator("#imp-title").count()).toBe(0);
    await b.page.getByRole("link", { name: title, exact: true }).click();
    await b.page.waitForSelector("[data-testid=article] mark");
    await b.page.keyboard.press("n");
    const quote = await b.page.locator("[data-testid=claim-quote]").innerText();
    await b.page.keyboard.press("3");
    await textMatching(b.page.locator("[data-testid=panel-notice]"), /Saved: Opinion/);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const verdicts = await db.verdict.findMany({ where: { reviewerId: user.id }, include: { claim: true } });
    expect(verdicts.map((v) => [v.label, v.teamId, v.claim.exact])).toEqual([["OPINION", admin.teamId, quote]]);

    // The reviewer sees the members, read-only.
    await b.page.goto("/settings/team");
    await textMatching(b.page.locator("[data-testid=members]"), /Rita Reviewer/);
    expect(await b.page.locator("[data-testid=members] select").count()).toBe(0);
    expect(await b.page.locator("#inv-email").count()).toBe(0);
    expect(await b.page.getByRole("button", { name: /Remove/ }).count()).toBe(0);
    await b.page.screenshot({ path: `${SHOTS}/team-reviewer-view.png`, fullPage: true });

    // The link is spent.
    await b.page.goto(link);
    await textMatching(b.page.locator("[data-testid=invite-unusable]"), /already been used/);

    // The admin sees the new member, and the invitation accepted.
    await a.page.reload();
    const row = a.page.locator(`[data-testid=members] tr[data-user-id="${user.id}"]`);
    await textMatching(row, new RegExp(`Rita Reviewer\\s+${email}`));
    await expect(a.page.inputValue(`#role-${user.id}`)).resolves.toBe("REVIEWER");
    await textMatching(a.page.locator("[data-testid=invitations]"), new RegExp(`${email}\\s+Reviewer\\s+Accepted`));
    await a.page.screenshot({ path: `${SHOTS}/team-admin-after.png`, fullPage: true });

    expect(a.pageErrors).toEqual([]);
    expect(b.pageErrors).toEqual([]);
    expect(a.dialogs).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it("an existing account: another signed-in person is asked to sign out, then the invitee signs in and joins", async () => {
    const invited = (await teamWith(["EDITOR"])).members[0]!;
    const stranger = (await teamWith(["REVIEWER"])).members[0]!;
    const created = await (await signIn(admin.email, PASSWORD)).request("POST", "/api/team/invitations", { email: invited.email, role: "EDITOR" });
    expect(created.status).toBe(201);
    const path = `/invite/${created.json.token}`;

    const { page, context, pageErrors } = await newPage(browser);
    await signInAs(page, stranger.email, PASSWORD);
    await page.goto(path);
    await textMatching(page.locator("[data-testid=invite-wrong-account]"), new RegExp(`signed in as ${stranger.email}, but this invitation is for ${invited.email}`));
    await page.screenshot({ path: `${SHOTS}/team-invite-wrong-account.png`, fullPage: true });
    await page.getByRole("button", { name: `Sign out ${stranger.email}` }).click();
    await page.waitForURL(/\/signin\?callbackUrl=/);

    await page.fill("#email", invited.email);
    await page.fill("#password", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`**${path}`);
    await page.screenshot({ path: `${SHOTS}/team-invite-join.png`, fullPage: true });
    await page.getByRole("button", { name: `Join ${admin.teamName}` }).click();
    await page.waitForURL("**/documents");
    // Landed in the team just joined, whose article is listed.
    await textMatching(page.locator("header.topbar"), new RegExp(admin.teamName));
    await page.getByRole("link", { name: title, exact: true }).waitFor();
    const roles = await db.membership.findMany({ where: { userId: invited.userId }, select: { teamId: true, role: true } });
    expect(roles).toEqual(expect.arrayContaining([{ teamId: invited.teamId, role: "EDITOR" }, { teamId: admin.teamId, role: "EDITOR" }]));
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("admin changes a role and removes a member with a confirmation, and revokes an invitation", async () => {
    const { members } = await teamWith(["ADMIN", "EDITOR"]);
    const [boss, ed] = members as [Member, Member];
    const a = await newPage(browser);
    await signInAs(a.page, boss.email, PASSWORD);
    await a.page.goto("/settings/team");

    await a.page.selectOption(`#role-${ed.userId}`, "ADMIN");
    await a.page.getByRole("button", { name: `Save role of ${ed.name}` }).click();
    await textMatching(a.page.locator("[data-testid=members-notice]"), new RegExp(`${ed.name} is now Admin`));
    expect((await db.membership.findFirstOrThrow({ where: { userId: ed.userId, teamId: boss.teamId } })).role).toBe("ADMIN");

    await a.page.getByRole("button", { name: `Remove ${ed.name}` }).click();
    await a.page.getByRole("button", { name: `Yes, remove ${ed.name}` }).waitFor();
    await a.page.screenshot({ path: `${SHOTS}/team-admin-confirm-remove.png`, fullPage: true });
    await a.page.getByRole("button", { name: `Yes, remove ${ed.name}` }).click();
    await textMatching(a.page.locator("[data-testid=members-notice]"), new RegExp(`${ed.name} was removed`));
    await a.page.locator(`[data-testid=members] tr[data-user-id="${ed.userId}"]`).waitFor({ state: "detached" });
    expect(await db.membership.count({ where: { teamId: boss.teamId } })).toBe(1);

    const email = `later-${tag()}@example.test`;
    await a.page.fill("#inv-email", email);
    await a.page.getByRole("button", { name: "Create invitation link" }).click();
    const link = await (async () => {
      await a.page.locator("#invite-link").waitFor();
      return a.page.inputValue("#invite-link");
    })();
    await a.page.getByRole("button", { name: `Revoke the invitation for ${email}` }).click();
    await textMatching(a.page.locator("[data-testid=invitations]"), new RegExp(`${email}\\s+Reviewer\\s+Revoked`));
    const b = await newPage(browser);
    await b.page.goto(link);
    await textMatching(b.page.locator("[data-testid=invite-unusable]"), /withdrawn/);
    await b.page.screenshot({ path: `${SHOTS}/team-invite-revoked.png`, fullPage: true });
    expect(a.pageErrors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });
});
