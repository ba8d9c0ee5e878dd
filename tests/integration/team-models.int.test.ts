// A team retrains the opinion model from its own verdicts (issue 11, docs/decisions/0019): the
// admin sees the score on the team's held-out documents before and after, switches to the new
// model, and back; only that team's suggestions change.
import { execFile } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel, predict, type ModelFile } from "@/lib/domain/assist/learn/model";
import { shippedModels } from "@/lib/domain/assist/trained";
import { teamExamples } from "@/lib/server/team-models";
import { db } from "@/lib/server/db";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";
import { houseArticle, labelHouseArticle } from "../helpers/team-labels";

let admin: Client;
let reviewer: Client;
let other: Client;
let teamId: number;

/** The opinion score stored on each claim of a new import of the fixed test text, by claim text. */
async function scoresOf(client: Client, text: string) {
  const doc = await importDoc(client, { title: `Probe ${tag()}`, text: `${text}\nRef ${tag()}` });
  const rows = await db.claim.findMany({ where: { documentId: doc.id }, select: { exact: true, subjectivity: true }, orderBy: { start: "asc" } });
  return rows.map((r) => [r.exact, r.subjectivity] as const);
}

const PROBE = "Critics say the tram plan is a cynical waste of money. The tram line opened on 4 May with 14 stations.";

beforeAll(async () => {
  const { team, members } = await teamWith(["ADMIN", "REVIEWER"]);
  teamId = team.id;
  [admin, reviewer] = (await Promise.all(members.map((m) => signIn(m.email, PASSWORD)))) as [Client, Client];
  const b = await teamWith(["ADMIN"]);
  other = await signIn(b.members[0]!.email, PASSWORD);
}, 60_000);

