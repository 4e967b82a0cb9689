export { HealthChip, SyncChip, shortSha, age, displayTag } from './status';
export { entityTabPath } from './paths';
