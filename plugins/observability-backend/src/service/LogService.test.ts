import { ConfigReader } from '@backstage/config';
import { readObservabilityConfig } from '../config';
import { decodeCursor, encodeCursor } from './LogService';
import { rison } from './kibanaDiscover';

describe('log search cursors', () => {
  it('round-trips the sort values it gave out', () => {
    const sort = [1772452800000, 123456];
    expect(decodeCursor(encodeCursor(sort))).toEqual(sort);
  });

  it('refuses anything else', () => {
    for (const cursor of [
      'not base64 !',
      encodeCursor([1]),
      encodeCursor([1, 2, 3]),
      Buffer.from('{"query":{"match_all":{}}}').toString('base64url'),
      Buffer.from('[1,"2"]').toString('base64url'),
      Buffer.from('[1.5,2]').toString('base64url'),
    ]) {
      expect(decodeCursor(cursor)).toBeUndefined();
    }
  });
});

describe('Kibana state', () => {
  it('quotes and escapes every string as Rison', () => {
    expect(rison({ a: "it's", b: ['x!', 1, true, null] })).toBe(
      "('a':'it!'s','b':!('x!!',1,!t,!n))",
    );
  });
});

describe('elasticsearch config', () => {
  it('gives each environment its index pattern, and its own cluster and credentials when configured', () => {
    const config = readObservabilityConfig(
      new ConfigReader({
        observability: {
          elasticsearch: {
            baseUrl: 'https://es.example.com',
            apiKey: 'shared-key',
            environments: {
              prod: {
                baseUrl: 'https://es-prod.example.com',
                username: 'reader',
                password: 'pw',
                indexPattern: 'prod-logs-*',
              },
            },
          },
        },
      }),
    );
    expect(config.elasticsearch!.environments).toEqual({
      dev: {
        baseUrl: 'https://es.example.com',
        apiKey: 'shared-key',
        index: 'logs-dev-*',
      },
      staging: {
        baseUrl: 'https://es.example.com',
        apiKey: 'shared-key',
        index: 'logs-staging-*',
      },
      prod: {
        baseUrl: 'https://es-prod.example.com',
        username: 'reader',
        password: 'pw',
        index: 'prod-logs-*',
      },
    });
  });
});
