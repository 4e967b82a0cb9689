import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { PromotionPullRequest } from '@internal/plugin-deployments-common';
import { useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { age } from '../shared';

const userName = (ref?: string) =>
  ref?.replace(/^user:[^/]+\//, '') ?? 'someone';

/**
 * Merge the promotion pull request (who may), or ask who may: a reason,
 * and the backend's answer (a merge refused by a gate says which).
 */
function PullRequestDialog(props: {
  entityRef: string;
  pull: PromotionPullRequest;
  mode: 'merge' | 'ask';
  onClose(): void;
  onDone(message: string): void;
}) {
  const { entityRef, pull, mode, onClose, onDone } = props;
  const api = useApi(deploymentsApiRef);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const target = { entityRef, environment: pull.to };
  const go = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res =
        mode === 'merge'
          ? await api.mergePromotion(target, {
              reason: reason.trim(),
              number: pull.number,
            })
          : await api.requestPromotion(target, { reason: reason.trim() });
      onDone(res.message);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {mode === 'merge'
          ? `Merge #${pull.number}: ${pull.imageTag} to ${pull.to}`
          : `Ask who may merge #${pull.number}`}
      </DialogTitle>
      <DialogContent>
        {mode === 'merge' && (
          <Typography variant="body2" sx={{ mb: 1 }}>
            The gates are checked again now; the merge commit lands on the
            branch Argo CD deploys {pull.to} from.
          </Typography>
        )}
        <TextField
          label="Reason (required)"
          value={reason}
          onChange={e => setReason(e.target.value)}
          fullWidth
          required
          multiline
          minRows={2}
          helperText="In the merge commit and the audit log, with your name."
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
          disabled={busy || reason.trim().length < 3}
          onClick={go}
        >
          {mode === 'merge' ? `Merge #${pull.number}` : 'Ask who may promote'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The open promotion pull request of an environment: who opened it, the gates then, Merge or "waiting". */
export function PromotionPullRequestPanel(props: {
  entityRef: string;
  pull: PromotionPullRequest;
  onDone(message: string): void;
}) {
  const { entityRef, pull, onDone } = props;
  const [mode, setMode] = useState<'merge' | 'ask'>();
  const failed = pull.gates.filter(g => g.status !== 'passed');
  return (
    <Box
      data-testid={`pull-request-${pull.to}`}
      sx={{ mt: 1, pt: 1, borderTop: 1, borderColor: 'divider' }}
    >
      <Typography variant="caption" component="div">
        <Link href={pull.url}>Pull request #{pull.number}</Link>:{' '}
        {pull.imageTag} from {pull.from}, opened by {userName(pull.requestedBy)}{' '}
        {age(pull.openedAt)}
      </Typography>
      {pull.reason && (
        <Typography variant="caption" component="div" color="text.secondary">
          “{pull.reason}”
        </Typography>
      )}
      <Typography variant="caption" component="div">
        Gates when opened:{' '}
        {failed.length === 0
          ? `all ${pull.gates.length} passed`
          : `${failed.length} of ${pull.gates.length} not passed (${failed
              .map(g => g.id)
              .join(', ')})`}
      </Typography>
      {pull.canMerge ? (
        <Button
          size="small"
          variant="contained"
          sx={{ mt: 0.5 }}
          onClick={() => setMode('merge')}
        >
          Merge #{pull.number}
        </Button>
      ) : (
        <>
          <Typography variant="caption" component="div" color="warning.main">
            Waiting for an SRE to merge it
          </Typography>
          <Button size="small" sx={{ mt: 0.5 }} onClick={() => setMode('ask')}>
            Ask who may promote
          </Button>
        </>
      )}
      {mode && (
        <PullRequestDialog
          entityRef={entityRef}
          pull={pull}
          mode={mode}
          onClose={() => setMode(undefined)}
          onDone={message => {
            setMode(undefined);
            onDone(message);
          }}
        />
      )}
    </Box>
  );
}
