import { LABEL_NAMES, type VerdictLabel } from "@/lib/domain/verdicts";

// The confusion matrix as a heat map in inline SVG (decision 0023): the first verdict's label in
// rows, the second reviewer's in columns; the darker the cell, the more claims. Every cell prints
// its count, so the colour is never the only way to read it, and the text switches to white on
// dark cells to keep its contrast. The table under it holds the same numbers.

const CELL = 96;
const LEFT = 118;
const TOP = 58;

/** Blends from a pale grey-blue (0) to the accent blue (the largest count). */
function fill(t: number): string {
  const from = [243, 245, 251];
  const to = [31, 79, 209];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return `rgb(${c.join(",")})`;
}

export function ConfusionMatrixChart({ labels, counts }: { labels: readonly VerdictLabel[]; counts: number[][] }) {
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...counts.flat());
  const size = LEFT + CELL * labels.length + 8;
  const height = TOP + CELL * labels.length + 8;
  const spoken =
    `Confusion matrix of ${total} claim${total === 1 ? "" : "s"}, first verdict by second verdict: ` +
    labels.flatMap((a, i) => labels.map((b, j) => `first ${LABEL_NAMES[a]}, second ${LABEL_NAMES[b]}: ${counts[i]![j]}`)).join("; ") +
    ".";
  return (
    <figure className="ag-figure" data-testid="confusion-matrix">
      <svg viewBox={`0 0 ${size} ${height}`} role="img" aria-label={spoken} className="ag-svg ag-matrix">
        <text x={LEFT + (CELL * labels.length) / 2} y={16} textAnchor="middle" className="ag-axis">
          Second reviewer →
        </text>
        <text x={14} y={TOP + (CELL * labels.length) / 2} textAnchor="middle" className="ag-axis" transform={`rotate(-90 14 ${TOP + (CELL * labels.length) / 2})`}>
          First verdict →
        </text>
        {labels.map((label, j) => (
          <text key={`col-${label}`} x={LEFT + CELL * j + CELL / 2} y={TOP - 12} textAnchor="middle" className="ag-label">
            {LABEL_NAMES[label]}
          </text>
        ))}
        {labels.map((label, i) => (
          <text key={`row-${label}`} x={LEFT - 10} y={TOP + CELL * i + CELL / 2} textAnchor="end" dominantBaseline="central" className="ag-label">
            {LABEL_NAMES[label]}
          </text>
        ))}
        {labels.map((a, i) =>
          labels.map((b, j) => {
            const n = counts[i]![j]!;
            const t = n / max;
            const dark = t > 0.5;
            return (
              <g key={`${a}-${b}`}>
                <rect
                  x={LEFT + CELL * j + 2}
                  y={TOP + CELL * i + 2}
                  width={CELL - 4}
                  height={CELL - 4}
                  rx={6}
                  fill={fill(t)}
                  stroke={i === j ? "#1c1c1a" : "#d5d8e3"}
                  strokeWidth={i === j ? 2 : 1}
                />
                <text x={LEFT + CELL * j + CELL / 2} y={TOP + CELL * i + CELL / 2 - 7} textAnchor="middle" dominantBaseline="central" className="ag-count" fill={dark ? "#ffffff" : "#1c1c1a"}>
                  {n}
                </text>
                <text x={LEFT + CELL * j + CELL / 2} y={TOP + CELL * i + CELL / 2 + 17} textAnchor="middle" dominantBaseline="central" className="ag-share" fill={dark ? "#ffffff" : "#45453f"}>
                  {total ? `${Math.round((100 * n) / total)} %` : "—"}
                </text>
              </g>
            );
          }),
        )}
      </svg>
      <figcaption>
        <p className="small muted">Outlined diagonal: both reviewers gave the same label. Off the diagonal: where they differed.</p>
        <details>
          <summary>The figures as a table</summary>
          <table className="doc-table ag-table">
            <thead>
              <tr>
                <th scope="col">First verdict ↓ / second →</th>
                {labels.map((l) => (
                  <th scope="col" key={l}>
                    {LABEL_NAMES[l]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((a, i) => (
                <tr key={a}>
                  <th scope="row">{LABEL_NAMES[a]}</th>
                  {labels.map((b, j) => (
                    <td key={b}>{counts[i]![j]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
