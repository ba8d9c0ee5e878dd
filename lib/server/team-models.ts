import "server-only";
import { Prisma } from "@prisma/client";
import { readExamples } from "@/lib/domain/assist/learn/evaluate";
import { loadModel, type HoldoutFigures, type LoadedModel, type ModelFile } from "@/lib/domain/assist/learn/model";
import { TASKS, type TaskSpec } from "@/lib/domain/assist/learn/tasks";
import { notEnough, trainForTeam, TEAM_TASKS, type TeamExample, type TeamTask } from "@/lib/domain/assist/learn/team";
import { shippedModels, type Models } from "@/lib/domain/assist/trained";
import { audit } from "./audit";
import { db } from "./db";
import { AppError, invalid } from "./errors";
import { documentKey, enqueue, jobs } from "./jobs";
import type { Member } from "./session";

// A team's own assistance models (docs/decisions/0019-team-models.md): trained from its verdicts,
// stored in TeamModel, used for that team's suggestions only when an admin switches to them.
// Every query is scoped by the member's team: another team's model is a 404.

export type TeamModelDto = {
  id: number;
  task: TeamTask;
  version: string;
  active: boolean;
  createdAt: string;
  trainedBy: string | null;
  examples: number;
  holdout: number;
  before: HoldoutFigures;
  after: HoldoutFigures;
  publicAfter: HoldoutFigures | null;
  /** The figure the task is judged by: a key of the HoldoutFigures. */
  metric: TaskSpec["metric"];
};

/** Who trains or switches: a signed-in admin, or `npm run train -- --team` (no user, no address). */
export type Trainer = Pick<Member, "teamId"> & { userId: number | null; name: string | null; ip?: string | null };

export type ShippedModelDto = { task: TeamTask; version: string; metric: TaskSpec["metric"]; holdout: HoldoutFigures };

const select = {
  id: true,
  task: true,
  version: true,
  active: true,
  createdAt: true,
  examples: true,
  holdout: true,
  before: true,
  after: true,
  trainedById: true,
} satisfies Prisma.TeamModelSelect;
type Row = Prisma.TeamModelGetPayload<{ select: typeof select }>;

function dto(row: Row, names: Map<number, string>): TeamModelDto {
  const after = row.after as HoldoutFigures & { public?: HoldoutFigures };
  const { public: publicAfter, ...teamAfter } = after;
  return {
    id: row.id,
    task: row.task as TeamTask,
    version: row.version,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    trainedBy: row.trainedById === null ? null : (names.get(row.trainedById) ?? null),
    examples: row.examples,
    holdout: row.holdout,
    before: row.before as HoldoutFigures,
    after: teamAfter,
    publicAfter: publicAfter ?? null,
    metric: TASKS[row.task as TeamTask].metric,
  };
}

async function namesOf(rows: Row[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.trainedById === null ? [] : [r.trainedById])))];
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u.name]));
}

export function shippedModelDtos(): ShippedModelDto[] {
  const shipped = shippedModels();
  return TEAM_TASKS.map((task) => {
    const { version, holdout } = shipped[task].file;
    const { n, macro_f1, positive_f1, precision, recall, accuracy } = holdout;
    return { task, version, metric: TASKS[task].metric, holdout: { n, macro_f1, positive_f1, precision, recall, accuracy } };
  });
}

export async function listTeamModels(member: Pick<Member, "teamId">): Promise<TeamModelDto[]> {
  const rows = await db.teamModel.findMany({ where: { teamId: member.teamId }, select, orderBy: { id: "desc" }, take: 100 });
  const names = await namesOf(rows);
  return rows.map((r) => dto(r, names));
}

/**
 * The team's labelled claims for a task (never another team's): read from its attribution
 * corrections, or from its verdicts and dismissals and, where a claim has neither, from a
 * reviewer's "wrong hint". A verdict outranks a hint label.
 */
