import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { RunLogEntry } from '@internal/plugin-provisioning-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { provisioningApiRef } from '../../api';

/** The run's plan and apply log, read through the backend when opened. */
export function RunLogDialog(props: {
  runId: string;
  title: string;
  open: boolean;
  onClose: () => void;
}) {
  const { runId, title, open, onClose } = props;
  const api = useApi(provisioningApiRef);
  const [entries, setEntries] = useState<RunLogEntry[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    setEntries(undefined);
    setError(undefined);
    api.getRunLog(runId).then(
      result => !cancelled && setEntries(result),
      e => !cancelled && setError((e as Error).message),
    );
    return () => {
      cancelled = true;
    };
  }, [api, runId, open]);

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {error && <Alert severity="error">{error}</Alert>}
        {!error && !entries && <CircularProgress aria-label="Loading log" />}
        {entries && entries.length === 0 && (
          <Alert severity="info">No log yet.</Alert>
        )}
        {entries && entries.length > 0 && (
          <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}>
            {entries.map(e => e.text).join('\n')}
          </pre>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
