import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  ActionResult,
  EnvironmentDeployment,
  RollbackPreview,
} from '@internal/plugin-deployments-common';
import { useEffect, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { age, shortSha } from '../shared';

/**
 * Rollback: pick a history entry, see what changes (the server's dry run:
 * revision and image), give a reason, confirm.
 */
export function RollbackDialog(props: {
  open: boolean;
  entityRef: string;
  deployment: EnvironmentDeployment;
  onClose(): void;
  onDone(result: ActionResult): void;
}) {
  const { open, entityRef, deployment, onClose, onDone } = props;
  const api = useApi(deploymentsApiRef);
  const target = { entityRef, environment: deployment.environment };
  const candidates = deployment.history.filter(h => !h.current);
  const [id, setId] = useState<number | undefined>(candidates[0]?.id);
  const [preview, setPreview] = useState<RollbackPreview>();
  const [previewError, setPreviewError] = useState<string>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open || id === undefined) return undefined;
    let cancelled = false;
    setPreview(undefined);
    setPreviewError(undefined);
    api
      .previewRollback(target, id)
      .then(p => !cancelled && setPreview(p))
      .catch(e => !cancelled && setPreviewError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
    // target is rebuilt every render from stable parts
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, open, id, entityRef, deployment.environment]);

  const confirm = async () => {
    if (id === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.rollback(target, { id, reason: reason.trim() }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const reasonOk = reason.trim().length >= 3;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        Roll back {deployment.application} ({deployment.environment})
      </DialogTitle>
      <DialogContent>
        <Typography variant="subtitle2">Roll back to</Typography>
        <RadioGroup
          value={id === undefined ? '' : String(id)}
          onChange={e => setId(Number(e.target.value))}
        >
          {candidates.map(h => (
            <FormControlLabel
              key={h.id}
              value={String(h.id)}
              control={<Radio size="small" />}
              label={`${shortSha(h.revision)} — ${h.message ?? ''} (${
                h.author ?? h.initiatedBy ?? 'unknown'
              }, deployed ${age(h.deployedAt)})`}
            />
          ))}
        </RadioGroup>
        <Box sx={{ my: 2 }} data-testid="rollback-preview">
          {previewError && <Alert severity="error">{previewError}</Alert>}
          {!preview && !previewError && id !== undefined && (
            <Typography variant="body2">Checking what would change…</Typography>
          )}
          {preview && (
            <Alert severity="info">
              <div>
                Revision {shortSha(preview.from.revision)} →{' '}
                <strong>{shortSha(preview.to.revision)}</strong>
              </div>
              <div>
                Image {preview.from.image ?? 'unknown'} →{' '}
                <strong>{preview.to.image ?? 'unknown'}</strong>
              </div>
              {preview.suspendsAutoSync && (
                <div>
                  Auto-sync is on: it will be suspended first (Argo CD refuses a
                  rollback otherwise), so git no longer wins until you resume
                  it.
                </div>
              )}
            </Alert>
          )}
        </Box>
        <TextField
          label="Reason (required)"
          value={reason}
          onChange={e => setReason(e.target.value)}
          fullWidth
          required
          multiline
          minRows={2}
          helperText="Recorded in the audit log with your name."
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="error"
          disabled={!preview || !reasonOk || busy}
          onClick={confirm}
        >
          Confirm rollback
        </Button>
      </DialogActions>
    </Dialog>
  );
}
