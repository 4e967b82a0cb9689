export {
  HealthChip,
  SyncChip,
  shortSha,
  age,
  displayTag,
  runsNothing,
} from './status';
export { entityTabPath } from './paths';
