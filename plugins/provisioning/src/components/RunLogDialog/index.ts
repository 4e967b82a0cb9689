export { RunLogDialog } from './RunLogDialog';
