import { Link } from '@backstage/core-components';
import type { ProvisioningRun } from '@internal/plugin-provisioning-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';

/**
 * Where the run's outputs went: the commit of the service repository's
 * values file that records them (what the deployment reads), or why they
 * could not be written yet, and whether the held deployment was released.
 */
export function OutputsRecord({ run }: { run: ProvisioningRun }) {
  const record = run.outputsRecord;
  if (!record) return null;
  const file = record.file ?? 'the values file';
  // The file as that commit left it.
  const fileLink =
    record.repositoryUrl && record.commitSha ? (
      <Link to={`${record.repositoryUrl}/blob/${record.commitSha}/${file}`}>
        {file}
      </Link>
    ) : (
      file
    );
  const sync = record.sync;
  const released =
    sync?.state === 'released' && sync.applications?.length
      ? ` Automated sync is on for ${sync.applications.join(', ')}.`
      : '';
  switch (record.state) {
    case 'pending':
      return (
        <Typography variant="body2" color="text.secondary">
          Recording the outputs in {fileLink}…
        </Typography>
      );
    case 'superseded':
      return (
        <Typography variant="body2" color="text.secondary">
          Outputs not recorded: a newer run of this environment applied.
        </Typography>
      );
    case 'failed':
      return (
        <Alert severity="warning" aria-label="Outputs record">
          {record.error ?? 'The outputs could not be recorded.'}
          {record.nextAttemptAt &&
            ` Trying again at ${new Date(
              record.nextAttemptAt,
            ).toLocaleTimeString()} (attempt ${record.attempts + 1}).`}
        </Alert>
      );
    default:
      return (
        <>
          <Typography variant="body2" aria-label="Outputs record">
            {record.commitSha && record.commitUrl ? (
              <>
                Outputs recorded in{' '}
                <Link to={record.commitUrl}>
                  {record.commitSha.slice(0, 7)}
                </Link>{' '}
                ({fileLink}).
              </>
            ) : (
              <>Outputs already recorded in {fileLink}.</>
            )}
            {released}
          </Typography>
          {sync?.state === 'failed' && sync.error && (
            <Alert severity="warning">{sync.error}</Alert>
          )}
        </>
      );
  }
}
