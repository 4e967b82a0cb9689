/*
 * The form: the template entity itself, the defaults a person gets, the
 * messages the form shows next to a field, and the backend's second check of
 * a submitted (possibly crafted) request.
 */
import type { JsonObject } from '@backstage/types';
import {
  templateEntityV1beta3Validator,
  type TemplateEntityV1beta3,
} from '@backstage/plugin-scaffolder-common';
import { FORM_CASES } from './__testUtils__/cases';
import {
  backendValidate,
  fillForm,
  frontendErrors,
  pages,
  visiblePages,
} from './__testUtils__/form';
import { loadTemplate } from './__testUtils__/scaffolder';

let template: TemplateEntityV1beta3;
beforeAll(async () => {
  template = await loadTemplate();
});

const valid = (): JsonObject => fillForm(template, FORM_CASES[1].typed);
const page = (title: string) => pages(template).find(p => p.title === title)!;

describe('the template entity', () => {
  it('is a valid Template for the catalog', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('checks the name and finds the repository before creating anything, and registers last, then waits for the catalog', () => {
    expect(template.spec.steps.map(s => `${s.id}: ${s.action}`)).toEqual([
      'repo: github:repo:resolve',
      'check-name: catalog:service-name:check',
      'check-owner: catalog:service-owner:check',
      'render: fetch:template',
      'render-environments: fetch:template',
      'publish: publish:github',
      'push: github:repo:push',
      'argocd: argocd:create-applications',
      'provision: provisioning:request',
      'register: catalog:register',
      'wait-for-entity: catalog:entity:wait',
    ]);
  });
});

describe('the form', () => {
  it('shows a page per chosen environment, and prod’s page only with prod', () => {
    const titles = (environments: string[]) =>
      visiblePages(
        template,
        fillForm(template, { ...FORM_CASES[0].typed, environments }),
      ).map(p => p.title);
    expect(titles(['dev'])).toEqual(['Service', 'Infrastructure', 'Dev']);
    expect(titles(['dev', 'prod'])).toEqual([
      'Service',
      'Infrastructure',
      'Dev',
      'Production',
    ]);
    expect(titles(['dev', 'staging', 'prod'])).toEqual([
      'Service',
      'Infrastructure',
      'Dev',
      'Staging',
      'Production',
    ]);
  });

  it('fills defaults sized for each environment, for the chosen tiers only', () => {
    expect(valid()).toMatchObject({
      lifecycle: 'experimental',
      syncWindow: 'business-hours',
      dev: {
        replicas: '1-2',
        cpu: '100m',
        memory: '256Mi',
        database: { capacity: '0-2', readers: 0 },
        cache: { nodeType: 'cache.t4g.micro', replicas: 0 },
      },
      staging: {
        replicas: '2-4',
        database: { capacity: '0.5-4' },
        cache: { replicas: 1 },
      },
      prod: {
        replicas: '3-10',
        cpu: '500m',
        database: { capacity: '1-8', readers: 1 },
        cache: { replicas: 2 },
      },
    });
    const rds = fillForm(template, FORM_CASES[2].typed);
    expect(rds.dev).toEqual({
      replicas: '1-2',
      cpu: '100m',
      memory: '256Mi',
      database: {
        instanceClass: 'db.t4g.micro',
        storageGb: 20,
        multiAz: false,
      },
    });
    expect((rds.prod as JsonObject).database).toEqual({
      instanceClass: 'db.r6g.large',
      storageGb: 100,
      multiAz: true,
    });
    const none = fillForm(template, FORM_CASES[0].typed);
    expect(none.dev).toEqual({ replicas: '1-2', cpu: '100m', memory: '256Mi' });
    expect(none).not.toHaveProperty('staging');
    expect(none).not.toHaveProperty('prod');
  });

  it('accepts what it fills in', () => {
    const values = valid();
    for (const p of visiblePages(template, values)) {
      expect({ page: p.title, errors: frontendErrors(p, values) }).toEqual({
        page: p.title,
        errors: {},
      });
    }
  });

  it.each([
    ['ab', 'Use at least 3 characters.'],
    ['a'.repeat(41), 'Use at most 40 characters.'],
    [
      'Orders_API',
      'Use lower-case letters, digits and hyphens only; start with a letter and end with a letter or digit (a DNS label).',
    ],
    [
      'orders-',
      'Use lower-case letters, digits and hyphens only; start with a letter and end with a letter or digit (a DNS label).',
    ],
  ])('stops the name %j with a message next to the field', (name, message) => {
    expect(frontendErrors(page('Service'), { ...valid(), name })).toEqual({
      '.name': [message],
    });
  });

  it('keeps dev among the environments, with a message next to the field', () => {
    expect(
      frontendErrors(page('Infrastructure'), {
        ...valid(),
        environments: ['staging', 'prod'],
      }),
    ).toEqual({
      '.environments': [
        'Keep dev selected; every change is deployed there first.',
      ],
    });
  });

  it('stops a database size out of range next to its field', () => {
    const values = fillForm(template, FORM_CASES[2].typed);
    const dev = values.dev as JsonObject;
    const errors = frontendErrors(page('Dev'), {
      ...values,
      dev: {
        ...dev,
        database: { ...(dev.database as JsonObject), storageGb: 10 },
      },
    });
    expect(errors['.dev.database.storageGb']).toEqual([
      'RDS needs at least 20 GB.',
    ]);
    // Besides the field, only the page-level summary of the failed tier condition.
    expect(Object.keys(errors).sort()).toEqual(['', '.dev.database.storageGb']);
  });

  it('names every size in the review after its environment', () => {
    // The review lists fields by title; without these names "Pods" would
    // appear three times with nothing to tell dev from prod.
    const names: string[] = [];
    const walk = (node: any) => {
      if (!node || typeof node !== 'object') return;
      if (node.type && node.type !== 'object' && node.title) {
        names.push(
          node['ui:backstage']?.review?.name ??
            `(no review name) ${node.title}`,
        );
      }
      Object.values(node).forEach(walk);
    };
    for (const title of ['Dev', 'Staging', 'Production']) {
      names.length = 0;
      const p = page(title);
      walk({
        ...p,
        properties: { ...(p.properties as object), syncWindow: undefined },
      });
      const prefix = title === 'Production' ? 'Prod - ' : `${title} - `;
      expect(names.filter(n => !n.startsWith(prefix))).toEqual([]);
      expect(names.length).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('the backend check of a submitted task', () => {
  it('accepts what the form submits', () => {
    for (const formCase of FORM_CASES) {
      const result = backendValidate(
        template,
        fillForm(template, formCase.typed),
      );
      expect({ title: formCase.title, errors: result.errors }).toEqual({
        title: formCase.title,
        errors: [],
      });
    }
  });

  it.each<[string, (v: JsonObject) => JsonObject, RegExp]>([
    [
      'a name that is not a DNS label',
      v => ({ ...v, name: 'Orders API' }),
      /instance\.name does not match pattern/,
    ],
    [
      'an unknown database engine',
      v => ({ ...v, database: 'mysql' }),
      /instance\.database is not one of enum values/,
    ],
    ['no dev sizes', ({ dev, ...v }) => v, /instance requires property "dev"/],
    [
      'prod without its sync window',
      ({ syncWindow, ...v }) => v,
      /instance requires property "syncWindow"/,
    ],
    [
      'a database without its size',
      v => ({ ...v, prod: { ...(v.prod as JsonObject), database: undefined } }),
      /instance\.prod requires property "database"/,
    ],
    [
      'environments without dev',
      v => ({ ...v, environments: ['prod'] }),
      /instance\.environments/,
    ],
    [
      'an owner that is not a group',
      v => ({ ...v, owner: 'user:default/lena.fischer' }),
      /instance\.owner does not match pattern/,
    ],
  ])('refuses %s with a clear error', (_, craft, message) => {
    const result = backendValidate(
      template,
      JSON.parse(JSON.stringify(craft(valid()))),
    );
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(message);
  });

  it('drops the sizes of environments that were not chosen', () => {
    const crafted = {
      ...fillForm(template, FORM_CASES[0].typed),
      prod: { replicas: '6-20', cpu: '2000m', memory: '4Gi' },
    };
    const result = backendValidate(template, crafted);
    expect(result.valid).toBe(true);
    expect(result.values).not.toHaveProperty('prod');
  });
});
