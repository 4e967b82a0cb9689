/**
 * Kubernetes label selectors, as Argo CD's `selector=` query parameter takes
 * them (k8s.io/apimachinery labels.Parse): comma-separated requirements, each
 * `key`, `!key`, `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)`, `key notin (a,b)`, `key>1` or `key<1`.
 */
export type LabelSelector = (
  labels: Record<string, string> | undefined,
) => boolean;

type Requirement =
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export class LabelSelectorError extends Error {}

// Label keys are [prefix/]name; values may be empty. Checked loosely: the
// point is to reject what Kubernetes rejects with an error, not to validate
// every DNS rule.
const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 317) {
    throw new LabelSelectorError(`invalid label key "${key}"`);
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw new LabelSelectorError(`invalid label value: "${value}"`);
  }
  return value;
}

/** Splits on commas that are not inside a `( ... )` value set. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim());
}

function parseRequirement(text: string): Requirement {
  if (text === '') {
    throw new LabelSelectorError(
      "found '', expected: !, identifier, or 'end of string'",
    );
  }
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const values = set[3].split(',').map(v => checkValue(v.trim()));
    return { key: checkKey(set[1]), op: set[2] as 'in' | 'notin', values };
  }
  if (text.startsWith('!')) {
    return { key: checkKey(text.slice(1).trim()), op: '!' };
  }
  const comparison = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (comparison) {
    const [, key, operator, raw] = comparison;
    const value = raw.trim();
    if (operator === '<' || operator === '>') {
      const number = Number(value);
      if (value === '' || !Number.isInteger(number)) {
        throw new LabelSelectorError(
          `for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
      return {
        key: checkKey(key),
        op: operator === '>' ? 'gt' : 'lt',
        value: number,
      };
    }
    return {
      key: checkKey(key),
      op: operator === '!=' ? 'notin' : 'in',
      values: [checkValue(value)],
    };
  }
  if (/\s/.test(text)) {
    throw new LabelSelectorError(`unable to parse requirement: "${text}"`);
  }
  return { key: checkKey(text), op: 'exists' };
}

function matches(requirement: Requirement, labels: Record<string, string>) {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'in':
      return has && requirement.values.includes(value);
    case 'notin':
      // As in Kubernetes, a missing label satisfies != and notin.
      return !has || !requirement.values.includes(value);
    case 'gt':
      return has && Number(value) > requirement.value;
    case 'lt':
      return has && Number(value) < requirement.value;
    default:
      return false;
  }
}

/** Parses a selector once; the result tests label sets. Empty selects all. */
export function parseLabelSelector(
  selector: string | undefined,
): LabelSelector {
  if (!selector || !selector.trim()) {
    return () => true;
  }
  const requirements = splitRequirements(selector).map(parseRequirement);
  return labels => requirements.every(r => matches(r, labels ?? {}));
}

/**
 * Parses a selector into a test of labels that a whole group of objects
 * carries: false when a requirement on one of those labels fails, so that no
 * object of the group can match. Requirements on other labels pass here and
 * must still be checked on each object.
 */
export function parseCommonLabelFilter(
  selector: string | undefined,
): LabelSelector {
  if (!selector || !selector.trim()) {
    return () => true;
  }
  const requirements = splitRequirements(selector).map(parseRequirement);
  return labels =>
    requirements.every(
      r =>
        !Object.prototype.hasOwnProperty.call(labels ?? {}, r.key) ||
        matches(r, labels ?? {}),
    );
}
