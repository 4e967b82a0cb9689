import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import {
  LaneEnvironment,
  nothingRunsIn,
  PromotionChanges,
  PromotionLane,
} from '@internal/plugin-deployments-common';
import { useCallback, useEffect, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import { age, displayTag, shortSha } from '../shared';
import { PromoteDialog } from './PromoteDialog';
import { PromotionPullRequestPanel } from './PromotionPullRequestPanel';

function Stage(props: {
  env: LaneEnvironment;
  entityRef: string;
  onDone(message: string): void;
}) {
  const { env } = props;
  return (
    <Box
      data-testid={`lane-${env.name}`}
      sx={{
        border: 1,
        borderColor: env.abortExplanation ? 'error.main' : 'divider',
        borderRadius: 1,
        p: 1.5,
        minWidth: 180,
        flex: 1,
      }}
    >
      <Typography variant="subtitle2">
        {env.name}
        {env.production ? ' (production)' : ''}
      </Typography>
      {env.state !== 'deployed' && (
        <Typography variant="body2" color="text.secondary">
          {env.error ??
            (env.state === 'missing' ? 'Not deployed' : 'Unavailable')}
        </Typography>
      )}
      {env.state === 'deployed' && !env.image && (
        // Its application exists, but no build was deployed yet.
        <>
          <Typography variant="body2" data-testid="runs-nothing">
            {nothingRunsIn(env.name)}
            {env.desiredImageTag
              ? ` (git: ${displayTag(env.desiredImageTag)})`
              : ''}
          </Typography>
          <Typography variant="caption" component="div">
            {env.health} · {env.sync}
          </Typography>
          {env.error && (
            <Typography variant="caption" color="error" component="div">
              {env.error}
            </Typography>
          )}
        </>
      )}
      {env.state === 'deployed' && env.image && (
        <>
          <Typography variant="body2">
            Runs{' '}
            <strong title={env.image}>
              {displayTag(env.imageTag) ?? env.image ?? 'unknown'}
            </strong>
            {env.desiredImageTag && env.desiredImageTag !== env.imageTag
              ? ` (git: ${displayTag(env.desiredImageTag)})`
              : ''}
          </Typography>
          <Typography variant="caption" component="div">
            {env.health} · {env.sync}
            {env.canaryInFlight ? ' · canary in flight' : ''}
          </Typography>
          {env.commit && (
            <Typography variant="caption" component="div">
              chart{' '}
              {env.commit.url ? (
                <Link href={env.commit.url}>
                  <code>{shortSha(env.commit.sha)}</code>
                </Link>
              ) : (
                <code>{shortSha(env.commit.sha)}</code>
              )}{' '}
              {env.commit.message}
            </Typography>
          )}
          <Typography variant="caption" component="div">
            deployed {age(env.deployedAt)} by {env.deployedBy ?? 'unknown'}
          </Typography>
          {env.abortExplanation && (
            <Typography variant="caption" color="error" component="div">
              Last canary aborted
            </Typography>
          )}
        </>
      )}
      {env.pullRequest && (
        <PromotionPullRequestPanel
          entityRef={props.entityRef}
          pull={env.pullRequest}
          onDone={props.onDone}
        />
      )}
    </Box>
  );
}

function Step(props: { step: PromotionChanges; onPromote(): void }) {
  const { step } = props;
  const tag = displayTag(step.image.after?.split(':').pop()) ?? '?';
  const count = step.commits.length;
  // A target that runs nothing yet has no revision to count commits from.
  let summary = step.image.before
    ? `${count} ${count === 1 ? 'commit' : 'commits'} · ${tag}`
    : `first release · ${tag}`;
  if (step.upToDate) summary = 'up to date';
  if (step.blocked) summary = step.blocked;
  return (
    <Box
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        px: 1,
        maxWidth: 220,
      }}
    >
      <Typography variant="caption" align="center">
        {summary}
      </Typography>
      {/* A disabled button gets no pointer events: the span carries the tooltip. */}
      <Tooltip title={step.blocked ?? ''}>
        <span>
          <Button
            size="small"
            variant={step.upToDate || step.blocked ? 'text' : 'outlined'}
            disabled={!!step.blocked}
            onClick={props.onPromote}
          >
            Promote to {step.to}
          </Button>
        </span>
      </Tooltip>
    </Box>
  );
}

/** The lane: environments in promotion order, with "Promote to <next>" between neighbours. */
export function PromotionLaneCard(props: {
  entityRef: string;
  /** Changes whenever the tab reloaded: the lane reads again. */
  refreshKey?: number;
  onChanged(): void;
}) {
  const { entityRef, refreshKey, onChanged } = props;
  const api = useApi(deploymentsApiRef);
  const [lane, setLane] = useState<PromotionLane>();
  const [error, setError] = useState<string>();
  const [target, setTarget] = useState<string>();
  const [result, setResult] = useState<string>();

  const load = useCallback(async () => {
    try {
      setLane(await api.getPromotionLane(entityRef));
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [api, entityRef]);

  useEffect(() => {
    load();
  }, [load, refreshKey]);

  return (
    <Card variant="outlined" sx={{ mb: 2 }} data-testid="promotion-lane">
      <CardHeader
        title="Promotion"
        subheader={
          lane?.repository
            ? `A promotion is a commit on ${lane.repository.owner}/${lane.repository.repo}`
            : undefined
        }
      />
      <CardContent>
        {error && <Alert severity="warning">{error}</Alert>}
        {!lane && !error && <Typography>Loading the lane…</Typography>}
        {result && (
          <Alert
            severity="success"
            role="status"
            sx={{ mb: 1 }}
            onClose={() => setResult(undefined)}
          >
            {result}
          </Alert>
        )}
        {lane && (
          <Box
            sx={{ display: 'flex', alignItems: 'stretch', flexWrap: 'wrap' }}
          >
            {lane.environments.map((env, i) => (
              <Box key={env.name} sx={{ display: 'flex', flex: 1 }}>
                <Stage
                  env={env}
                  entityRef={entityRef}
                  onDone={message => {
                    setResult(message);
                    load();
                    onChanged();
                  }}
                />
                {lane.steps[i] && (
                  <Step
                    step={lane.steps[i]}
                    onPromote={() => setTarget(lane.steps[i].to)}
                  />
                )}
              </Box>
            ))}
          </Box>
        )}
      </CardContent>
      {target && (
        <PromoteDialog
          entityRef={entityRef}
          environment={target}
          onClose={() => setTarget(undefined)}
          onDone={r => {
            setTarget(undefined);
            setResult(r.message);
            load();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
