export { DoraCard, EntityDoraCard, duration } from './DoraCard';
