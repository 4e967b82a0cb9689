export { AlertsCard, AlertStateChip } from './AlertsCard';
