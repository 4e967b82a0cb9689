import type { ObservabilityApi } from '../api';

const METHODS: Array<keyof ObservabilityApi> = [
  'getDashboards',
  'getPanelImage',
  'getAlerts',
  'getTraces',
  'getTrace',
  'getSlis',
  'getLogs',
  'searchLogs',
];

/**
 * An `ObservabilityApi` of jest mocks. A call the test did not set up
 * rejects with the method's name, so a card that asks for more than the
 * test expects fails loudly instead of rendering nothing.
 */
export function mockObservabilityApi(
  overrides: Partial<jest.Mocked<ObservabilityApi>> = {},
): jest.Mocked<ObservabilityApi> {
  const api = Object.fromEntries(
    METHODS.map(method => [
      method,
      jest
        .fn()
        .mockRejectedValue(new Error(`ObservabilityApi.${method} not mocked`)),
    ]),
  ) as unknown as jest.Mocked<ObservabilityApi>;
  return Object.assign(api, overrides);
}
