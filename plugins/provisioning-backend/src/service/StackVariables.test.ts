import fs from 'node:fs';
import path from 'node:path';
import { StackVariables, readVariableNames } from './StackVariables';

const FILE = path.resolve(
  __dirname,
  '../../../../infra/stacks/service-tiers/variables.tf',
);

describe('readVariableNames', () => {
  it("reads the service-tiers stack's variables", () => {
    const names = readVariableNames(fs.readFileSync(FILE, 'utf8'));
    expect(names).toEqual(
      expect.arrayContaining([
        'service_name',
        'environment',
        'tiers',
        'sizes',
        'options',
        'allow_destroy',
        'vpc_id',
        'eks_oidc_provider_arn',
        'aws_account_id',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('ignores blocks in comments and other blocks', () => {
    expect(
      readVariableNames(
        [
          '# variable "commented" {}',
          '/*',
          'variable "in_block_comment" {}',
          '*/',
          'output "x" { value = 1 }',
          'variable "real" {',
          '  description = "variable \\"nested\\" {"',
          '}',
        ].join('\n'),
      ),
    ).toEqual(['real']);
  });
});

describe('StackVariables', () => {
  const declared = ['service_name', 'environment', 'options', 'vpc_id'];

  it('refuses a configuration that lets services set platform or portal variables', () => {
    expect(
      () => new StackVariables({ declared, settable: ['tiers'], platform: {} }),
    ).toThrow(/tiers/);
    expect(
      () =>
        new StackVariables({ declared, settable: ['nothing'], platform: {} }),
    ).toThrow(/nothing/);
    expect(
      () =>
        new StackVariables({
          declared,
          settable: ['options'],
          platform: { dev: { options: '{}' } },
        }),
    ).toThrow(/one or the other/);
  });

  it('names every refused variable in one message', () => {
    const variables = new StackVariables({
      declared,
      settable: ['options'],
      platform: { dev: { vpc_id: 'vpc-1' } },
    });
    expect(() =>
      variables.assertRequestable(
        { options: {}, vpc_id: 'x' },
        { service_name: 'y', unknown_one: 'z' },
      ),
    ).toThrow(
      /variables\.vpc_id: a platform input.*sensitiveVariables\.service_name: set by the portal.*sensitiveVariables\.unknown_one: the stack declares no such variable/,
    );
    expect(() =>
      variables.assertRequestable({ options: {} }, undefined),
    ).not.toThrow();
    expect(variables.platformVariables('dev')).toEqual({ vpc_id: 'vpc-1' });
    expect(variables.platformVariables('prod')).toEqual({});
  });
});
