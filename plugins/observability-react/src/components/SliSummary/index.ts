export { SliSummary, canaryVerdict } from './SliSummary';
export type { SliSummaryProps } from './SliSummary';
