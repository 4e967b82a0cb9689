export { HealthChip, SyncChip, shortSha, age } from './status';
