export { RunTimeline, isRunMoving, stepOf } from './RunTimeline';
