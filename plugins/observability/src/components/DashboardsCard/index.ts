export { DashboardsCard } from './DashboardsCard';
