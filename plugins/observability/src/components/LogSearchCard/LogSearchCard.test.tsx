import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  observabilityApiRef,
  ObservabilityApi,
} from '@internal/plugin-observability-react';
import {
  logLine,
  logSearchResponse,
  mockApi,
  trace,
  tracesResponse,
} from '../../__testUtils__/fixtures';
import { ObservabilityContent } from '../ObservabilityContent';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'jaegertracing.io/service': 'payments-api' },
  },
  spec: { owner: 'group:default/payments' },
};

async function render(api: ObservabilityApi) {
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <ObservabilityContent />
    </EntityProvider>,
    { apis: [[observabilityApiRef, api]] },
  );
}

describe('LogSearchCard', () => {
  it('shows the lines with their level, and all fields of a line on demand', async () => {
    const api = mockApi();
    await render(api);
    const rows = await screen.findAllByTestId('log-row');
    expect(rows.map(r => r.getAttribute('data-level'))).toEqual([
      'error',
      'info',
    ]);
    expect(rows[0]).toHaveTextContent('SELECT payments failed');
    expect(screen.queryByTestId('log-fields')).toBeNull();
    await userEvent.click(
      within(rows[0]).getByRole('button', { name: 'Show all fields' }),
    );
    const fields = screen.getByTestId('log-fields');
    expect(fields).toHaveTextContent('kubernetes.namespace');
    expect(fields).toHaveTextContent('payments-api-prod');
    expect(
      screen.getByRole('link', { name: /Open in Kibana/ }),
    ).toHaveAttribute(
      'href',
      'https://kibana.example.com/app/discover#/?_g=()',
    );
    expect(api.searchLogs).toHaveBeenCalledWith(
      'component:default/payments-api',
      expect.objectContaining({
        environment: 'prod',
        window: '1h',
        levels: [],
      }),
    );
  });

  it('filters by level and free text, and loads older lines with the cursor', async () => {
    const api = mockApi({
      searchLogs: jest
        .fn()
        .mockResolvedValueOnce(
          logSearchResponse([logLine()], { nextCursor: 'c1' }),
        )
        .mockResolvedValue(logSearchResponse([logLine({ level: 'warn' })])),
    });
    await render(api);
    await screen.findAllByTestId('log-row');
    await userEvent.click(
      screen.getByRole('button', { name: 'Load older lines' }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('log-row')).toHaveLength(2),
    );
    expect(api.searchLogs).toHaveBeenLastCalledWith(
      'component:default/payments-api',
      expect.objectContaining({ cursor: 'c1' }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'error' }));
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search the logs' }),
      '"statement timeout"{enter}',
    );
    await waitFor(() =>
      expect(api.searchLogs).toHaveBeenLastCalledWith(
        'component:default/payments-api',
        expect.objectContaining({
          levels: ['error'],
          q: '"statement timeout"',
        }),
      ),
    );
  });

  it('shows the logs of a trace from its row in the traces card', async () => {
    const failing = trace({
      traceId: 'c'.repeat(32),
      error: true,
      errorSpanCount: 2,
      environment: 'staging',
    });
    const api = mockApi({
      getTraces: jest.fn().mockResolvedValue(tracesResponse([failing])),
    });
    await render(api);
    const [row] = await screen.findAllByTestId('trace-row');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Logs of this trace' }),
    );
    await waitFor(() =>
      expect(api.searchLogs).toHaveBeenLastCalledWith(
        'component:default/payments-api',
        expect.objectContaining({
          traceId: 'c'.repeat(32),
          environment: 'staging',
          start: new Date(Date.parse(failing.startTime) - 60_000).toISOString(),
        }),
      ),
    );
    expect(screen.getByTestId('log-trace-filter')).toHaveTextContent(
      `trace ${'c'.repeat(32)}`,
    );
  });

  it('polls while live tail is on', async () => {
    const api = mockApi();
    await render(api);
    await screen.findAllByTestId('log-row');
    const calls = (api.searchLogs as jest.Mock).mock.calls.length;
    await userEvent.click(screen.getByRole('checkbox', { name: 'Live tail' }));
    await waitFor(
      () =>
        expect((api.searchLogs as jest.Mock).mock.calls.length).toBeGreaterThan(
          calls,
        ),
      { timeout: 8000 },
    );
  });

  it('degrades to a card error when Elasticsearch is down', async () => {
    class Down extends Error {
      body = { upstream: { system: 'elasticsearch', kind: 'server-error' } };
    }
    const api = mockApi({
      searchLogs: jest.fn().mockRejectedValue(new Down('HTTP 502')),
    });
    await render(api);
    expect(
      await screen.findByText('Elasticsearch is not available'),
    ).toBeInTheDocument();
    // The rest of the tab is unaffected.
    expect(await screen.findAllByTestId('trace-row')).not.toHaveLength(0);
  });
});
