/*
 * The template's form as the portal runs it, without a browser:
 * - the frontend: RJSF's ajv8 validator with ajv-errors (as the scaffolder's
 *   Stepper configures it) and RJSF's default-filling, page by page;
 * - the backend: the check the scaffolder router makes before creating a
 *   task (resolveParameterSteps, then jsonschema on every visible page).
 */
import type { JsonObject, JsonValue } from '@backstage/types';
import type { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import { resolveParameterSteps } from '@backstage/plugin-scaffolder-common/alpha';
import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import { validate as jsonschemaValidate } from 'jsonschema';

export type Page = JsonObject & { title?: string; when?: string | boolean };

// JsonObject allows undefined members; resolveParameterSteps wants plain JSON.
const json = (values: JsonObject) => values as Record<string, JsonValue>;

export function pages(template: TemplateEntityV1beta3): Page[] {
  return [template.spec.parameters ?? []].flat() as Page[];
}

/** Removes the ui:* keys, as the frontend does before handing a page to RJSF. */
export function formSchema(page: Page): RJSFSchema {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !key.startsWith('ui:') && key !== 'when')
        .map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(page) as RJSFSchema;
}

export const frontendValidator = customizeValidator();
ajvErrors(
  (frontendValidator as unknown as { ajv: Parameters<typeof ajvErrors>[0] })
    .ajv,
);

export function visiblePages(
  template: TemplateEntityV1beta3,
  values: JsonObject,
) {
  const all = pages(template);
  const { visible } = resolveParameterSteps(
    json(values),
    all.map(page => ({ schema: page, when: page.when })),
  );
  return all.filter((_, index) => visible[index]);
}

/**
 * What the form submits when a person types `typed` and keeps every default:
 * each visible page's defaults are filled the way RJSF fills them.
 */
export function fillForm(
  template: TemplateEntityV1beta3,
  typed: JsonObject,
): JsonObject {
  let values: JsonObject = { ...typed };
  // Later pages appear (and get defaults) once earlier values are known.
  for (let round = 0; round < 3; round++) {
    for (const page of visiblePages(template, values)) {
      const schema = formSchema(page);
      values = {
        ...values,
        ...(getDefaultFormState(
          frontendValidator,
          schema,
          values,
          schema,
          false,
          {
            allOf: 'populateDefaults',
          },
        ) as JsonObject),
      };
    }
  }
  return visibleValues(template, values);
}

/** The values the Stepper submits: those of hidden pages dropped. */
export function visibleValues(
  template: TemplateEntityV1beta3,
  values: JsonObject,
): JsonObject {
  const all = pages(template);
  return resolveParameterSteps(
    json(values),
    all.map(page => ({ schema: page, when: page.when })),
  ).values as JsonObject;
}

/** Errors the form shows on a page, as { property path: messages }. */
export function frontendErrors(
  page: Page,
  values: JsonObject,
): Record<string, string[]> {
  const { errors } = frontendValidator.validateFormData(
    values,
    formSchema(page),
  );
  const byField: Record<string, string[]> = {};
  for (const error of errors) {
    const key = error.property ?? '';
    (byField[key] ??= []).push(error.message ?? '');
  }
  return byField;
}

/** The scaffolder backend's check of a submitted task; errors as the API returns them. */
export function backendValidate(
  template: TemplateEntityV1beta3,
  submitted: JsonObject,
): { valid: boolean; errors: string[]; values: JsonObject } {
  const all = pages(template);
  const resolved = resolveParameterSteps(
    json(submitted),
    all.map(page => ({ schema: page, when: page.when })),
  );
  for (const [index, page] of all.entries()) {
    if (!resolved.visible[index]) continue;
    const result = jsonschemaValidate(submitted, page);
    if (!result.valid) {
      return {
        valid: false,
        errors: result.errors.map(e => e.stack),
        values: resolved.values as JsonObject,
      };
    }
  }
  return { valid: true, errors: [], values: resolved.values as JsonObject };
}
