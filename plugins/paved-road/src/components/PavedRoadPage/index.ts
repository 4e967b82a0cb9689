export { PavedRoadPage } from './PavedRoadPage';
