// The clock and back-off moved to the shared transport; re-exported for
// the client's options and its tests.
export { systemClock } from '@internal/http-transport';
export type { Clock } from '@internal/http-transport';
