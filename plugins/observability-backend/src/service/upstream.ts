import { UpstreamError } from '@internal/plugin-observability-node';
import { UpstreamProblem } from '@internal/plugin-observability-common';

/** An upstream failure as a card shows it; other errors are rethrown. */
export function problemOf(error: unknown, source?: string): UpstreamProblem {
  if (error instanceof UpstreamError) {
    return {
      system: error.system,
      source,
      kind: error.kind,
      message: error.message,
    };
  }
  throw error;
}

/**
 * Runs `task` for every source; failures of single sources become problems.
 * When every source failed, the first failure is thrown: the whole card is
 * down, and the router answers it with 502/504.
 */
export async function fanOut<S, T>(
  sources: S[],
  nameOf: (source: S) => string,
  task: (source: S) => Promise<T[]>,
): Promise<{ items: T[]; errors: UpstreamProblem[] }> {
  const settled = await Promise.allSettled(sources.map(s => task(s)));
  const items: T[] = [];
  const errors: UpstreamProblem[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      items.push(...result.value);
    } else {
      errors.push(problemOf(result.reason, nameOf(sources[i])));
    }
  });
  if (sources.length > 0 && errors.length === sources.length) {
    throw (settled.find(r => r.status === 'rejected') as PromiseRejectedResult)
      .reason;
  }
  return { items, errors };
}
