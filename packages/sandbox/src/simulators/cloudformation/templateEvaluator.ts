import { QueryError, validationError } from './queryProtocol';
import {
  AwsLocation,
  generatedName,
  hash,
  RESOURCE_TYPES,
} from './resourceTypes';
import { Template } from './templateParser';

/** A resource as it is (in a stack) or would be (in a change set). */
export interface ResourceState {
  logicalId: string;
  type: string;
  name: string;
  physicalId: string;
  properties: Record<string, unknown>;
  propertiesHash: string;
  attributes: Record<string, string>;
  /** Why creating or updating it fails (the simulated provider's answer). */
  failure?: string;
}

export interface OutputState {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** What a template with these parameters makes of a stack. */
export interface DesiredState {
  resources: Map<string, ResourceState>;
  outputs: OutputState[];
  capabilities: string[];
}

/** A parameter as the request gives it. */
export interface SuppliedParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: string;
}

const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Checks the supplied parameters against the template's declarations and
 * returns the value of each: CloudFormation's synchronous validation of
 * CreateChangeSet (unknown names, missing values, AllowedValues,
 * AllowedPattern, Number bounds).
 */
export function resolveParameters(
  template: Template,
  supplied: SuppliedParameter[],
  previous: Record<string, string>,
): Record<string, string> {
  const declared = template.Parameters;
  const unknown = supplied
    .map(p => p.ParameterKey ?? '')
    .filter(key => !(key in declared));
  if (unknown.length > 0) {
    throw validationError(
      `Parameters: [${unknown.join(',')}] do not exist in the template`,
    );
  }
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const given = supplied.find(p => p.ParameterKey === name);
    let value: string | undefined;
    if (given?.UsePreviousValue === 'true') {
      value = previous[name];
      if (value === undefined) {
        throw validationError(
          `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      }
    } else if (given) {
      value = given.ParameterValue ?? '';
    } else if (declaration.Default !== undefined) {
      value = String(declaration.Default);
    }
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    const allowed = declaration.AllowedValues?.map(String);
    if (allowed && !allowed.includes(value)) {
      throw validationError(`Parameter '${name}' must be one of AllowedValues`);
    }
    if (
      declaration.AllowedPattern !== undefined &&
      !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)
    ) {
      throw validationError(
        `Parameter '${name}' must match pattern ${declaration.AllowedPattern}`,
      );
    }
    if (declaration.Type === 'Number') {
      const n = Number(value);
      if (value === '' || Number.isNaN(n)) {
        throw validationError(`Parameter '${name}' must be a number.`);
      }
      if (declaration.MinValue !== undefined && n < declaration.MinValue) {
        throw validationError(
          `Parameter '${name}' must be a number not less than ${declaration.MinValue}`,
        );
      }
      if (declaration.MaxValue !== undefined && n > declaration.MaxValue) {
        throw validationError(
          `Parameter '${name}' must be a number not greater than ${declaration.MaxValue}`,
        );
      }
    }
    values[name] = value;
  }
  if (missing.length > 0) {
    throw validationError(
      `Parameters: [${missing.join(',')}] must have values`,
    );
  }
  return values;
}

/**
 * Evaluates a template: conditions, intrinsic functions, physical names
 * (existing resources keep theirs unless a replacing property changed) and
 * outputs. `current` is the stack's resources before the change.
 */
export function evaluateTemplate(
  template: Template,
  parameters: Record<string, string>,
  at: AwsLocation & { stackId: string },
  current: Map<string, ResourceState>,
): DesiredState {
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!RESOURCE_TYPES[resource.Type]) {
      throw validationError(
        `Template format error: Unrecognized resource types: [${
          resource.Type
        }] (resource ${id}; the sandbox simulates ${Object.keys(
          RESOURCE_TYPES,
        ).join(', ')})`,
      );
    }
  }

  const conditionCache = new Map<string, boolean>();
  const resources = new Map<string, ResourceState>();
  const visiting = new Set<string>();

  const pseudo: Record<string, string> = {
    'AWS::StackName': at.stackName,
    'AWS::StackId': at.stackId,
    'AWS::Region': at.region,
    'AWS::AccountId': at.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
  };

  const condition = (name: string): boolean => {
    const cached = conditionCache.get(name);
    if (cached !== undefined) {
      return cached;
    }
    if (!(name in template.Conditions)) {
      throw validationError(
        `Template error: unresolved condition dependency ${name}`,
      );
    }
    const value = evaluate(template.Conditions[name], `Conditions/${name}`);
    if (typeof value !== 'boolean') {
      throw validationError(
        `Template error: condition ${name} must evaluate to a boolean`,
      );
    }
    conditionCache.set(name, value);
    return value;
  };

  const included = (id: string) => {
    const cond = template.Resources[id].Condition;
    return cond === undefined || condition(cond);
  };

  const resource = (id: string, path: string): ResourceState => {
    const done = resources.get(id);
    if (done) {
      return done;
    }
    const declaration = template.Resources[id];
    if (!declaration) {
      throw validationError(
        `Template format error: Unresolved resource dependencies [${id}] in the ${path} block of the template`,
      );
    }
    if (!included(id)) {
      throw validationError(
        `Template format error: Unresolved resource dependencies [${id}] in the ${path} block of the template (its condition is false)`,
      );
    }
    if (visiting.has(id)) {
      throw validationError(
        `Circular dependency between resources: [${[...visiting].join(', ')}]`,
      );
    }
    visiting.add(id);
    const model = RESOURCE_TYPES[declaration.Type];
    const properties = (evaluate(
      declaration.Properties ?? {},
      `Resources/${id}/Properties`,
    ) ?? {}) as Record<string, unknown>;
    const propertiesHash = hash(properties);
    const before = current.get(id);
    const named =
      model.nameProperty !== undefined &&
      properties[model.nameProperty] !== undefined
        ? String(properties[model.nameProperty])
        : undefined;
    const replaced =
      !before ||
      before.type !== declaration.Type ||
      (named !== undefined && named !== before.name) ||
      (model.replacingProperties ?? []).some(
        p =>
          JSON.stringify(properties[p]) !==
          JSON.stringify(before.properties[p]),
      );
    const name = replaced
      ? named ?? generatedName(declaration.Type, id, at, properties)
      : before.name;
    const physicalId = model.physicalId(name, at);
    const state: ResourceState = {
      logicalId: id,
      type: declaration.Type,
      name,
      physicalId,
      properties,
      propertiesHash,
      attributes: model.attributes(name, physicalId, properties, at),
      failure: model.validate?.(name, properties),
    };
    visiting.delete(id);
    resources.set(id, state);
    return state;
  };

  const ref = (name: string, path: string): string => {
    if (name in pseudo) {
      return pseudo[name];
    }
    if (name in parameters) {
      return parameters[name];
    }
    return resource(name, path.split('/')[0]).physicalId;
  };

  function evaluate(node: unknown, path: string): unknown {
    if (Array.isArray(node)) {
      return node
        .map((item, i) => evaluate(item, `${path}/${i}`))
        .filter(item => item !== NO_VALUE);
    }
    if (typeof node !== 'object' || node === null || node instanceof Date) {
      return node;
    }
    const entries = Object.entries(node as Record<string, unknown>);
    if (entries.length === 1) {
      const [[key, arg]] = entries;
      const fn = intrinsic(key, arg, path);
      if (fn !== undefined) {
        return fn.value;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const evaluated = evaluate(value, `${path}/${key}`);
      if (evaluated !== NO_VALUE) {
        out[key] = evaluated;
      }
    }
    return out;
  }

  function intrinsic(
    key: string,
    arg: unknown,
    path: string,
  ): { value: unknown } | undefined {
    const list = () => {
      const value = Array.isArray(arg) ? arg : [arg];
      return value;
    };
    switch (key) {
      case 'Ref':
        if (arg === 'AWS::NoValue') {
          return { value: NO_VALUE };
        }
        return { value: ref(String(evaluate(arg, path)), path) };
      case 'Condition':
        return { value: condition(String(arg)) };
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg)
          ? arg.map(a => String(evaluate(a, path)))
          : [String(arg), ''];
        const target = resource(id, path.split('/')[0]);
        if (!(attribute in target.attributes)) {
          throw validationError(
            `Template error: resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`,
          );
        }
        return { value: target.attributes[attribute] };
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
        const locals = evaluate(vars ?? {}, path) as Record<string, unknown>;
        return {
          value: String(text).replace(/\$\{([^}!][^}]*)\}/g, (_m, expr) => {
            const name = String(expr).trim();
            if (name in locals) {
              return String(locals[name]);
            }
            const dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith('AWS::')) {
              return String(
                intrinsic(
                  'Fn::GetAtt',
                  [name.slice(0, dot), name.slice(dot + 1)],
                  path,
                )!.value,
              );
            }
            return ref(name, path);
          }),
        };
      }
      case 'Fn::Join': {
        const [separator, items] = list();
        const values = evaluate(items, path) as unknown[];
        return { value: values.map(String).join(String(separator)) };
      }
      case 'Fn::Select': {
        const [index, items] = list();
        const values = evaluate(items, path) as unknown[];
        return { value: values[Number(evaluate(index, path))] };
      }
      case 'Fn::Split': {
        const [separator, text] = list();
        return {
          value: String(evaluate(text, path)).split(String(separator)),
        };
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = list().map(a => String(evaluate(a, path)));
        const value = template.Mappings[map]?.[top]?.[second];
        if (value === undefined) {
          throw validationError(
            `Template error: Unable to get mapping for ${map}::${top}::${second}`,
          );
        }
        return { value };
      }
      case 'Fn::Base64':
        return {
          value: Buffer.from(String(evaluate(arg, path))).toString('base64'),
        };
      case 'Fn::If': {
        const [name, whenTrue, whenFalse] = list();
        return {
          value: condition(String(name))
            ? evaluate(whenTrue, path)
            : evaluate(whenFalse, path),
        };
      }
      case 'Fn::Equals': {
        const [a, b] = list().map(v => evaluate(v, path));
        return { value: String(a) === String(b) };
      }
      case 'Fn::Not':
        return { value: !evaluate(list()[0], path) };
      case 'Fn::And':
        return { value: list().every(v => evaluate(v, path) === true) };
      case 'Fn::Or':
        return { value: list().some(v => evaluate(v, path) === true) };
      case 'Fn::ImportValue':
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
        throw new QueryError(
          'ValidationError',
          `Template error: ${key} is not simulated by the sandbox`,
        );
      default:
        return undefined;
    }
  }

  for (const id of Object.keys(template.Resources)) {
    if (included(id)) {
      resource(id, 'Resources');
    }
  }

  const outputs: OutputState[] = [];
  for (const [key, output] of Object.entries(template.Outputs)) {
    if (output.Condition !== undefined && !condition(output.Condition)) {
      continue;
    }
    outputs.push({
      OutputKey: key,
      OutputValue: String(evaluate(output.Value, `Outputs/${key}`)),
      Description: output.Description,
      ExportName:
        output.Export !== undefined
          ? String(evaluate(output.Export.Name, `Outputs/${key}`))
          : undefined,
    });
  }

  const capabilities = new Set<string>();
  for (const state of resources.values()) {
    const model = RESOURCE_TYPES[state.type];
    if (model.iam) {
      capabilities.add(
        model.nameProperty && state.properties[model.nameProperty] !== undefined
          ? 'CAPABILITY_NAMED_IAM'
          : 'CAPABILITY_IAM',
      );
    }
  }
  return {
    resources,
    outputs,
    capabilities: capabilities.has('CAPABILITY_NAMED_IAM')
      ? ['CAPABILITY_NAMED_IAM']
      : [...capabilities],
  };
}
