import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { TraceRow } from '@internal/plugin-observability-common';
import { formatClock } from '@internal/plugin-observability-react';
import { formatMs } from '../format';

interface Point {
  t: number;
  durationMs: number;
  trace: TraceRow;
}

/**
 * Latency over time, one dot per trace, errors in red: slow or failing
 * requests stand out, and a click opens the trace in Jaeger.
 */
export function TraceScatter(props: { traces: TraceRow[] }) {
  const points = props.traces.map(trace => ({
    t: Date.parse(trace.startTime),
    durationMs: trace.durationMs,
    trace,
  }));
  const ok = points.filter(p => !p.trace.error);
  const failed = points.filter(p => p.trace.error);
  const open = (point: Point) =>
    globalThis.open?.(point.trace.traceUrl, '_blank', 'noopener');
  return (
    <ResponsiveContainer width="100%" height={200}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={formatClock}
          name="start"
          minTickGap={40}
        />
        <YAxis
          dataKey="durationMs"
          type="number"
          name="duration"
          width={64}
          tickFormatter={(v: number) => formatMs(v)}
        />
        <ZAxis range={[30, 30]} />
        <Tooltip
          formatter={(v: number, name: string) =>
            name === 'start' ? new Date(v).toLocaleTimeString() : formatMs(v)
          }
        />
        <Scatter
          name="ok"
          data={ok}
          fill="#1565c0"
          isAnimationActive={false}
          onClick={open}
        />
        <Scatter
          name="error"
          data={failed}
          fill="#c62828"
          isAnimationActive={false}
          onClick={open}
        />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
