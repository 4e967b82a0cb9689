export { pavedRoadApiRef } from './PavedRoadApi';
export type { PavedRoadApi } from './PavedRoadApi';
export { PavedRoadClient, errorMessage } from './PavedRoadClient';
