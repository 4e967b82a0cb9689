import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './manifests';

/**
 * Validation of Argo CD resources against the Argo CD API's own types: the
 * swagger of the API server (shared/specs/argocd-swagger.json, beside the
 * repository) gives every field and its type; the `required` lists of the
 * Application, ApplicationSet and AppProject CRDs (the OpenAPI schemas the
 * API server enforces on create) are added, since the swagger has none.
 *
 * Objects are closed (no unknown fields): the API server prunes fields a CRD
 * does not declare, so a misspelt field would silently do nothing.
 */

export const ARGOCD_SWAGGER_PATH =
  process.env.ARGOCD_SWAGGER_PATH ??
  path.resolve(REPO_ROOT, '..', 'shared', 'specs', 'argocd-swagger.json');

type Schema = Record<string, any>;

/** `required` of the CRDs' openAPIV3Schema, by swagger definition. */
export const CRD_REQUIRED: Record<string, string[]> = {
  v1alpha1ApplicationSpec: ['destination', 'project'],
  v1alpha1ApplicationSource: ['repoURL'],
  v1alpha1ApplicationSetSpec: ['generators', 'template'],
  v1alpha1ApplicationSetTemplate: ['metadata', 'spec'],
  v1alpha1AppProjectSpec: [],
  v1alpha1HelmParameter: ['name'],
  v1LabelSelectorRequirement: ['key', 'operator'],
};

/** The top-level resources: kind -> swagger definition of its spec. */
const RESOURCES: Record<string, string> = {
  Application: 'v1alpha1ApplicationSpec',
  ApplicationSet: 'v1alpha1ApplicationSetSpec',
  AppProject: 'v1alpha1AppProjectSpec',
};

function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) {
    schema.forEach(closeObjects);
    return;
  }
  if (!schema || typeof schema !== 'object') {
    return;
  }
  const node = schema as Schema;
  if (node.properties && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
  Object.values(node).forEach(closeObjects);
}

export interface ArgoCDValidator {
  /** Validates a whole Application, ApplicationSet or AppProject document. */
  validate(doc: Schema): string[];
  /** Whether the swagger defines a resource of this kind. */
  supports(kind: string): boolean;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(e => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${
            (e.params as { additionalProperty: string }).additionalProperty
          })`
        : '';
    return `${e.instancePath || '/'} ${e.message}${extra}`;
  });
}

export function createArgoCDValidator(
  swaggerPath: string = ARGOCD_SWAGGER_PATH,
): ArgoCDValidator {
  const swagger = JSON.parse(fs.readFileSync(swaggerPath, 'utf8'));
  const definitions: Record<string, Schema> = structuredClone(
    swagger.definitions,
  );
  for (const [name, required] of Object.entries(CRD_REQUIRED)) {
    if (!definitions[name]) {
      throw new Error(`the Argo CD swagger has no definition ${name}`);
    }
    definitions[name].required = required;
  }
  // Free-form fields (helm valuesObject, generator elements) hold any YAML.
  definitions.runtimeRawExtension = {};
  definitions.v1JSON = {};
  closeObjects(definitions);

  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });
  ajv.addSchema({ $id: 'argocd', definitions });

  const validators = new Map<string, ValidateFunction>();
  for (const [kind, spec] of Object.entries(RESOURCES)) {
    validators.set(
      kind,
      ajv.compile({
        type: 'object',
        required: ['apiVersion', 'kind', 'metadata', 'spec'],
        additionalProperties: false,
        properties: {
          apiVersion: { const: 'argoproj.io/v1alpha1' },
          kind: { const: kind },
          metadata: {
            allOf: [
              { $ref: 'argocd#/definitions/v1ObjectMeta' },
              { required: ['name', 'namespace'] },
            ],
          },
          spec: { $ref: `argocd#/definitions/${spec}` },
        },
      }),
    );
  }

  return {
    supports: kind => validators.has(kind),
    validate(doc) {
      const validator = validators.get(doc?.kind);
      if (!validator) {
        return [`not an Argo CD resource kind: ${doc?.kind}`];
      }
      return validator(doc) ? [] : describe(validator.errors);
    },
  };
}

/** Every Application spec (or ApplicationSet template spec) has a source or sources, each usable. */
export function sourceProblems(spec: Schema): string[] {
  const problems: string[] = [];
  const sources: Schema[] = spec.sources ?? (spec.source ? [spec.source] : []);
  if (sources.length === 0) {
    problems.push('has neither source nor sources');
  }
  if (spec.source && spec.sources) {
    problems.push('has both source and sources');
  }
  for (const s of sources) {
    if (!s.ref && !s.chart && s.path === undefined) {
      problems.push(`source ${s.repoURL} needs a chart, a path or a ref`);
    }
    if (s.chart && !s.targetRevision) {
      problems.push(`chart ${s.chart} must pin targetRevision`);
    }
  }
  if (!spec.destination?.server && !spec.destination?.name) {
    problems.push('destination needs a server or a name');
  }
  return problems;
}
