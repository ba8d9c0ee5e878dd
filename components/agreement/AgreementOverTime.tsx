import type { WeekAgreement } from "@/lib/domain/agreement-report";
import { coefficient, share } from "./format";
import { Greek } from "./Greek";

// Raw agreement and Cohen's κ per ISO week, drawn as inline SVG (no chart library, no script:
// decision 0023). The two series differ by line style and marker shape as well as colour; the
// table under the plot has every number.

const W = 640;
const H = 250;
const M = { left: 46, right: 18, top: 14, bottom: 42 };
const RAW = "#1f4fd1"; // 6.6:1 on white
const KAPPA = "#8a4b00"; // 6.8:1 on white

export function AgreementOverTime({ weeks }: { weeks: WeekAgreement[] }) {
  const kappas = weeks.flatMap((w) => (w.kappa === null ? [] : [w.kappa]));
  const yMin = Math.max(-1, Math.min(0, Math.floor(Math.min(...kappas, 0) * 5) / 5));
  const ticks: number[] = [];
  for (let t = Math.round(yMin * 5); t <= 5; t++) ticks.push(t / 5);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (weeks.length === 1 ? plotW / 2 : (plotW * i) / (weeks.length - 1));
  const y = (v: number) => M.top + (plotH * (1 - v)) / (1 - yMin);
  const every = Math.max(1, Math.ceil(weeks.length / 8)); // at most about 8 week labels
  const path = (values: (number | null)[]) => {
    let d = "";
    let pen = false;
    values.forEach((v, i) => {
      if (v === null) {
        pen = false; // a gap where the figure is undefined
        return;
      }
      d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const spoken =
    `Agreement over time, ${weeks.length} week${weeks.length === 1 ? "" : "s"}: ` +
    weeks.map((w) => `${w.week}, ${w.pairs} claims, raw agreement ${share(w.raw)}, kappa ${coefficient(w.kappa, w.pairs)}`).join("; ") +
    ".";
  return (
    <figure className="ag-figure" data-testid="agreement-over-time">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={spoken} className="ag-svg">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke={t === 0 ? "#8d8c86" : "#e6e5e0"} strokeWidth={t === 0 ? 1.2 : 1} />
            <text x={M.left - 8} y={y(t)} textAnchor="end" dominantBaseline="central" className="ag-tick">
              {t.toFixed(1).replace("-", "−")}
            </text>
          </g>
        ))}
        {weeks.map((w, i) =>
          i % every === 0 || i === weeks.length - 1 ? (
            <text key={w.week} x={x(i)} y={H - M.bottom + 18} textAnchor="middle" className="ag-tick">
              {w.week.slice(5)}
            </text>
          ) : null,
        )}
        <text x={M.left + plotW / 2} y={H - 6} textAnchor="middle" className="ag-axis">
          ISO week of submission
        </text>
        <path d={path(weeks.map((w) => w.raw))} fill="none" stroke={RAW} strokeWidth={2.5} />
        <path d={path(weeks.map((w) => w.kappa))} fill="none" stroke={KAPPA} strokeWidth={2.5} strokeDasharray="7 5" />
        {weeks.map((w, i) => (
          <g key={w.week}>
            {w.raw !== null ? <circle cx={x(i)} cy={y(w.raw)} r={4.5} fill={RAW} stroke="#fff" strokeWidth={1.5} /> : null}
            {w.kappa !== null ? <rect x={x(i) - 4} y={y(w.kappa) - 4} width={8} height={8} fill={KAPPA} stroke="#fff" strokeWidth={1.5} /> : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="ag-legend">
          <li>
            <svg width="30" height="12" aria-hidden="true">
              <line x1="2" x2="28" y1="6" y2="6" stroke={RAW} strokeWidth="2.5" />
              <circle cx="15" cy="6" r="4" fill={RAW} />
            </svg>{" "}
            Raw agreement (share of claims with the same label)
          </li>
          <li>
            <svg width="30" height="12" aria-hidden="true">
              <line x1="2" x2="28" y1="6" y2="6" stroke={KAPPA} strokeWidth="2.5" strokeDasharray="5 3" />
              <rect x="11" y="2" width="8" height="8" fill={KAPPA} />
            </svg>{" "}
            Cohen&apos;s κ (agreement beyond chance)
          </li>
        </ul>
        {weeks.some((w) => w.kappa === null) ? (
          <p className="small muted">κ has no point in a week where every verdict had the same label (not enough variation to tell agreement from chance).</p>
        ) : null}
        <details>
          <summary>The figures as a table</summary>
          <table className="doc-table ag-table">
            <thead>
              <tr>
                <th scope="col">Week</th>
                <th scope="col">From</th>
                <th scope="col">Claims compared</th>
                <th scope="col">Raw agreement</th>
                <th scope="col">
                  Cohen&apos;s <Greek>κ</Greek>
                </th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week}>
                  <td>{w.week}</td>
                  <td>{w.start}</td>
                  <td>{w.pairs}</td>
                  <td>{share(w.raw)}</td>
                  <td>{coefficient(w.kappa, w.pairs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}
