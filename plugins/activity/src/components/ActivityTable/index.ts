export { ActivityTable } from './ActivityTable';
export { changesOf, linkOf, shortRef } from './format';
