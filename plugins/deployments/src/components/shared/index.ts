export { HealthChip, SyncChip, shortSha, age } from './status';
export { entityTabPath } from './paths';
