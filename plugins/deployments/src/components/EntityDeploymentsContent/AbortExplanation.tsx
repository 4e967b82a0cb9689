import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Link from '@mui/material/Link';
import { RollbackExplanation } from '@internal/plugin-deployments-common';
import { entityTabPath } from '../shared';

/** The Observability tab of the entity, on the environment and revision that failed. */
export function failingTracesUrl(
  entityRef: string,
  environment: string,
  revision?: string,
): string {
  const params = new URLSearchParams({ environment, errors: 'true' });
  if (revision) params.set('revision', revision);
  return `${entityTabPath(entityRef, 'observability')}?${params}`;
}

/** Why the canary aborted, in words, with a link to the failing traces. */
export function AbortExplanation(props: {
  entityRef: string;
  environment: string;
  explanation: RollbackExplanation;
}) {
  const { explanation: e } = props;
  return (
    <Alert severity="error" sx={{ mt: 1 }} data-testid="abort-explanation">
      <AlertTitle>
        {e.automatic ? 'Rolled back automatically' : 'Aborted by hand'}
      </AlertTitle>
      {e.summary}
      {e.automatic && e.metric && (
        <div>
          Metric <strong>{e.metric}</strong>
          {e.successCondition && (
            <>
              {' '}
              (success condition <code>{e.successCondition}</code>
              {e.failureLimit !== undefined &&
                `, failure limit ${e.failureLimit}`}
              )
            </>
          )}
          : measured {e.values.join(', ') || 'nothing'}.
        </div>
      )}
      <div>
        <Link
          href={failingTracesUrl(
            props.entityRef,
            props.environment,
            e.canaryRevision,
          )}
        >
          See the failing traces in the Observability tab
        </Link>
      </div>
    </Alert>
  );
}
