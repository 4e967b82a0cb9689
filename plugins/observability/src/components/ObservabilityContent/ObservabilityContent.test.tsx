import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  observabilityApiRef,
  ObservabilityApi,
} from '@internal/plugin-observability-react';
import { mockApi, trace, tracesResponse } from '../../__testUtils__/fixtures';
import { ObservabilityContent } from './ObservabilityContent';

jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'grafana/dashboard-selector': "tags @> 'payments-api'",
      'grafana/alert-label-selector': 'service=payments-api',
      'jaegertracing.io/service': 'payments-api',
    },
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

class UpstreamFailure extends Error {
  body = { upstream: { system: 'jaeger', kind: 'timeout' } };
}

describe('ObservabilityContent', () => {
  it('shows firing alerts with since when, and hides inactive rules until asked', async () => {
    await render(mockApi());
    const rows = await screen.findAllByTestId('alert-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('firing');
    expect(rows[0]).toHaveTextContent('payments-api error rate (prod)');
    expect(rows[0]).toHaveTextContent('since 4 min ago');
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      'https://grafana.example.com/alerting/grafana/r1/view',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 2 rules' }),
    );
    expect(screen.getAllByTestId('alert-row')).toHaveLength(2);
  });

  it('lists traces with links to Jaeger and their logs, and filters errors only', async () => {
    const api = mockApi();
    await render(api);
    const rows = await screen.findAllByTestId('trace-row');
    expect(rows[0]).toHaveAttribute('data-error', 'true');
    expect(rows[0]).toHaveTextContent('2 errors');
    expect(
      within(rows[0]).getByRole('link', { name: /^POST \/payments/ }),
    ).toHaveAttribute(
      'href',
      `https://jaeger.example.com/trace/${'a'.repeat(32)}`,
    );
    expect(
      within(rows[0]).getByRole('link', { name: /^logs/ }),
    ).toHaveAttribute('href', expect.stringContaining('a'.repeat(32)));
    expect(
      screen.getByRole('link', { name: /Search in Jaeger/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('/search?service=payments-api'),
    );

    api.getTraces.mockResolvedValueOnce(
      tracesResponse([
        trace({ traceId: 'c'.repeat(32), error: true, errorSpanCount: 1 }),
      ]),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Errors only' }),
    );
    await waitFor(() =>
      expect(api.getTraces).toHaveBeenLastCalledWith(
        'component:default/payments-api',
        {
          window: '1h',
          environment: undefined,
          limit: 50,
          errorsOnly: true,
        },
      ),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('trace-row')).toHaveLength(1),
    );
  });

  it('shows dashboards with deep links and panels rendered by the backend', async () => {
    const api = mockApi();
    await render(api);
    expect(
      await screen.findByRole('link', { name: /^Payments API/ }),
    ).toHaveAttribute('href', 'https://grafana.example.com/d/d1/payments-api');
    expect(
      await screen.findByAltText('Grafana panel Request rate'),
    ).toHaveAttribute('src', `data:image/png;base64,${btoa('png')}`);
    expect(api.getPanelImage).toHaveBeenCalledWith(
      'component:default/payments-api',
      'dashboards/panel.png?instance=default&dashboard=d1&panel=1',
      '1h',
    );
  });

  it('shows canary and stable error ratios side by side per environment', async () => {
    await render(mockApi());
    const prod = await screen.findByTestId('sli-prod');
    expect(prod).toHaveTextContent('canary canary0002 vs stable stab1e0001');
    expect(prod).toHaveTextContent(
      'Error ratio: canary 61.0 % vs stable 0.30 %',
    );
    expect(prod).toHaveAttribute('data-latest-canary-error-ratio', '0.61');
    expect(screen.getByTestId('sli-chart-errorRatio-prod')).toHaveAttribute(
      'data-canary-revision',
      'canary0002',
    );
    expect(screen.getByTestId('sli-dev')).not.toHaveTextContent('canary');
  });

  it('degrades one card when its system fails, the others still show', async () => {
    const api = mockApi({
      getTraces: jest
        .fn()
        .mockRejectedValue(
          new UpstreamFailure(
            'Jaeger GET /api/v3/traces timed out after 5000 ms',
          ),
        ),
    });
    await render(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Jaeger did not answer in time');
    expect(alert).toHaveTextContent('timed out after 5000 ms');
    expect(await screen.findAllByTestId('alert-row')).toHaveLength(1);
    expect(
      screen.getByRole('link', { name: /^Payments API/ }),
    ).toBeInTheDocument();

    api.getTraces.mockResolvedValueOnce(tracesResponse([trace()]));
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('trace-row')).toHaveLength(1);
  });

  it('asks again for the chosen time window', async () => {
    const api = mockApi();
    await render(api);
    await screen.findByTestId('sli-prod');
    await userEvent.click(screen.getByRole('button', { name: '6h' }));
    await waitFor(() =>
      expect(api.getSlis).toHaveBeenLastCalledWith(
        'component:default/payments-api',
        {
          window: '6h',
          environment: undefined,
        },
      ),
    );
    expect(api.getLogs).toHaveBeenLastCalledWith(
      'component:default/payments-api',
      '6h',
    );
  });
});
