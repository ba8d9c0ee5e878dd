// A team retrains the opinion model from its own verdicts (issue 11, docs/decisions/0019): the
// admin sees the score on the team's held-out documents before and after, switches to the new
// model, and back; only that team's suggestions change.
import { beforeAll, describe, expect, it } from "vitest";
import { loadModel, predict, type ModelFile } from "@/lib/domain/assist/learn/model";
import { shippedModels } from "@/lib/domain/assist/trained";
import { db } from "@/lib/server/db";
import { PASSWORD, teamWith } from "../helpers/factories";
import { signIn, type Client } from "../helpers/http";
import { expectError, importDoc, tag } from "../helpers/claimdesk";

// The team's house style: sentences it judges OPINION, and sentences it checks (DISPUTED).
const OPINIONS = [
  "Frankly the new ring road is the worst idea this council has had in years.",
  "The mayor's plan is a shameful betrayal of every commuter in the city.",
  "Nobody sensible could defend such a wasteful and cynical budget.",
  "This stadium deal is an insult to the taxpayers who will foot the bill.",
  "It is high time the minister admitted the reform has been a fiasco.",
];
const FACTS = [
  "The ring road will cost 412 million euros, according to the council's budget.",
  "The city counted 18,300 daily commuters on the northern line in March.",
  "The budget allocates 7 percent of spending to public transport in 2025.",
  "The stadium was approved by a vote of 31 to 12 on Tuesday evening.",
  "The reform took effect on 1 January and covers 2.4 million workers.",
];
const article = (round: number) => [...OPINIONS, ...FACTS].map((s) => s.replace(/\.$/, ` (part ${round}).`)).join(" ");

let admin: Client;
let reviewer: Client;
let other: Client;
let teamId: number;

async function labelAll(doc: { claims: { id: number; exact: string; version: number }[] }) {
  for (const c of doc.claims) {
    const opinion = OPINIONS.some((o) => c.exact.startsWith(o.slice(0, 30)));
    const body = opinion ? { label: "OPINION", expectedVersion: c.version } : { label: "DISPUTED", rationale: "The figure is not in the cited record.", expectedVersion: c.version };
    const res = await reviewer.request("PUT", `/api/claims/${c.id}/verdict`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
}

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
    expectError(await admin.request("POST", "/api/team/models", { task: "attribution" }), 422, "INVALID");
    expect(await db.teamModel.count({ where: { teamId } })).toBe(0);
  });

  it("trains, shows before/after on held-out documents, switches, and switches back; other teams keep the shipped model", { timeout: 120_000 }, async () => {
    for (let round = 1; round <= 4; round++) await labelAll(await importDoc(admin, { title: `Council ${round} ${tag()}`, text: article(round) }));
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

    const switched = await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: model.id });
    expect(switched.status, JSON.stringify(switched.json)).toBe(200);
    expect(switched.json.models[0].active).toBe(true);
    const stored = await db.teamModel.findUniqueOrThrow({ where: { id: model.id } });
    const teamModel = loadModel(stored.file as unknown as ModelFile);
    const withTeamModel = await scoresOf(admin, PROBE);
    expect(withTeamModel).not.toEqual(shippedBefore);
    for (const [exact, score] of withTeamModel) expect(score).toBeCloseTo(Math.round(predict(teamModel, exact).probability * 1000) / 1000, 5);
    // Another team's suggestions for the same text are the shipped model's.
    expect(await scoresOf(other, PROBE)).toEqual(shippedBefore);
    expect((await other.request("GET", "/api/team/models")).json.models).toEqual([]);

    const back = await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: null });
    expect(back.status).toBe(200);
    expect(back.json.models[0].active).toBe(false);
    expect(await scoresOf(admin, PROBE)).toEqual(shippedBefore);

    const actions = (await db.auditEvent.findMany({ where: { teamId, action: { in: ["model.train", "model.switch"] } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["model.train", "model.switch", "model.switch"]);
  });

  it("refuses a model of another task, and bad input, and changes nothing", async () => {
    const [m] = await db.teamModel.findMany({ where: { teamId }, take: 1 });
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "checkworthy", modelId: m!.id }), 422, "INVALID");
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: 2 ** 31 }), 422, "INVALID");
    expectError(await admin.request("PUT", "/api/team/models/active", { task: "subjectivity", modelId: 0x7fff_fff0 }), 404, "NOT_FOUND");
    expect(await db.teamModel.count({ where: { teamId, active: true } })).toBe(0);
  });
});
