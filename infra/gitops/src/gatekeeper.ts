import Ajv from 'ajv';
import { Manifest } from './manifests';

/**
 * Structural checks of Gatekeeper resources: what the Gatekeeper controller
 * needs to turn a ConstraintTemplate into a constraint CRD and a compiled
 * Rego policy, and what a Constraint needs to be matched to its template.
 */

export const TEMPLATE_API_VERSION = 'templates.gatekeeper.sh/v1';
export const CONSTRAINT_API_VERSION = 'constraints.gatekeeper.sh/v1beta1';
export const ADMISSION_TARGET = 'admission.k8s.gatekeeper.sh';

type Schema = Record<string, any>;

/** Removes comments and string literals so that brackets can be counted. */
function stripRego(rego: string): string {
  return rego
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/`[^`]*`/g, '""')
    .replace(/#.*$/gm, '');
}

/** Problems of one Rego module of a template; empty when it looks compilable. */
export function regoProblems(rego: string, expectedPackage: string): string[] {
  const problems: string[] = [];
  const code = stripRego(rego);
  const pkg = /^\s*package\s+([A-Za-z_][\w.]*)\s*$/m.exec(code);
  if (!pkg) {
    problems.push('has no package declaration');
  } else if (pkg[1] !== expectedPackage) {
    problems.push(
      `package ${pkg[1]} does not match the template name ${expectedPackage}`,
    );
  }
  if (!/^violation\s*\[\s*\{\s*""\s*:\s*msg\b/m.test(code)) {
    problems.push('has no violation[{"msg": msg, ...}] rule');
  }
  if (/^(deny|warn)\s*\[/m.test(code)) {
    problems.push('uses deny/warn rules, which Gatekeeper ignores');
  }
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const ch of code) {
    if ('([{'.includes(ch)) {
      stack.push(ch);
    } else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) {
        problems.push(`has an unbalanced '${ch}'`);
        return problems;
      }
    }
  }
  if (stack.length > 0) {
    problems.push(`has ${stack.length} unclosed bracket(s)`);
  }
  return problems;
}

/** Problems of one ConstraintTemplate; empty when Gatekeeper can create its CRD and policy. */
export function templateProblems(doc: Schema): string[] {
  const problems: string[] = [];
  const name: string | undefined = doc.metadata?.name;
  const kind: string | undefined = doc.spec?.crd?.spec?.names?.kind;
  if (doc.apiVersion !== TEMPLATE_API_VERSION) {
    problems.push(`apiVersion must be ${TEMPLATE_API_VERSION}`);
  }
  if (!kind) {
    problems.push('spec.crd.spec.names.kind is missing');
  } else if (name !== kind.toLowerCase()) {
    problems.push(
      `metadata.name ${name} must be the lower-case kind ${kind.toLowerCase()}`,
    );
  }
  const schema = doc.spec?.crd?.spec?.validation?.openAPIV3Schema;
  if (schema !== undefined) {
    try {
      new Ajv({ strict: false }).compile(schema);
    } catch (e) {
      problems.push(`parameter schema does not compile: ${e}`);
    }
  }
  const targets: Schema[] = doc.spec?.targets ?? [];
  if (targets.length === 0) {
    problems.push('spec.targets is empty');
  }
  for (const target of targets) {
    if (target.target !== ADMISSION_TARGET) {
      problems.push(`target must be ${ADMISSION_TARGET}, not ${target.target}`);
    }
    if (typeof target.rego !== 'string' || target.rego.trim() === '') {
      problems.push('target has no rego');
    } else {
      problems.push(...regoProblems(target.rego, name ?? ''));
    }
  }
  return problems;
}

/** Problems of the Constraints: each must instantiate a template and fit its parameter schema. */
export function constraintProblems(
  constraints: Manifest[],
  templates: Manifest[],
): string[] {
  const byKind = new Map<string, Schema>();
  for (const t of templates) {
    byKind.set(t.doc.spec?.crd?.spec?.names?.kind, t.doc);
  }
  const problems: string[] = [];
  for (const c of constraints) {
    const where = `${c.file}: ${c.doc.kind}/${c.doc.metadata?.name}`;
    const template = byKind.get(c.doc.kind);
    if (c.doc.apiVersion !== CONSTRAINT_API_VERSION) {
      problems.push(`${where}: apiVersion must be ${CONSTRAINT_API_VERSION}`);
    }
    if (!template) {
      problems.push(`${where}: no ConstraintTemplate defines this kind`);
      continue;
    }
    const action = c.doc.spec?.enforcementAction;
    if (action !== undefined && !['deny', 'dryrun', 'warn'].includes(action)) {
      problems.push(`${where}: unknown enforcementAction ${action}`);
    }
    const schema = template.spec?.crd?.spec?.validation?.openAPIV3Schema;
    const parameters = c.doc.spec?.parameters;
    if (parameters !== undefined) {
      if (!schema) {
        problems.push(`${where}: has parameters but the template takes none`);
      } else {
        const validate = new Ajv({ strict: false, allErrors: true }).compile({
          ...schema,
          additionalProperties: false,
        });
        if (!validate(parameters)) {
          problems.push(
            `${where}: parameters ${JSON.stringify(validate.errors)}`,
          );
        }
      }
    }
  }
  return problems;
}
