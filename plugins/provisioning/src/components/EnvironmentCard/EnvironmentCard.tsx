import { useMemo, useState } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { readEnvironments } from '@internal/environments';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  runDecisionPermission,
  type EnvironmentProvisioning,
  type ProvisioningRun,
} from '@internal/plugin-provisioning-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { provisioningApiRef } from '../../api';
import { Decision, DecisionDialog } from '../DecisionDialog';
import { OutputsRecord } from '../OutputsRecord';
import { PhaseChip } from '../PhaseChip';
import { RunHistory } from '../RunHistory';
import { RunLogDialog } from '../RunLogDialog';
import { RunTimeline } from '../RunTimeline';
import { costText, outputText, planText } from '../format';

export interface EnvironmentCardProps {
  entityRef: string;
  environment: EnvironmentProvisioning;
  /** Called after an action, so the tab refreshes (and polls again). */
  onChanged: () => void;
}

function Outputs({ run }: { run: ProvisioningRun }) {
  if (!run.outputs?.length) return null;
  return (
    <Box>
      <Typography variant="subtitle2">Outputs</Typography>
      <Table size="small" aria-label={`Outputs of ${run.workspaceName}`}>
        <TableBody>
          {run.outputs.map(output => (
            <TableRow key={output.name}>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {output.name}
              </TableCell>
              <TableCell
                sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {output.sensitive ? (
                  <Typography variant="caption" color="text.secondary">
                    sensitive (kept in Terraform Cloud)
                  </Typography>
                ) : (
                  outputText(output.value)
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** One environment: its workspace, latest run (timeline, plan, cost, outputs, actions) and history. */
export function EnvironmentCard(props: EnvironmentCardProps) {
  const { entityRef, environment, onChanged } = props;
  const api = useApi(provisioningApiRef);
  const [decision, setDecision] = useState<Decision>();
  const [logOpen, setLogOpen] = useState(false);
  const [actionError, setActionError] = useState<string>();
  // The portal's environment model says which environments are production.
  const config = useApi(configApiRef);
  const environments = useMemo(() => readEnvironments(config), [config]);
  const { allowed } = usePermission({
    permission: runDecisionPermission(environment.environment, environments),
    resourceRef: entityRef,
  });
  const [latest, ...older] = environment.runs;
  const workspaceUrl = environment.runs.find(r => r.workspaceUrl)?.workspaceUrl;

  const retry = async () => {
    setActionError(undefined);
    try {
      await api.retry(latest.id);
      onChanged();
    } catch (e) {
      setActionError((e as Error).message);
    }
  };

  return (
    <InfoCard
      title={environment.environment}
      subheader={
        workspaceUrl ? (
          <Link to={workspaceUrl}>{environment.workspaceName}</Link>
        ) : (
          environment.workspaceName
        )
      }
    >
      {!latest && (
        <Typography color="text.secondary">
          Not provisioned yet: no run for {environment.workspaceName}.
        </Typography>
      )}
      {latest && (
        <Stack
          spacing={2}
          data-testid={`environment-${environment.environment}`}
        >
          <Stack
            direction="row"
            spacing={1}
            alignItems="center"
            flexWrap="wrap"
          >
            <PhaseChip phase={latest.phase} />
            <Typography variant="body2" color="text.secondary">
              {latest.rawStatus.replace(/_/g, ' ')}
            </Typography>
            {latest.runUrl && (
              <Link to={latest.runUrl}>
                Open in{' '}
                {latest.engine === 'tfc' ? 'Terraform Cloud' : latest.engine}
              </Link>
            )}
            {latest.engineRunId && (
              <Button size="small" onClick={() => setLogOpen(true)}>
                Log
              </Button>
            )}
          </Stack>
          <RunTimeline run={latest} />
          <OutputsRecord run={latest} />
          {latest.message && (
            <Alert severity={latest.phase === 'errored' ? 'error' : 'info'}>
              {latest.message}
            </Alert>
          )}
          <Stack direction="row" spacing={4}>
            <Box>
              <Typography variant="subtitle2">Plan</Typography>
              <Typography variant="body2" aria-label="Plan summary">
                {latest.plan ? planText(latest.plan) : '—'}
              </Typography>
            </Box>
            <Box>
              <Typography variant="subtitle2">Cost estimate</Typography>
              <Typography variant="body2" aria-label="Cost estimate">
                {(latest.costEstimate && costText(latest.costEstimate)) ?? '—'}
              </Typography>
            </Box>
          </Stack>
          {latest.decision && (
            <Typography variant="body2" color="text.secondary">
              {latest.decision.action === 'apply' ? 'Approved' : 'Discarded'} by{' '}
              {latest.decision.by}: “{latest.decision.comment}”
            </Typography>
          )}
          {allowed && latest.phase === 'awaiting_approval' && (
            <Stack direction="row" spacing={1}>
              <Button variant="contained" onClick={() => setDecision('apply')}>
                Approve
              </Button>
              <Button
                variant="outlined"
                color="error"
                onClick={() => setDecision('discard')}
              >
                Discard
              </Button>
            </Stack>
          )}
          {!allowed && latest.phase === 'awaiting_approval' && (
            <Typography variant="body2" color="text.secondary">
              Waiting for someone allowed to approve {environment.environment}.
            </Typography>
          )}
          {allowed &&
            ['errored', 'discarded', 'canceled'].includes(latest.phase) && (
              <Box>
                <Button variant="outlined" onClick={retry}>
                  Retry
                </Button>
              </Box>
            )}
          {actionError && <Alert severity="error">{actionError}</Alert>}
          <Outputs run={latest} />
          {older.length > 0 && (
            <Accordion disableGutters>
              <AccordionSummary>
                <Typography variant="subtitle2">
                  History ({environment.totalRuns - 1} earlier runs)
                </Typography>
              </AccordionSummary>
              <AccordionDetails>
                <RunHistory runs={older} total={environment.totalRuns} />
              </AccordionDetails>
            </Accordion>
          )}
          <DecisionDialog
            open={decision !== undefined}
            decision={decision ?? 'apply'}
            environment={environment.environment}
            workspaceName={environment.workspaceName}
            onClose={() => setDecision(undefined)}
            onConfirm={async comment => {
              if (decision === 'discard') {
                await api.discard(latest.id, comment);
              } else {
                await api.approve(latest.id, comment);
              }
              onChanged();
            }}
          />
          {latest.engineRunId && (
            <RunLogDialog
              runId={latest.id}
              title={`Log of ${latest.engineRunId}`}
              open={logOpen}
              onClose={() => setLogOpen(false)}
            />
          )}
        </Stack>
      )}
    </InfoCard>
  );
}
