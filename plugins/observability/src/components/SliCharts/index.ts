export { SliChartsCard } from './SliChartsCard';
export { SliChart, ROLE_COLORS } from './SliChart';
export { EnvironmentSliPanel } from './EnvironmentSliPanel';
