export { SliChartsCard } from './SliChartsCard';
export { EnvironmentSliPanel } from './EnvironmentSliPanel';
