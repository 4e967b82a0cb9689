import yaml from 'js-yaml';
import { validationError } from './queryProtocol';

/** A template as CloudFormation reads it (JSON or YAML with short-form tags). */
export interface Template {
  Description?: string;
  Parameters: Record<string, TemplateParameter>;
  Mappings: Record<string, Record<string, Record<string, unknown>>>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs: Record<string, TemplateOutput>;
}

export interface TemplateParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinValue?: number;
  MaxValue?: number;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface TemplateResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface TemplateOutput {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
];

/** The YAML short forms: `!Ref X`, `!GetAtt A.B`, `!Sub ...`, `!If [...]`, ... */
const SCHEMA = yaml.DEFAULT_SCHEMA.extend(
  (['scalar', 'sequence', 'mapping'] as const).flatMap(kind => [
    new yaml.Type('!Ref', { kind, construct: data => ({ Ref: data }) }),
    new yaml.Type('!Condition', {
      kind,
      construct: data => ({ Condition: data }),
    }),
    new yaml.Type('!GetAtt', {
      kind,
      construct: data => {
        if (typeof data === 'string') {
          const dot = data.indexOf('.');
          return {
            'Fn::GetAtt': [data.slice(0, dot), data.slice(dot + 1)],
          };
        }
        return { 'Fn::GetAtt': data };
      },
    }),
    ...FUNCTIONS.map(
      fn =>
        new yaml.Type(`!${fn}`, {
          kind,
          construct: data => ({ [`Fn::${fn}`]: data }),
        }),
    ),
  ]),
);

const KNOWN_SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a TemplateBody, answering malformed ones with CloudFormation's
 * "Template format error" validation errors.
 */
export function parseTemplate(body: string): Template {
  let document: unknown;
  try {
    document = yaml.load(body, { schema: SCHEMA });
  } catch (error) {
    const mark = (error as yaml.YAMLException).mark;
    throw validationError(
      `Template format error: YAML not well-formed. (line ${
        (mark?.line ?? 0) + 1
      }, column ${(mark?.column ?? 0) + 1})`,
    );
  }
  if (!isRecord(document)) {
    throw validationError(
      'Template format error: template must be a JSON or YAML object',
    );
  }
  const unknown = Object.keys(document).filter(k => !KNOWN_SECTIONS.has(k));
  if (unknown.length > 0) {
    throw validationError(
      `Template format error: Invalid template property or properties [${unknown.join(
        ', ',
      )}]`,
    );
  }
  if (
    document.AWSTemplateFormatVersion !== undefined &&
    String(
      document.AWSTemplateFormatVersion instanceof Date
        ? document.AWSTemplateFormatVersion.toISOString().slice(0, 10)
        : document.AWSTemplateFormatVersion,
    ) !== '2010-09-09'
  ) {
    throw validationError(
      'Template format error: Unsupported AWSTemplateFormatVersion. Use 2010-09-09.',
    );
  }
  if (document.Transform !== undefined) {
    throw validationError(
      'Template format error: transforms (macros, AWS::Serverless) are not simulated',
    );
  }
  const resources = document.Resources;
  if (!isRecord(resources) || Object.keys(resources).length === 0) {
    throw validationError(
      'Template format error: At least one Resources member must be defined.',
    );
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      throw validationError(
        `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`,
      );
    }
  }
  const parameters = isRecord(document.Parameters) ? document.Parameters : {};
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!isRecord(parameter) || typeof parameter.Type !== 'string') {
      throw validationError(
        `Template format error: Every Parameters object must contain a Type member. (${name})`,
      );
    }
  }
  return {
    Description:
      typeof document.Description === 'string'
        ? document.Description
        : undefined,
    Parameters: parameters as Template['Parameters'],
    Mappings: (isRecord(document.Mappings)
      ? document.Mappings
      : {}) as Template['Mappings'],
    Conditions: isRecord(document.Conditions) ? document.Conditions : {},
    Resources: resources as Template['Resources'],
    Outputs: (isRecord(document.Outputs)
      ? document.Outputs
      : {}) as Template['Outputs'],
  };
}
