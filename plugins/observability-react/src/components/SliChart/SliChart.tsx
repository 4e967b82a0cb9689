import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import Typography from '@mui/material/Typography';
import Box from '@mui/material/Box';
import type { SliSeries } from '@internal/plugin-observability-common';
import { formatClock, shortRevision } from '../format';
import { lineKey, mergeSeries, visibleSeries } from './chartData';

export const ROLE_COLORS: Record<SliSeries['role'], string> = {
  total: '#757575',
  stable: '#1565c0',
  canary: '#d84315',
};

function labelOf(s: SliSeries, suffix: string): string {
  const name =
    s.role === 'total'
      ? 'all traffic'
      : `${s.role} ${shortRevision(s.revision)}`;
  return suffix ? `${name} ${suffix}` : name;
}

export interface SliChartProps {
  title: string;
  /** One group per line style, e.g. p95 solid and p99 dashed. */
  groups: Array<{ series: SliSeries[]; suffix?: string; dashed?: boolean }>;
  /** Multiplies values (100 for percent, 1000 for ms). */
  scale: number;
  unit: string;
  testId: string;
  height?: number;
}

/** A time series chart of one SLI: canary and stable side by side during a rollout. */
export function SliChart(props: SliChartProps) {
  const { title, scale, unit, testId, height = 180 } = props;
  const groups = props.groups.map(g => ({
    ...g,
    series: visibleSeries(g.series),
  }));
  const data = mergeSeries(groups, scale);
  const lines = groups.flatMap(g =>
    g.series.map(s => ({
      key: lineKey(s, g.suffix),
      label: labelOf(s, g.suffix ?? ''),
      // Alone, all traffic is the service's line: the stable colour.
      color: ROLE_COLORS[g.series.length > 1 ? s.role : 'stable'],
      dashed: g.dashed,
      thin: s.role === 'total' && g.series.length > 1,
    })),
  );
  const canary = groups[0]?.series.find(s => s.role === 'canary');

  return (
    <Box data-testid={testId} data-canary-revision={canary?.revision ?? ''}>
      <Typography variant="subtitle2">{title}</Typography>
      {data.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ height }}>
          No data in this window.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={formatClock}
              minTickGap={40}
            />
            <YAxis
              width={72}
              tickFormatter={(v: number) =>
                `${Number(v.toPrecision(2))}${unit}`
              }
            />
            <Tooltip
              labelFormatter={(t: number) => new Date(t).toLocaleString()}
              formatter={(v: number) => `${Number(v.toPrecision(3))}${unit}`}
            />
            <Legend />
            {lines.map(line => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.label}
                stroke={line.color}
                strokeDasharray={line.dashed ? '5 3' : undefined}
                strokeWidth={line.thin ? 1 : 2}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}
