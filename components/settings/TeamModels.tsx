"use client";
import { useState } from "react";
import { callApi, type ApiError } from "@/components/api-client";
import type { HoldoutFigures } from "@/lib/domain/assist/learn/model";
import type { TeamTask } from "@/lib/domain/assist/learn/team";
import type { ShippedModelDto, TeamModelDto } from "@/lib/server/team-models";
import { UtcTime } from "./UtcTime";

// The team's assistance models (docs/decisions/0019-team-models.md): retrain one from the team's
// own verdicts, compare it with the shipped model on the team's held-out documents, use it, and
// switch back. Nothing changes for the team's suggestions until an admin presses "Use".

const TASK_TEXT: Record<TeamTask, { title: string; labels: string; metricName: string; wait: string }> = {
  subjectivity: {
    title: "Opinion hints",
    labels: "Trained from your verdicts: OPINION against SOURCED and DISPUTED, plus claims a reviewer marked “wrong hint”.",
    metricName: "macro-F1",
    wait: "a few seconds",
  },
  checkworthy: {
    title: "Check-worthiness hints",
    labels: "Trained from your claims: judged (any verdict) against dismissed, plus claims a reviewer marked “wrong hint”.",
    metricName: "F1 of “worth checking”",
    wait: "a few seconds",
  },
  attribution: {
    title: "Who-said-it hints",
    labels: "Trained from your corrections of who said it (e on the review page): someone said it, or the article’s own voice.",
    metricName: "macro-F1",
    wait: "10 to 20 seconds",
  },
};

type Metric = TeamModelDto["metric"];
/** The figure a task is judged by (its metric); the server rounds them to 3 decimals. */
const score = (f: HoldoutFigures, metric: Metric) => f[metric];
const figure = (f: HoldoutFigures, metric: Metric) => score(f, metric).toFixed(3);

/** "0.610 → 0.742 (+0.132)": the change on the team's held-out claims, signed, so a drop is plain. */
function BeforeAfter({ model }: { model: TeamModelDto }) {
  const before = score(model.before, model.metric);
  const after = score(model.after, model.metric);
  const delta = after - before;
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  return (
    <span>
      {before.toFixed(3)} → <strong>{after.toFixed(3)}</strong>{" "}
      <span className={delta < 0 ? "field-error" : "muted"} style={{ display: "inline" }}>
        ({sign}
        {Math.abs(delta).toFixed(3)})
      </span>
    </span>
  );
}

