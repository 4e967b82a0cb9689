export { LogsCard } from './LogsCard';
