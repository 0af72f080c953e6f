/**
 * The measures of success as charts drawn by hand in inline SVG (no chart library): each measure is
 * a figure with its chart, a caption (the headline in words) and the same numbers in a table, so
 * the chart is never the only way to read them. Colours are Atlassian chart tokens (CSS custom
 * properties of the light or dark theme) set by class in `rhythm.css`; the SVG scales to its box.
 */
import { useId } from 'react';
import type { Measure, MeasureRow } from '../../../src/domain/community';

/** A value as a table shows it. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '–';
  const n = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit === 'percent' ? `${n} %` : n;
}

const WIDTH = 320;
const BAR = 14;
const GAP = 6;
const LABEL_W = 120;

/** Horizontal bars: one group per row, one bar per column (a series). */
function Bars({ measure }: { readonly measure: Measure }): JSX.Element {
  const series = measure.columns.length;
  const max = Math.max(
    1,
    ...measure.rows.flatMap((r) => r.values.map((v) => (v === null ? 0 : v))),
  );
  const groupH = series * BAR + (series - 1) * 2 + GAP * 2;
  const height = Math.max(groupH, measure.rows.length * groupH);
  const plotW = WIDTH - LABEL_W - 36;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-hidden="true"
      focusable="false"
    >
      {measure.rows.map((row, r) => {
        const y0 = r * groupH + GAP;
        return (
          <g key={row.key}>
            <text
              className="chart-label"
              x={LABEL_W - 6}
              y={y0 + (groupH - GAP * 2) / 2 + 4}
              textAnchor="end"
            >
              {truncate(row.label, 18)}
            </text>
            {row.values.map((v, c) => {
              const w = v === null ? 0 : Math.max(v > 0 ? 2 : 0, (v / max) * plotW);
              const y = y0 + c * (BAR + 2);
              return (
                <g key={measure.columns[c]?.key ?? c}>
                  <rect
                    className={`chart-series-${c % 5}`}
                    x={LABEL_W}
                    y={y}
                    width={w}
                    height={BAR}
                    rx={2}
                  />
                  <text className="chart-value" x={LABEL_W + w + 4} y={y + BAR - 3}>
                    {formatValue(v, measure.columns[c]?.unit ?? '')}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      <line className="chart-axis" x1={LABEL_W} x2={LABEL_W} y1={0} y2={height} />
    </svg>
  );
}

/** Columns over time (held sessions in order), with a line for a second series (the trend). */
function Columns({ measure }: { readonly measure: Measure }): JSX.Element {
  const height = 140;
  const base = height - 22;
  const rows = measure.rows;
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => (v === null ? 0 : v))));
  const step = rows.length === 0 ? WIDTH : (WIDTH - 20) / rows.length;
  const barW = Math.max(4, Math.min(28, step - 6));
  const y = (v: number) => base - (v / max) * (base - 14);
  const line = rows
    .map((r, i) => (r.values[1] === null || r.values[1] === undefined ? null : [i, r.values[1]]))
    .filter((p): p is [number, number] => p !== null)
    .map(([i, v]) => `${10 + i * step + step / 2},${y(v)}`)
    .join(' ');
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-hidden="true"
      focusable="false"
    >
      <line className="chart-axis" x1={10} x2={WIDTH - 10} y1={base} y2={base} />
      {rows.map((r, i) => {
        const v = r.values[0] ?? null;
        const x = 10 + i * step + (step - barW) / 2;
        return (
          <g key={r.key}>
            {v !== null && (
              <>
                <rect
                  className="chart-series-0"
                  x={x}
                  y={y(v)}
                  width={barW}
                  height={base - y(v)}
                  rx={2}
                />
                <text className="chart-value" x={x + barW / 2} y={y(v) - 3} textAnchor="middle">
                  {formatValue(v, '')}
                </text>
              </>
            )}
            {rows.length <= 8 && (
              <text className="chart-label" x={x + barW / 2} y={height - 6} textAnchor="middle">
                {truncate(r.label, 6)}
              </text>
            )}
          </g>
        );
      })}
      {line !== '' && <polyline className="chart-line" points={line} fill="none" />}
    </svg>
  );
}

const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const overTime = (m: Measure): boolean => m.id === 'attendance' || m.id === 'attendance-trend';

function Table({
  measure,
  caption,
}: {
  readonly measure: Measure;
  readonly caption: string;
}): JSX.Element {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="measure-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{overTime(measure) ? 'Session' : 'What'}</th>
            {measure.columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {measure.rows.map((row: MeasureRow) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {row.values.map((v, i) => (
                <td key={measure.columns[i]?.key ?? i}>
                  {formatValue(v, measure.columns[i]?.unit ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One measure: headline, chart (hidden from screen readers: the table says the same), table. */
export function MeasureFigure({ measure }: { readonly measure: Measure }): JSX.Element {
  const id = useId();
  const { headline } = measure;
  return (
    <figure className="measure" aria-labelledby={id} data-testid={`measure-${measure.id}`}>
      <figcaption id={id}>
        <strong>{measure.title}</strong>
        <span className="measure-headline">
          {headline.value === null ? '' : `${formatValue(headline.value, headline.unit)} `}
        </span>
        <span className="subtle">{headline.text}</span>
      </figcaption>
      {measure.rows.length === 0 ? (
        <p className="subtle">Nothing to show yet.</p>
      ) : (
        <div className="measure-body">
          {overTime(measure) ? <Columns measure={measure} /> : <Bars measure={measure} />}
          {measure.columns.length > 1 && (
            <ul className="chart-legend" aria-hidden="true">
              {measure.columns.map((c, i) => (
                <li key={c.key}>
                  <span
                    className={`chart-swatch chart-series-${overTime(measure) && i === 1 ? 'line' : i % 5}`}
                  />
                  {c.label}
                </li>
              ))}
            </ul>
          )}
          <Table measure={measure} caption={`${measure.title}: the numbers`} />
        </div>
      )}
    </figure>
  );
}