function TaskModels({
  task,
  shipped,
  models,
  busy,
  onTrain,
  onSwitch,
}: {
  task: TeamTask;
  shipped: ShippedModelDto;
  models: TeamModelDto[];
  busy: string | null;
  onTrain: () => void;
  onSwitch: (modelId: number | null) => void;
}) {
  const text = TASK_TEXT[task];
  const active = models.find((m) => m.active);
  return (
    <section className="card" aria-labelledby={`models-${task}`} data-testid={`models-${task}`}>
      <h2 id={`models-${task}`}>{text.title}</h2>
      <p className="muted small">{text.labels}</p>
      <p data-testid={`in-use-${task}`}>
        In use:{" "}
        {active ? (
          <>
            <strong>the team’s model {active.version}</strong> (trained <UtcTime iso={active.createdAt} />
            {active.trainedBy ? ` by ${active.trainedBy}` : ""}).{" "}
            <button type="button" className="small" disabled={busy !== null} onClick={() => onSwitch(null)}>
              Switch back to the shipped model
            </button>
          </>
        ) : (
          <>
            <strong>the shipped model {shipped.version}</strong>, trained on public data ({text.metricName} {figure(shipped.holdout, shipped.metric)} on its{" "}
            {shipped.holdout.n} held-out sentences).
          </>
        )}
      </p>
      <p>
        <button type="button" className="primary" disabled={busy !== null} onClick={onTrain} aria-describedby={`train-note-${task}`}>
          {busy === `train:${task}` ? `Training… (${text.wait})` : "Retrain from our verdicts"}
        </button>{" "}
        <span className="muted small" id={`train-note-${task}`}>
          A quarter of your documents are held out and scored, before and after; the new model is not used until you choose it.
        </span>
      </p>
      {models.length === 0 ? (
        <p className="muted">No team model yet.</p>
      ) : (
        <table className="doc-table">
          <caption className="visually-hidden">{text.title}: the team’s models, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Trained</th>
              <th scope="col" title="Your labelled claims that trained it, and those held out to score it">
                Your claims
              </th>
              <th scope="col" title={`${text.metricName} on your held-out claims: the shipped model, then this one`}>
                Your held-out claims: shipped → this
              </th>
              <th scope="col" title={`${text.metricName} on the shipped model’s public held-out sentences`}>
                Public hold-out
              </th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} data-testid={`team-model-${m.id}`}>
                <td>
                  <code>{m.version}</code>
                  {m.active ? (
                    <>
                      {" "}
                      <span className="chip SOURCED">● in use</span>
                    </>
                  ) : null}
                </td>
                <td>
                  <UtcTime iso={m.createdAt} />
                  {m.trainedBy ? <div className="muted small">{m.trainedBy}</div> : null}
                </td>
                <td>
                  {m.examples} trained, {m.holdout} held out
                </td>
                <td>
                  <BeforeAfter model={m} />
                </td>
                <td>{m.publicAfter ? `${figure(shipped.holdout, m.metric)} → ${figure(m.publicAfter, m.metric)}` : "—"}</td>
                <td>
                  {m.active ? null : (
                    <button type="button" className="small" disabled={busy !== null} onClick={() => onSwitch(m.id)} aria-label={`Use model ${m.version}`}>
                      Use
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TeamModels({ shipped, initial }: { shipped: ShippedModelDto[]; initial: TeamModelDto[] }) {
  const [models, setModels] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function train(task: TeamTask) {
    setBusy(`train:${task}`);
    setError(null);
    setNotice(null);
    const result = await callApi<{ model: TeamModelDto }>("POST", "/api/team/models", { task });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    const m = result.data.model;
    setModels((list) => [m, ...list]);
    const better = score(m.after, m.metric) > score(m.before, m.metric);
    setNotice(
      `Trained ${TASK_TEXT[task].title.toLowerCase().replace(/ hints$/, "")} model ${m.version} on ${m.examples} of your claims. On your ${m.holdout} held-out claims it scores ${figure(m.after, m.metric)} against the shipped model’s ${figure(m.before, m.metric)}${better ? ": press Use to switch to it." : "; it is not better, so you may keep the shipped model."}`,
    );
  }

  async function switchTo(task: TeamTask, modelId: number | null) {
    setBusy(`switch:${task}`);
    setError(null);
    setNotice(null);
    const result = await callApi<{ models: TeamModelDto[] }>("PUT", "/api/team/models/active", { task, modelId });
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setModels(result.data.models);
    const chosen = result.data.models.find((m) => m.id === modelId);
    setNotice(
      chosen
        ? `Your team’s ${TASK_TEXT[task].title.toLowerCase()} now come from model ${chosen.version}. Each document’s hints are recomputed when it is next opened.`
        : `Your team’s ${TASK_TEXT[task].title.toLowerCase()} come from the shipped model again. Each document’s hints are recomputed when it is next opened.`,
    );
  }

  return (
    <div style={{ display: "grid", gap: "1.25rem" }}>
      {error ? (
        <div className="banner error" role="alert">
          {error.fields?.task ?? error.message}
        </div>
      ) : null}
      {notice ? (
        <div className="banner ok" role="status">
          ✓ {notice}
        </div>
      ) : null}
      {shipped.map((s) => (
        <TaskModels
          key={s.task}
          task={s.task}
          shipped={s}
          models={models.filter((m) => m.task === s.task)}
          busy={busy}
          onTrain={() => void train(s.task)}
          onSwitch={(id) => void switchTo(s.task, id)}
        />
      ))}
    </div>
  );
}
