export { ReleaseTimelineCard } from './ReleaseTimelineCard';
