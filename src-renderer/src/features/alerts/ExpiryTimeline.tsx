// A bar chart of the next 90 days, one bar per week: expiries stacked on rotations due.
import { formatDate } from '../../lib/dates';
import type { Bucket } from './timeline';

const H = 160;
const BAR = 26;
const GAP = 14;

export function ExpiryTimeline({ buckets }: { buckets: Bucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.expiries + b.rotations));
  const width = buckets.length * (BAR + GAP);
  const scale = (n: number) => (n / max) * (H - 24);
  const total = buckets.reduce((s, b) => s + b.expiries + b.rotations, 0);
  return (
    <figure className="timeline" aria-label={`Upcoming expiries and rotations, next 90 days: ${total} in all`}>
      <svg
        viewBox={`0 0 ${width} ${H + 22}`}
        role="img"
        aria-label={`Bar chart by week: ${buckets.map((b) => `${b.expiries} expiring and ${b.rotations} rotations due in the week of ${formatDate(b.start)}`).join('; ')}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line x1={0} x2={width} y1={H} y2={H} className="axis" />
        {buckets.map((b, i) => {
          const x = i * (BAR + GAP) + GAP / 2;
          const e = scale(b.expiries);
          const r = scale(b.rotations);
          return (
            <g key={b.start}>
              <title>{`Week of ${formatDate(b.start)}: ${b.expiries} expiring, ${b.rotations} rotations due`}</title>
              <rect x={x} y={H - r} width={BAR} height={r} rx={3} className="bar-rotation" />
              <rect x={x} y={H - r - e} width={BAR} height={e} rx={3} className="bar-expiry" />
              {b.expiries + b.rotations > 0 ? (
                <text x={x + BAR / 2} y={H - r - e - 6} textAnchor="middle" className="bar-value">
                  {b.expiries + b.rotations}
                </text>
              ) : null}
              {i % 2 === 0 ? (
                <text x={x + BAR / 2} y={H + 16} textAnchor="middle" className="tick">
                  {new Date(`${b.start}T12:00:00`).toLocaleDateString('en', { month: 'short', day: 'numeric' })}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <i className="swatch bar-expiry" /> Expiring
        </span>
        <span>
          <i className="swatch bar-rotation" /> Rotation due
        </span>
      </figcaption>
    </figure>
  );
}
