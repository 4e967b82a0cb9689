import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';

const SYSTEM_TITLES: Record<string, string> = {
  grafana: 'Grafana',
  jaeger: 'Jaeger',
  prometheus: 'Prometheus',
  elasticsearch: 'Elasticsearch',
};

/** The upstream problem the backend attached to a 502/504, if any. */
function upstreamOf(error: Error): { system?: string; kind?: string } {
  const body = (
    error as { body?: { upstream?: { system?: string; kind?: string } } }
  ).body;
  return body?.upstream ?? {};
}

/** The backend's own message (a ResponseError's cause), not "Request failed with 502". */
function messageOf(error: Error): string {
  const cause = (error as { cause?: { message?: unknown } }).cause;
  return typeof cause?.message === 'string' && cause.message
    ? cause.message
    : error.message;
}

/**
 * What a card shows instead of its data when its system failed: which
 * system, why, and a retry. The rest of the page is unaffected.
 */
export function CardError(props: {
  error: Error;
  what: string;
  onRetry?: () => void;
}) {
  const { error, what, onRetry } = props;
  const { system, kind } = upstreamOf(error);
  const title = system
    ? `${SYSTEM_TITLES[system] ?? system} ${
        kind === 'timeout' ? 'did not answer in time' : 'is not available'
      }`
    : `Could not load ${what}`;
  return (
    <Alert
      severity="warning"
      role="alert"
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        )
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {messageOf(error)}
    </Alert>
  );
}
