import { LogLinks } from './LogLinks';

const template =
  "https://logs.example.com/app/discover#/?_g=(time:(from:'{from}',to:'{to}'))&_a=(query:(language:kuery,query:'{query}'))&svc={service}&env={environment}";
const window = {
  start: new Date('2026-03-02T11:00:00Z'),
  end: new Date('2026-03-02T12:00:00Z'),
};

describe('LogLinks', () => {
  const links = new LogLinks({
    discoverUrl: template,
    serviceField: 'service.name',
    environmentField: 'deployment.environment.name',
    traceIdField: 'trace.id',
  });

  it('fills service, environment and window into Discover', () => {
    const url = links.forEnvironment('payments-api', 'prod', window)!;
    expect(url).toContain(
      "time:(from:'2026-03-02T11:00:00.000Z',to:'2026-03-02T12:00:00.000Z')",
    );
    expect(url).toContain('&svc=payments-api&env=prod');
    expect(decodeURIComponent(url)).toContain(
      'query:\'service.name:"payments-api" and deployment.environment.name:"prod"\'',
    );
  });

  it('escapes quotes for KQL and Rison', () => {
    const url = links.forTrace("ab'c", 'payments-api', window)!;
    expect(decodeURIComponent(url)).toContain(`trace.id:"ab!'c"`);
  });

  it('gives no links without a log stack', () => {
    expect(
      new LogLinks(undefined).forEnvironment('x', 'prod', window),
    ).toBeUndefined();
  });
});
