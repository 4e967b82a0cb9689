import { summarize } from './summarize';

const instance = {
  name: 'argocd',
  baseUrl: 'http://argocd.example',
  webUrl: 'https://argocd.example',
  token: 't',
  environments: ['dev'],
};

describe('summarize', () => {
  it("carries Argo CD's conditions, so the card can say why nothing deploys", () => {
    const { summary } = summarize(
      {
        metadata: { name: 'orders-dev', namespace: 'argocd' },
        status: {
          health: { status: 'Missing' },
          sync: { status: 'Unknown' },
          conditions: [
            { type: 'ComparisonError', message: 'image.tag is empty' },
            { type: 'SyncError' }, // no message: nothing to say
          ],
        },
      },
      instance,
      'dev',
    );
    expect(summary).toMatchObject({
      health: 'Missing',
      conditions: [{ type: 'ComparisonError', message: 'image.tag is empty' }],
    });
  });

  it('has no conditions on a healthy application', () => {
    const { summary } = summarize(
      {
        metadata: { name: 'orders-dev' },
        status: { health: { status: 'Healthy' }, conditions: [] },
      },
      instance,
      'dev',
    );
    expect(summary.conditions).toBeUndefined();
  });
});
