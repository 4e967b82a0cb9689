import { parseAlertLabelSelector, parseDashboardSelector } from './selectors';

describe('parseDashboardSelector', () => {
  it('reads tags and titles joined by && and ||', () => {
    expect(
      parseDashboardSelector(
        "tags @> 'payments-api' && title == 'SLO' || tags @> \"ledger\"",
      ),
    ).toEqual([
      { tags: ['payments-api'], titles: ['SLO'] },
      { tags: ['ledger'], titles: [] },
    ]);
  });

  it('reads a bare list as tags', () => {
    expect(parseDashboardSelector('payments-api, backend')).toEqual([
      { tags: ['payments-api', 'backend'], titles: [] },
    ]);
  });

  it('refuses what it cannot read, naming the term', () => {
    expect(() => parseDashboardSelector("tags ~ 'x' && title == 'y'")).toThrow(
      `grafana/dashboard-selector: cannot read "tags ~ 'x'"`,
    );
    expect(() => parseDashboardSelector('  ')).toThrow('is empty');
  });
});

describe('parseAlertLabelSelector', () => {
  it('reads label=value pairs', () => {
    expect(
      parseAlertLabelSelector('service=payments-api, team="payments"'),
    ).toEqual({
      service: 'payments-api',
      team: 'payments',
    });
  });

  it('refuses a pair without =', () => {
    expect(() => parseAlertLabelSelector('service')).toThrow(
      'grafana/alert-label-selector: cannot read "service"; expected label=value',
    );
  });
});
