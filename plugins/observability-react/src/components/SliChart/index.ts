export { SliChart, ROLE_COLORS } from './SliChart';
export type { SliChartProps } from './SliChart';
