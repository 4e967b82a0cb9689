/**
 * The rule for a service's name: a DNS-1123 label of 3 to 40 characters
 * (lower-case ASCII letters, digits and hyphens, starting with a letter and
 * ending with a letter or digit), as the "Create microservice" template's
 * schema says; the form's ServiceNamePicker and the provisioning backend
 * read it from here. Names of workspaces, repositories and Argo CD
 * applications are built from it, so a look-alike (`pаyments` with a
 * Cyrillic а) must never pass.
 */
export const SERVICE_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** True when `name` is a well-formed service name (see {@link SERVICE_NAME_PATTERN}). */
export function isServiceName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length >= 3 &&
    name.length <= 40 &&
    SERVICE_NAME_PATTERN.test(name)
  );
}

/** Why a name is not a service name, for a 400's message. */
export const SERVICE_NAME_RULE =
  'a service name is 3-40 lower-case ASCII letters, digits and hyphens, starting with a letter and ending with a letter or digit';
