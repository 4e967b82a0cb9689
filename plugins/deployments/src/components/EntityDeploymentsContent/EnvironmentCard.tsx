import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import {
  ActionResult,
  DeploymentAction,
  deploymentPermissionFor,
  EnvironmentDeployment,
  nothingRunsIn,
  RolloutActionName,
} from '@internal/plugin-deployments-common';
import { useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { age, HealthChip, runsNothing, shortSha, SyncChip } from '../shared';
import { AbortExplanation } from './AbortExplanation';
import { RollbackDialog } from './RollbackDialog';
import { RolloutProgress } from './RolloutProgress';
import { RolloutSlis } from './RolloutSlis';
import { WaitingForInfrastructure } from './WaitingForInfrastructure';

/** Whether the signed-in user may run an action here (the backend decides again). */
function useAllowed(
  action: DeploymentAction,
  deployment: EnvironmentDeployment,
  entityRef: string,
): boolean {
  const { allowed } = usePermission({
    permission: deploymentPermissionFor(action, deployment.production),
    resourceRef: entityRef,
  });
  return allowed;
}

const ACTION_LABEL: Record<RolloutActionName, string> = {
  promote: 'Promote',
  'promote-full': 'Promote full',
  abort: 'Abort',
  retry: 'Retry',
};

/** One environment: status, rollout, history and the actions the user may take. */
export function EnvironmentCard(props: {
  entityRef: string;
  deployment: EnvironmentDeployment;
  onChanged(): void;
}) {
  const { entityRef, deployment: d, onChanged } = props;
  const api = useApi(deploymentsApiRef);
  const [rollbackOpen, setRollbackOpen] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const [busy, setBusy] = useState(false);
  // An application only the annotation matches is read-only: the backend
  // refuses every action on it until an admin binds it to the entity.
  const bound = d.binding !== 'unbound';
  const nothingYet = runsNothing(d);
  const mayRollback = useAllowed('rollback', d, entityRef) && bound;
  const mayPromote = useAllowed('promote', d, entityRef) && bound;
  const mayAbort = useAllowed('abort', d, entityRef) && bound;
  const mayRetry = useAllowed('retry', d, entityRef) && bound;
  const mayResume = useAllowed('resume-auto-sync', d, entityRef) && bound;
  const target = { entityRef, environment: d.environment };

  const run = async (action: () => Promise<ActionResult>) => {
    setBusy(true);
    try {
      const r = await action();
      setResult({ ok: true, message: r.message });
    } catch (e) {
      setResult({ ok: false, message: errorMessage(e) });
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const mayRun: Record<RolloutActionName, boolean> = {
    promote: mayPromote,
    'promote-full': mayPromote,
    abort: mayAbort,
    retry: mayRetry,
  };
  const allowedRolloutActions = (d.rollout?.availableActions ?? []).filter(
    a => mayRun[a],
  );
  // Promote and abort are for a paused or running canary, retry for an aborted one.
  const shownRolloutActions = allowedRolloutActions.filter(a =>
    d.rollout?.aborted ? a === 'retry' : a !== 'retry',
  );

  return (
    <Card
      variant="outlined"
      data-testid={`environment-${d.environment}`}
      aria-label={`${d.environment} deployment`}
    >
      <CardHeader
        title={
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            <Typography variant="h6">{d.environment}</Typography>
            {d.production && <Chip size="small" label="production" />}
            {d.state === 'deployed' && (
              <>
                <HealthChip health={d.health} message={d.healthMessage} />
                <SyncChip sync={d.sync} />
              </>
            )}
          </Box>
        }
        subheader={
          d.argocdUrl ? (
            <Link href={d.argocdUrl} target="_blank" rel="noopener">
              {d.application} in Argo CD ({d.instance})
            </Link>
          ) : (
            d.instance
          )
        }
      />
      <CardContent>
        {d.state === 'unavailable' && (
          <Alert severity="warning">
            Unavailable: {d.error ?? 'Argo CD did not answer'}
          </Alert>
        )}
        {d.state === 'missing' && (
          <Typography color="text.secondary">
            Not deployed to {d.environment}.
          </Typography>
        )}
        {d.state === 'deployed' && (
          <>
            {nothingYet && (
              <Typography data-testid="runs-nothing" sx={{ mb: 1 }}>
                {nothingRunsIn(d.environment)}
              </Typography>
            )}
            <Typography variant="body2">
              Revision <code>{shortSha(d.revision)}</code>
              {d.imageTag ? ` · image ${d.imageTag}` : ''}
              {d.deployedAt
                ? ` · deployed ${age(d.deployedAt)} by ${
                    d.deployedBy ?? 'unknown'
                  }`
                : ''}
            </Typography>
            {!bound && (
              <Alert severity="info" sx={{ mt: 1 }}>
                Read-only: {d.application} is not bound to this entity (only its
                annotation matches it). An admin must claim it before anyone can
                act on it here.
              </Alert>
            )}
            {d.operationRunning && (
              <Alert severity="info" sx={{ mt: 1 }}>
                {d.operation?.kind === 'rollback' ? 'Rollback' : 'Sync'}{' '}
                running: {d.operation?.message ?? ''}
              </Alert>
            )}
            {d.conditions?.map(c => (
              <Alert
                key={`${c.type}:${c.message}`}
                severity={conditionSeverity(c.type, nothingYet)}
                sx={{ mt: 1, wordBreak: 'break-word' }}
                data-testid="argocd-condition"
              >
                <strong>
                  {nothingYet ? 'Waiting for a build:' : conditionTitle(c.type)}
                </strong>{' '}
                {c.message}
              </Alert>
            ))}
            {d.syncHeld === 'infrastructure' && (
              <Box sx={{ mt: 1 }}>
                <WaitingForInfrastructure
                  entityRef={entityRef}
                  environment={d.environment}
                />
              </Box>
            )}
            {!d.autoSync && !d.syncHeld && (
              <Alert
                severity="warning"
                sx={{ mt: 1 }}
                action={
                  mayResume ? (
                    <Button
                      color="inherit"
                      size="small"
                      disabled={busy}
                      onClick={() => run(() => api.resumeAutoSync(target))}
                    >
                      Resume auto-sync
                    </Button>
                  ) : undefined
                }
              >
                {d.rolledBack
                  ? 'Rolled back, auto-sync suspended'
                  : 'Auto-sync off'}
                {d.autoSyncSuspension
                  ? ` by ${d.autoSyncSuspension.by}: ${d.autoSyncSuspension.reason}`
                  : ''}
                {d.rolledBack
                  ? `. Git's ${shortSha(
                      d.targetRevision,
                    )} is not deployed until auto-sync resumes.`
                  : ''}
              </Alert>
            )}
            {d.detailError && (
              <Alert severity="warning" sx={{ mt: 1 }}>
                {d.detailError}
              </Alert>
            )}
            {result && (
              <Alert
                severity={result.ok ? 'success' : 'error'}
                sx={{ mt: 1 }}
                onClose={() => setResult(undefined)}
                role="status"
              >
                {result.message}
              </Alert>
            )}
            <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
              {mayRollback && d.history.length > 1 && (
                <Button
                  variant="outlined"
                  color="error"
                  size="small"
                  disabled={busy || d.operationRunning}
                  onClick={() => setRollbackOpen(true)}
                >
                  Rollback
                </Button>
              )}
              {shownRolloutActions.map(action => (
                <Button
                  key={action}
                  variant="outlined"
                  size="small"
                  disabled={busy}
                  onClick={() => run(() => api.rolloutAction(target, action))}
                >
                  {ACTION_LABEL[action]}
                </Button>
              ))}
            </Box>
            {d.rollout?.abortExplanation && (
              <AbortExplanation
                entityRef={entityRef}
                environment={d.environment}
                explanation={d.rollout.abortExplanation}
              />
            )}
            {d.rollout && (
              <>
                <Divider sx={{ my: 2 }} />
                <RolloutProgress rollout={d.rollout} />
              </>
            )}
            <Divider sx={{ my: 2 }} />
            <Typography variant="subtitle2">Service level</Typography>
            <RolloutSlis
              entityRef={entityRef}
              environment={d.environment}
              rollout={d.rollout}
            />
            <Divider sx={{ my: 2 }} />
            <Typography variant="subtitle2">History</Typography>
            <Box component="ul" sx={{ pl: 2, my: 0 }} aria-label="history">
              {d.history.map(h => (
                <Typography component="li" variant="caption" key={h.id}>
                  <code>{shortSha(h.revision)}</code> {h.message ?? ''} —{' '}
                  {h.author ?? 'unknown author'}, deployed {age(h.deployedAt)}{' '}
                  by {h.initiatedBy ?? 'unknown'}
                  {h.current ? ' (current)' : ''}
                </Typography>
              ))}
            </Box>
          </>
        )}
      </CardContent>
      {rollbackOpen && (
        <RollbackDialog
          open
          entityRef={entityRef}
          deployment={d}
          onClose={() => setRollbackOpen(false)}
          onDone={r => {
            setRollbackOpen(false);
            setResult({ ok: true, message: r.message });
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

/**
 * Before a first build runs here, Argo CD's errors are expected (the chart
 * needs an image tag that CI or a promotion sets): they inform, not alarm.
 */
function conditionSeverity(type: string, nothingYet: boolean) {
  if (nothingYet) return 'info';
  return type.endsWith('Error') ? 'error' : 'warning';
}

/** What a user reads for Argo CD's condition types. */
function conditionTitle(type: string): string {
  switch (type) {
    case 'ComparisonError':
      return 'Argo CD cannot render this revision:';
    case 'SyncError':
      return 'The last sync failed:';
    case 'InvalidSpecError':
      return 'The application is invalid:';
    default:
      return `${type}:`;
  }
}
