export { PavedRoadCard } from './PavedRoadCard';
