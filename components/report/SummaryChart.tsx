import { LABEL_NAMES } from "@/lib/domain/verdicts";
import type { ReportSummary } from "@/lib/server/report";
import { STATUS_GLYPH, STATUS_ORDER } from "./parts";

const WIDTH = 600;
const HEIGHT = 30;

const percent = (n: number, total: number) => (total ? Math.round((100 * n) / total) : 0);

/**
 * One horizontal bar split by status, drawn as inline SVG so it prints sharply and needs no script.
 * The legend under it carries every number in words, so the bar is never the only way to read them.
 */
export function SummaryChart({ summary }: { summary: ReportSummary }) {
  const { total, counts } = summary;
  const shown = STATUS_ORDER.filter((s) => counts[s] > 0);
  const segments = shown.map((status, i) => {
    // Both edges from cumulative counts, so rounding never leaves a gap between segments.
    const before = shown.slice(0, i).reduce((n, s) => n + counts[s], 0);
    const x0 = (WIDTH * before) / total;
    const x1 = (WIDTH * (before + counts[status])) / total;
    return { status, x: x0, width: x1 - x0, count: counts[status] };
  });
  const spoken = total
    ? `${STATUS_ORDER.map((s) => `${counts[s]} ${LABEL_NAMES[s].toLowerCase()}`).join(", ")}, of ${total} claims.`
    : "This document has no claims.";
  return (
    <figure className="rp-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="rp-chart-bar" role="img" aria-labelledby="rp-chart-title">
        <title id="rp-chart-title">{spoken}</title>
        <defs>
          <pattern id="rp-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="rp-fill-UNREVIEWED" />
            <line x1="0" y1="0" x2="0" y2="6" className="rp-hatch-line" />
          </pattern>
        </defs>
        {total === 0 ? <rect x="0" y="0" width={WIDTH} height={HEIGHT} className="rp-fill-empty" /> : null}
        {segments.map((s) => (
          <g key={s.status}>
            <rect x={s.x} y="0" width={s.width} height={HEIGHT} className={`rp-fill-${s.status}`} fill={s.status === "UNREVIEWED" ? "url(#rp-hatch)" : undefined} />
            {/* A label only where it fits; the legend below always has every number. */}
            {s.width >= 40 ? (
              <text x={s.x + s.width / 2} y={HEIGHT / 2} dominantBaseline="central" textAnchor="middle" className={`rp-chart-text rp-on-${s.status}`}>
                {STATUS_GLYPH[s.status]} {s.count}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="rp-legend">
          {STATUS_ORDER.map((s) => (
            <li key={s}>
              <span className={`rp-swatch rp-swatch-${s}`} aria-hidden="true" />
              <span className={`rp-legend-word rp-ink-${s}`}>
                <span aria-hidden="true">{STATUS_GLYPH[s]}</span> {LABEL_NAMES[s]}
              </span>{" "}
              <strong>{counts[s]}</strong> <span className="rp-muted">({percent(counts[s], total)}%)</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
