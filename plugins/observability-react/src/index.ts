/**
 * What other frontend plugins share from observability: the
 * `observabilityApiRef` and its types, `SliSummary` (what the Deployments tab
 * shows beside a rollout), and the chart, error card, hook and formats the
 * observability plugin's own cards are built from.
 *
 * @packageDocumentation
 */
export * from './api';
export { useObservabilityCall } from './hooks/useObservabilityCall';
export { CardError } from './components/CardError';
export { SliChart, ROLE_COLORS } from './components/SliChart';
export type { SliChartProps } from './components/SliChart';
export { SliSummary, canaryVerdict } from './components/SliSummary';
export type { SliSummaryProps } from './components/SliSummary';
export {
  formatClock,
  formatPercent,
  formatRate,
  formatSeconds,
  shortRevision,
} from './components/format';
