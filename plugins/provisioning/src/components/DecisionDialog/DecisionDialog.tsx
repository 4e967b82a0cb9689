import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';

export type Decision = 'apply' | 'discard';

export interface DecisionDialogProps {
  open: boolean;
  decision: Decision;
  environment: string;
  workspaceName: string;
  onClose: () => void;
  /** Carries out the decision; a rejection is shown in the dialog. */
  onConfirm: (comment: string) => Promise<void>;
}

/** Asks for the comment an approval or a discard needs, then carries it out. */
export function DecisionDialog(props: DecisionDialogProps) {
  const { open, decision, environment, workspaceName, onClose, onConfirm } =
    props;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const verb = decision === 'apply' ? 'Approve' : 'Discard';

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(comment.trim());
      setComment('');
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle>
        {verb} the run of {workspaceName}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          {decision === 'apply'
            ? `Terraform Cloud will apply the plan to ${environment}.`
            : `The plan is thrown away; nothing changes in ${environment}.`}{' '}
          Say why: the comment is recorded with the run and in the audit log.
        </DialogContentText>
        <TextField
          label="Comment"
          value={comment}
          onChange={e => setComment(e.target.value)}
          required
          fullWidth
          multiline
          minRows={2}
          disabled={busy}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant="contained"
          color={decision === 'apply' ? 'primary' : 'error'}
          onClick={confirm}
          disabled={busy || comment.trim().length === 0}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
