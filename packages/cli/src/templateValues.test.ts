import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { templateValues } from './templateValues';

const template = yaml.load(
  fs.readFileSync(
    path.resolve(__dirname, '../../../templates/microservice/template.yaml'),
    'utf8',
  ),
) as any;

describe('templateValues', () => {
  it("fills the portal template's defaults around what the flags set", () => {
    const values = templateValues(template.spec.parameters, {
      name: 'orders-api',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      description: 'Takes orders and hands them on',
      database: 'aurora-serverless-v2',
      environments: ['dev', 'staging'],
    });
    expect(values).toMatchObject({
      name: 'orders-api',
      lifecycle: 'experimental',
      database: 'aurora-serverless-v2',
      cache: 'none',
      queue: 'none',
      public: false,
      environments: ['dev', 'staging'],
      dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
    });
    // The tier chosen gets its sizes in each environment chosen; a page
    // for an environment not chosen is left out, as the form hides it.
    expect(values.dev).toHaveProperty('database');
    expect(values.staging).toHaveProperty('database');
    expect(values.dev).not.toHaveProperty('cache');
    expect(values).not.toHaveProperty('prod');
  });
});
