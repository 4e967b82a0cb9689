import { useApi } from '@backstage/frontend-plugin-api';
import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ObservabilityApi, observabilityApiRef } from '../api';

/** One card's call to the backend: loading, value, error and retry of its own. */
export function useObservabilityCall<T>(
  call: (api: ObservabilityApi) => Promise<T>,
  deps: DependencyList,
) {
  const api = useApi(observabilityApiRef);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsyncRetry(() => call(api), [api, ...deps]);
}
