/*
 * The template's environments are the portal's: the choice, its default and
 * a sizes page per environment follow the environment model
 * (`@internal/environments`) as app-config.yaml configures it. A template is
 * static YAML the scaffolder renders, so it cannot read the config itself;
 * this test is what keeps the two from drifting apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { readEnvironments } from '@internal/environments';
import { parse } from 'yaml';
import { loadTemplate } from './__testUtils__/scaffolder';

const appConfig = () =>
  new ConfigReader(
    parse(
      fs.readFileSync(
        path.resolve(__dirname, '..', '..', 'app-config.yaml'),
        'utf8',
      ),
    ),
  );

let template: TemplateEntityV1beta3;
beforeAll(async () => {
  template = await loadTemplate();
});

const parameterPages = () =>
  [template.spec.parameters ?? []].flat() as Array<{
    title?: string;
    properties?: Record<string, any>;
  }>;

describe("the template's environments", () => {
  const names = readEnvironments(appConfig()).names();

  it('offers the configured environments, in promotion order, all ticked by default', () => {
    const field = parameterPages().find(p => p.properties?.environments)!
      .properties!.environments;
    expect(field.items.enum).toEqual(names);
    expect(field.default).toEqual(names);
    // The first environment is the one every change is deployed to first.
    expect(field.contains).toEqual({ const: names[0] });
  });

  it('has a sizes page for each configured environment, and none for others', () => {
    const sized = parameterPages().flatMap(p =>
      Object.keys(p.properties ?? {}).filter(key =>
        p.properties![key]?.required?.includes('replicas'),
      ),
    );
    expect(sized).toEqual(names);
  });
});
