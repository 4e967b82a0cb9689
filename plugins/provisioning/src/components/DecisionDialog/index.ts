export { DecisionDialog } from './DecisionDialog';
export type { Decision, DecisionDialogProps } from './DecisionDialog';