describe("retraining from the team's verdicts", () => {
  it("is refused with what to do while the team has too few verdicts", async () => {
    const res = await admin.request("POST", "/api/team/models", { task: "subjectivity" });
    const err = expectError(res, 422, "INVALID");
    expect(err.message).toMatch(/The team has 0 labelled claims .* retraining needs at least 20, .* Review more claims first\./);
    expectError(await admin.request("POST", "/api/team/models", { task: "sentiment" }), 422, "INVALID");
    expect(await db.teamModel.count({ where: { teamId } })).toBe(0);
  });

  it("trains, shows before/after on held-out documents, switches, and switches back; other teams keep the shipped model", { timeout: 120_000 }, async () => {
    for (let round = 1; round <= 4; round++) await labelHouseArticle(reviewer, await importDoc(admin, { title: `Council ${round} ${tag()}`, text: houseArticle(round) }));
    const shippedBefore = await scoresOf(admin, PROBE);

    const trained = await admin.request("POST", "/api/team/models", { task: "subjectivity" });
    expect(trained.status, JSON.stringify(trained.json)).toBe(201);
    const model = trained.json.model;
    expect(model).toMatchObject({ task: "subjectivity", active: false, metric: "macro_f1", examples: 30, holdout: 10 });
    // One of the four documents (10 claims) is held out and scored by both models.
    expect(model.before.n).toBe(10);
    expect(model.after.n).toBe(10);
    expect(model.after.macro_f1).toBeGreaterThanOrEqual(model.before.macro_f1);
    expect(model.publicAfter.n).toBe(shippedModels().subjectivity.file.holdout.n);

    const listed = await admin.request("GET", "/api/team/models");
    expect(listed.status).toBe(200);
    expect(listed.json.models.map((m: any) => m.id)).toEqual([model.id]);
    expect(listed.json.shipped.find((s: any) => s.task === "subjectivity").version).toBe(shippedModels().subjectivity.file.version);
    // Trained but not in use: suggestions are still the shipped model's.
    expect(await scoresOf(admin, PROBE)).toEqual(shippedBefore);

    const earlier = await importDoc(admin, { title: `Earlier ${tag()}`, text: PROBE });
    const otherDoc = await importDoc(other, { title: `Other ${tag()}`, text: PROBE });
    const switched = await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: model.id });
    expect(switched.status, JSON.stringify(switched.json)).toBe(200);
    expect(switched.json.models[0].active).toBe(true);
    const stored = await db.teamModel.findUniqueOrThrow({ where: { id: model.id } });
    const teamModel = loadModel(stored.file as unknown as ModelFile);
    const withTeamModel = await scoresOf(admin, PROBE);
    expect(withTeamModel).not.toEqual(shippedBefore);
    for (const [exact, score] of withTeamModel) expect(score).toBeCloseTo(Math.round(predict(teamModel, exact).probability * 1000) / 1000, 5);
    // Claims stored before the switch are re-scored with the team's model when their document is next read.
    expect((await admin.request("GET", `/api/documents/${earlier.id}`)).status).toBe(200);
    const rescored = await db.claim.findMany({ where: { documentId: earlier.id }, select: { exact: true, subjectivity: true } });
    expect(rescored.length).toBeGreaterThan(0);
    for (const c of rescored) expect(c.subjectivity).toBeCloseTo(Math.round(predict(teamModel, c.exact).probability * 1000) / 1000, 5);
    // Another team's stored and new suggestions for the same text stay the shipped model's.
    const untouched = await db.claim.findMany({ where: { documentId: otherDoc.id }, select: { subjectivity: true } });
    expect(untouched.every((c) => c.subjectivity !== null)).toBe(true);
    expect(await scoresOf(other, PROBE)).toEqual(shippedBefore);
    expect((await other.request("GET", "/api/team/models")).json.models).toEqual([]);

    const back = await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: null });
    expect(back.status).toBe(200);
    expect(back.json.models[0].active).toBe(false);
    expect(await scoresOf(admin, PROBE)).toEqual(shippedBefore);

    const actions = (await db.auditEvent.findMany({ where: { teamId, action: { in: ["model.train", "model.switch"] } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["model.train", "model.switch", "model.switch"]);
  });

  it("npm run train -- --team <id> trains from the command line, and --use switches to it", { timeout: 120_000 }, async () => {
    const cli = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) =>
        execFile("node", ["node_modules/.bin/tsx", "scripts/train.ts", ...args], { env: process.env }, (e, out, err) => resolve({ code: e ? Number(e.code ?? 1) : 0, out, err })),
      );
    const before = await db.teamModel.count({ where: { teamId } });
    const run = await cli("--team", String(teamId), "subjectivity", "--use");
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/subjectivity: model \w{12} \(id \d+\) from \d+ claims; macro_f1 on \d+ held-out claims \d\.\d{3} before, \d\.\d{3} after/);
    expect(run.out).toMatch(/in use for .*'s subjectivity hints/);
    const made = await db.teamModel.findFirstOrThrow({ where: { teamId }, orderBy: { id: "desc" } });
    expect(made).toMatchObject({ task: "subjectivity", active: true, trainedById: null });
    expect(await db.teamModel.count({ where: { teamId } })).toBe(before + 1);
    const audited = await db.auditEvent.findMany({ where: { teamId, targetId: String(made.id) }, orderBy: { id: "asc" } });
    expect(audited.map((a) => [a.action, a.actorId])).toEqual([["model.train", null], ["model.switch", null]]);
    expect((await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: null })).status).toBe(200);

    // What is wrong, said plainly, and nothing trained.
    const noTeam = await cli("--team", "2147483000");
    expect(noTeam.code).toBe(2);
    expect(noTeam.err).toMatch(/There is no team 2147483000/);
    const badTask = await cli("--team", String(teamId), "sentiment");
    expect(badTask.code).toBe(2);
    expect(badTask.err).toMatch(/unknown task sentiment; usage: npm run train -- --team <id>/);
    expect(await db.teamModel.count({ where: { teamId } })).toBe(before + 1);
  });

  it("trains the who-said-it model from the team's attribution corrections", { timeout: 120_000 }, async () => {
    const refused = expectError(await admin.request("POST", "/api/team/models", { task: "attribution" }), 422, "INVALID");
    expect(refused.fields.task).toMatch(/0 claims a reviewer attributed to someone, 0 claims a reviewer set to the article's own voice/);
    const claims = await db.claim.findMany({ where: { teamId, dismissedAt: null }, orderBy: { id: "asc" }, take: 24, select: { id: true, version: true, documentId: true } });
    expect(new Set(claims.map((c) => c.documentId)).size).toBeGreaterThanOrEqual(2);
    for (const [i, c] of claims.entries()) {
      // Alternately: the council said it, or the article's own voice (neither speaker nor cue).
      const body = i % 2 ? { speaker: "The council", cue: "said", expectedVersion: c.version } : { expectedVersion: c.version };
      const res = await admin.request("PUT", `/api/claims/${c.id}/attribution`, body);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    }
    expect((await teamExamples(teamId, "attribution")).map((e) => e.positive)).toEqual(claims.map((_, i) => i % 2 === 1));

    const trained = await admin.request("POST", "/api/team/models", { task: "attribution" });
    expect(trained.status, JSON.stringify(trained.json)).toBe(201);
    const { model } = trained.json;
    expect(model).toMatchObject({ task: "attribution", active: false, metric: "macro_f1" });
    expect(model.examples + model.holdout).toBe(claims.length);
    expect(model.before.n).toBe(model.holdout);
    expect(model.publicAfter.n).toBe(shippedModels().attribution.file.holdout.n);
  });

  it("refuses a model of another task, and bad input, and changes nothing", async () => {
    const [m] = await db.teamModel.findMany({ where: { teamId }, take: 1 });
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "checkworthy", modelId: m!.id }), 422, "INVALID");
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: 2 ** 31 }), 422, "INVALID");
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: 0x7fff_fff0 }), 404, "NOT_FOUND");
    expect(await db.teamModel.count({ where: { teamId, active: true } })).toBe(0);
  });

  it("records a reviewer's \"wrong hint\" as a label for the team's next model, and takes it back", { timeout: 60_000 }, async () => {
    const doc = await importDoc(admin, { title: `Hints ${tag()}`, text: houseArticle(9) });
    const opinion = doc.claims.find((c: any) => c.hints?.subjective);
    const factual = doc.claims.find((c: any) => c.hints && !c.hints.subjective);
    expect(opinion && factual, "the test text needs a claim hinted as opinion and one not").toBeTruthy();
    const labelOf = async (id: number) => (await db.claim.findUniqueOrThrow({ where: { id }, select: { hintLabels: true } })).hintLabels;
    const examplesOf = async (task: "subjectivity" | "checkworthy") => (await teamExamples(teamId, task)).filter((e) => e.documentId === doc.id);

    const res = await reviewer.request("PUT", `/api/claims/${opinion.id}/hint`, { task: "subjectivity", wrong: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.claim.hints.wrong).toEqual(["subjectivity"]);
    expect(res.json.claim.version).toBe(opinion.version); // a label, not an edit of the claim
    expect(await labelOf(opinion.id)).toEqual({ subjectivity: false });
    // An open claim with a "wrong hint" joins the team's examples, as the opposite of the hint.
    expect(await examplesOf("subjectivity")).toEqual([{ sentence: opinion.exact, positive: false, documentId: doc.id }]);
    const history = (await reviewer.request("GET", `/api/claims/${opinion.id}/history`)).json.history;
    expect(history.at(-1)).toMatchObject({ kind: "HINT", actor: { name: expect.any(String) }, data: { task: "subjectivity", positive: false } });

    // The check-worthiness hint of the factual claim said "worth checking" or not: the label is the opposite.
    expect((await reviewer.request("PUT", `/api/claims/${factual.id}/hint`, { task: "checkworthy", wrong: true })).status).toBe(200);
    expect(await labelOf(factual.id)).toEqual({ checkworthy: !factual.hints.checkworthy });
    // A verdict outranks the hint label: judged means worth checking.
    const judged = await reviewer.request("PUT", `/api/claims/${factual.id}/verdict`, { label: "DISPUTED", rationale: "Not in the record.", expectedVersion: factual.version });
    expect(judged.status).toBe(200);
    expect(await examplesOf("checkworthy")).toEqual([{ sentence: factual.exact, positive: true, documentId: doc.id }]);

    // No opinion hint to be wrong about; bad input; changing nothing.
    const refused = expectError(await reviewer.request("PUT", `/api/claims/${factual.id}/hint`, { task: "subjectivity", wrong: true }), 422, "INVALID");
    expect(refused.fields.task).toMatch(/no opinion hint/);
    expectError(await reviewer.request("PUT", `/api/claims/${opinion.id}/hint`, { task: "attribution", wrong: true }), 422, "INVALID");
    expectError(await reviewer.request("PUT", `/api/claims/${opinion.id}/hint`, { task: "subjectivity", wrong: "yes" }), 422, "INVALID");
    expectError(await other.request("PUT", `/api/claims/${opinion.id}/hint`, { task: "subjectivity", wrong: false }), 404, "NOT_FOUND");
    expect(await labelOf(opinion.id)).toEqual({ subjectivity: false });

    const back = await reviewer.request("PUT", `/api/claims/${opinion.id}/hint`, { task: "subjectivity", wrong: false });
    expect(back.json.claim.hints.wrong).toEqual([]);
    expect(await labelOf(opinion.id)).toEqual({});
    expect(await examplesOf("subjectivity")).toEqual([{ sentence: factual.exact, positive: false, documentId: doc.id }]);
  });
});