export async function teamExamples(teamId: number, task: TeamTask): Promise<TeamExample[]> {
  if (task === "attribution") {
    // A reviewer's correction: a speaker or cue means someone said it; neither, the article's own voice.
    const claims = await db.claim.findMany({
      where: { teamId, attributionBy: "REVIEWER" },
      select: { exact: true, speaker: true, cue: true, documentId: true },
      orderBy: { id: "asc" },
    });
    return claims.map((c) => ({ sentence: c.exact, positive: c.speaker !== null || c.cue !== null, documentId: c.documentId }));
  }
  const hinted = { NOT: { hintLabels: { equals: {} } } } satisfies Prisma.ClaimWhereInput;
  const labelled: Prisma.ClaimWhereInput =
    task === "subjectivity" ? { dismissedAt: null, status: { in: ["OPINION", "SOURCED", "DISPUTED"] } } : { OR: [{ dismissedAt: { not: null } }, { status: { not: "UNREVIEWED" } }] };
  const claims = await db.claim.findMany({
    where: { teamId, OR: [labelled, hinted] },
    select: { exact: true, status: true, dismissedAt: true, documentId: true, hintLabels: true },
    orderBy: { id: "asc" },
  });
  return claims.flatMap((c) => {
    const positive = task === "subjectivity" ? verdictSubjective(c) : verdictCheckworthy(c);
    const hint = (c.hintLabels as Record<string, unknown>)[task];
    const label = positive ?? (typeof hint === "boolean" ? hint : null);
    return label === null ? [] : [{ sentence: c.exact, positive: label, documentId: c.documentId }];
  });
}

type Labelled = { status: string; dismissedAt: Date | null };
/** OPINION is subjective, SOURCED and DISPUTED are not; no verdict (or dismissed) says nothing. */
const verdictSubjective = (c: Labelled) => (c.dismissedAt !== null || c.status === "UNREVIEWED" ? null : c.status === "OPINION");
/** A judged claim was worth checking, a dismissed one was not; an open one says nothing yet. */
const verdictCheckworthy = (c: Labelled) => (c.dismissedAt !== null ? false : c.status === "UNREVIEWED" ? null : true);

/** The model-training job's data (lib/server/jobs-handlers.ts): who asked, for which task. */
export type TrainingJob = { teamId: number; task: TeamTask; userId: number | null; name: string | null; ip: string | null };

/** How long a request waits for its training job before answering 503 (the job goes on; the model appears in the list). */
const TRAINING_WAIT_MS = Number(process.env.TRAINING_WAIT_MS ?? 120_000);

/**
 * POST /api/team/models: checks there are enough labelled claims (422 at once otherwise), then trains in
 * the model-training job, on whichever process works the queue (this one, or `npm run worker`), so
 * the training's seconds of CPU never hold a request-serving instance when workers run apart; waits
 * for it and answers with the stored model, as before.
 */
