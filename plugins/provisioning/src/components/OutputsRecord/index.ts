export { OutputsRecord } from './OutputsRecord';
