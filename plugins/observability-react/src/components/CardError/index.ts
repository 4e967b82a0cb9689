export { CardError } from './CardError';