export async function trainTeamModelInJob(member: Trainer, task: TeamTask): Promise<TeamModelDto> {
  const problem = notEnough(task, await teamExamples(member.teamId, task));
  if (problem) throw invalid({ task: problem });
  const data: TrainingJob = { teamId: member.teamId, task, userId: member.userId, name: member.name, ip: member.ip ?? null };
  const boss = await jobs();
  const id = await boss.send("model-training", data);
  if (!id) throw new AppError("UNAVAILABLE", "The training could not be queued. Try again in a moment.");
  const deadline = Date.now() + TRAINING_WAIT_MS;
  for (let wait = 100; Date.now() < deadline; wait = Math.min(wait * 1.5, 1_000)) {
    const job = await boss.getJobById<TrainingJob>("model-training", id);
    if (job?.state === "completed") {
      const { modelId } = job.output as { modelId: number };
      const row = await db.teamModel.findFirst({ where: { id: modelId, teamId: member.teamId }, select });
      if (row) return dto(row, member.userId === null ? new Map() : new Map([[member.userId, member.name ?? ""]]));
    }
    if (job?.state === "failed" || job?.state === "cancelled") {
      const message = (job.output as { message?: string } | null)?.message;
      if (message?.startsWith("INVALID:")) throw invalid({ task: message.slice("INVALID:".length) });
      throw new AppError("UNAVAILABLE", `The training failed (job ${id}). Try again; an admin sees the error under Settings → Jobs.`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new AppError("UNAVAILABLE", `The training is still running (job ${id}). Reload the models page in a minute to see the new model.`);
}

/** The model-training job: trains and stores; returns the new model's id (the job's output). */
export async function runTrainingJob(data: TrainingJob): Promise<{ modelId: number }> {
  try {
    const model = await trainTeamModel({ teamId: data.teamId, userId: data.userId, name: data.name, ip: data.ip }, data.task);
    return { modelId: model.id };
  } catch (e) {
    // Too few labels is not worth retrying: say so in the job's error for the waiting request.
    if (e instanceof AppError && e.code === "INVALID") throw new Error(`INVALID:${Object.values(e.fields ?? {})[0] ?? e.message}`);
    throw e;
  }
}

/**
 * Trains a new model of `task` from the team's verdicts and stores it, not yet in use. The
 * training itself is synchronous CPU work (about 1 s for subjectivity, a few seconds for
 * check-worthiness) that holds the event loop meanwhile: the app runs it in the model-training job
 * (trainTeamModelInJob); `npm run train -- --team` calls it directly.
 */
export async function trainTeamModel(member: Trainer, task: TeamTask): Promise<TeamModelDto> {
  const examples = await teamExamples(member.teamId, task);
  const problem = notEnough(task, examples);
  if (problem) throw invalid({ task: problem });
  const result = trainForTeam(task, shippedModels()[task], readExamples(task, TASKS[task].file), examples);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.teamModel.create({
      data: {
        teamId: member.teamId,
        task,
        version: result.file.version,
        file: result.file as unknown as Prisma.InputJsonValue,
        before: result.before,
        after: { ...result.after, public: result.publicAfter },
        examples: result.examples,
        holdout: result.holdout,
        trainedById: member.userId,
      },
      select,
    });
    await audit(
      { teamId: member.teamId, actorId: member.userId, action: "model.train", targetType: "model", targetId: created.id, ip: member.ip, data: { task, version: created.version, before: result.before.macro_f1, after: result.after.macro_f1 } },
      tx,
    );
    return created;
  });
  return dto(row, member.userId === null ? new Map() : new Map([[member.userId, member.name ?? ""]]));
}

/**
 * Switches the team's `task` to one of its models, or back to the shipped model (modelId null),
 * and queues the team's stored suggestions for recomputation with it.
 */
export async function switchTeamModel(member: Trainer, task: TeamTask, modelId: number | null): Promise<TeamModelDto[]> {
  await db.$transaction(async (tx) => {
    if (modelId !== null) {
      const target = await tx.teamModel.findFirst({ where: { id: modelId, teamId: member.teamId }, select: { task: true } });
      if (!target) throw new AppError("NOT_FOUND", "There is no such model in this team.");
      if (target.task !== task) throw invalid({ modelId: `Model ${modelId} is a ${target.task} model, not a ${task} model.` });
    }
    await tx.teamModel.updateMany({ where: { teamId: member.teamId, task, active: true }, data: { active: false } });
    if (modelId !== null) await tx.teamModel.update({ where: { id: modelId, teamId: member.teamId }, data: { active: true } });
    // Stored suggestions came from the old model: cleared here, recomputed with the new one by each
    // document's job (queued below; a read meanwhile computes a few inline). Verdicts and history are untouched.
    await tx.claim.updateMany({ where: { teamId: member.teamId }, data: { subjectivity: null, checkworthiness: null } });
    await audit(
      { teamId: member.teamId, actorId: member.userId, action: "model.switch", targetType: "model", targetId: modelId ?? `shipped:${task}`, ip: member.ip, data: { task, modelId } },
      tx,
    );
  });
  const docs = await db.document.findMany({ where: { teamId: member.teamId }, select: { id: true } });
  for (const d of docs) await enqueue("document-import", { teamId: member.teamId, documentId: d.id }, documentKey(d.id));
  return listTeamModels(member);
}

/** Loaded team models by version: a model file never changes once stored. */
const loadedByVersion = new Map<string, LoadedModel>();

/**
 * The models a team's suggestions use: its active models where it has switched to one, the
 * shipped ones elsewhere. Undefined when the team uses only shipped models (the common case).
 */
export async function modelsForTeam(teamId: number): Promise<Models | undefined> {
  const active = await db.teamModel.findMany({ where: { teamId, active: true }, select: { id: true, task: true, version: true } });
  if (!active.length) return undefined;
  const missing = active.filter((m) => !loadedByVersion.has(m.version));
  if (missing.length) {
    const files = await db.teamModel.findMany({ where: { teamId, id: { in: missing.map((m) => m.id) } }, select: { version: true, file: true } });
    for (const f of files) loadedByVersion.set(f.version, loadModel(f.file as unknown as ModelFile));
  }
  const models = { ...shippedModels() };
  for (const m of active) {
    const loaded = loadedByVersion.get(m.version);
    if (loaded && (TEAM_TASKS as readonly string[]).includes(m.task)) models[m.task as TeamTask] = loaded;
  }
  return models;
}
