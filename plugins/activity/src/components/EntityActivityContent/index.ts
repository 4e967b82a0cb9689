export { EntityActivityContent } from './EntityActivityContent';
