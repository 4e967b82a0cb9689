import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  PromoteResult,
  PromotionGate,
  PromotionPreview,
} from '@internal/plugin-deployments-common';
import { useEffect, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { shortSha } from '../shared';

const GATE_MARK: Record<PromotionGate['status'], string> = {
  passed: '✔',
  failed: '✘',
  error: '?',
};

/** The gates as a checklist, each with what the backend measured. */
function GateList(props: { gates: PromotionGate[] }) {
  return (
    <List dense aria-label="gates">
      {props.gates.map(g => (
        <ListItem
          key={g.id}
          data-testid={`gate-${g.id}`}
          data-status={g.status}
          sx={{ alignItems: 'flex-start' }}
        >
          <Typography
            component="span"
            sx={{
              mr: 1,
              fontWeight: 'bold',
              color: g.status === 'passed' ? 'success.main' : 'error.main',
            }}
            aria-label={g.status}
          >
            {GATE_MARK[g.status]}
          </Typography>
          <ListItemText
            primary={g.title}
            secondary={`${g.status === 'error' ? 'Cannot be checked. ' : ''}${
              g.detail
            }`}
          />
        </ListItem>
      ))}
    </List>
  );
}

/**
 * Promote to the next environment: the gates the backend evaluated, what
 * would change (image, commits, values diff), a reason, and for admins an
 * override of failed gates with its own reason.
 */
export function PromoteDialog(props: {
  entityRef: string;
  environment: string;
  onClose(): void;
  onDone(result: PromoteResult): void;
}) {
  const { entityRef, environment, onClose, onDone } = props;
  const api = useApi(deploymentsApiRef);
  const [preview, setPreview] = useState<PromotionPreview>();
  const [previewError, setPreviewError] = useState<string>();
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [asked, setAsked] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    api
      .previewPromotion({ entityRef, environment })
      .then(p => !cancelled && setPreview(p))
      .catch(e => !cancelled && setPreviewError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, environment]);

  const failed = preview?.gates.filter(g => g.status !== 'passed') ?? [];
  const blocking = failed.filter(g => !g.overridable);
  const overriding = override && failed.length > 0;
  const ready =
    !!preview &&
    preview.allowed &&
    !preview.changes.blocked &&
    reason.trim().length >= 3 &&
    blocking.length === 0 &&
    (failed.length === 0 ||
      (preview.canOverride && overriding && overrideReason.trim().length >= 3));

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onDone(
        await api.promote(
          { entityRef, environment },
          {
            reason: reason.trim(),
            ...(overriding && { override: { reason: overrideReason.trim() } }),
          },
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  // Not allowed here (production): ask those who may, who get notified.
  const ask = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.requestPromotion(
        { entityRef, environment },
        { reason: reason.trim() },
      );
      setAsked(res.message);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const changes = preview?.changes;
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth>
      <DialogTitle>
        Promote to {environment}
        {preview ? ` from ${preview.from}` : ''}
      </DialogTitle>
      <DialogContent>
        {previewError && <Alert severity="error">{previewError}</Alert>}
        {!preview && !previewError && (
          <Typography>Checking the gates…</Typography>
        )}
        {preview && changes && (
          <>
            {preview.viaPullRequest && (
              <Alert severity="info" sx={{ mb: 1 }}>
                {environment} is promoted through a pull request on the service
                repository:{' '}
                {preview.canMerge
                  ? 'you may merge it once it is open.'
                  : 'the production groups (SRE) merge it, and are told it waits.'}
                {preview.pullRequest &&
                  ` #${preview.pullRequest.number} is open for ${preview.pullRequest.imageTag}; promoting updates or supersedes it.`}
              </Alert>
            )}
            <Typography variant="subtitle2">Gates</Typography>
            <GateList gates={preview.gates} />
            {!preview.allowed && (
              <Alert severity="warning" sx={{ mb: 1 }}>
                You may not promote to {environment}: its owners may, and
                production environments are for the production groups (SRE).
              </Alert>
            )}
            <Typography variant="subtitle2">What changes</Typography>
            {changes.blocked && (
              <Alert severity="warning" sx={{ my: 1 }}>
                {changes.blocked}: there is no build to promote.
              </Alert>
            )}
            {changes.error && (
              <Alert severity="warning" sx={{ my: 1 }}>
                {changes.error}
              </Alert>
            )}
            {changes.upToDate && (
              <Alert severity="info" sx={{ my: 1 }}>
                {environment} is already set to this build: promoting commits
                nothing.
              </Alert>
            )}
            <Typography variant="body2" data-testid="promote-image">
              Image {changes.image.before ?? 'none'} →{' '}
              <strong>{changes.image.after ?? 'unknown'}</strong>
            </Typography>
            {changes.commits.length > 0 && (
              <Box component="ul" sx={{ pl: 2, my: 1 }} aria-label="commits">
                {changes.commits.map(c => (
                  <Typography component="li" variant="caption" key={c.sha}>
                    {c.url ? (
                      <Link href={c.url}>
                        <code>{shortSha(c.sha)}</code>
                      </Link>
                    ) : (
                      <code>{shortSha(c.sha)}</code>
                    )}{' '}
                    {c.message} — {c.author ?? 'unknown'}
                  </Typography>
                ))}
              </Box>
            )}
            {changes.valuesDiff && (
              <Box
                component="pre"
                aria-label="values diff"
                sx={{
                  fontSize: 12,
                  p: 1,
                  bgcolor: 'action.hover',
                  overflowX: 'auto',
                }}
              >
                {changes.valuesDiff}
              </Box>
            )}
            <TextField
              label="Reason (required)"
              value={reason}
              onChange={e => setReason(e.target.value)}
              fullWidth
              required
              multiline
              minRows={2}
              sx={{ mt: 2 }}
              helperText="In the commit message and the audit log, with your name."
            />
            {failed.length > 0 &&
              preview.canOverride &&
              blocking.length === 0 && (
                <Box sx={{ mt: 1 }}>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={override}
                        onChange={e => setOverride(e.target.checked)}
                      />
                    }
                    label={`Override the failed gates (admins): ${failed
                      .map(g => g.id)
                      .join(', ')}`}
                  />
                  {override && (
                    <TextField
                      label="Why override (required)"
                      value={overrideReason}
                      onChange={e => setOverrideReason(e.target.value)}
                      fullWidth
                      required
                      helperText="Audited and written into the commit."
                    />
                  )}
                </Box>
              )}
          </>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
        {asked && (
          <Alert severity="success" sx={{ mt: 2 }}>
            {asked}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        {preview && !preview.allowed && (
          <Button
            disabled={busy || !!asked || reason.trim().length < 3}
            onClick={ask}
          >
            Ask who may promote
          </Button>
        )}
        <Button variant="contained" disabled={!ready || busy} onClick={confirm}>
          {overriding ? 'Override and promote' : null}
          {!overriding && preview?.viaPullRequest
            ? `Open a pull request to ${environment}`
            : null}
          {!overriding && !preview?.viaPullRequest
            ? `Promote to ${environment}`
            : null}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
