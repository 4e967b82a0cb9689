#!/usr/bin/env node
/*
 * Generates a contract package's TypeScript types from its vendored specs,
 * run as the package's `generate` script (from the package's folder):
 *
 *   node ../../scripts/generate-contract-types.mjs [--out-dir DIR] SPEC=OUT.ts...
 *
 * OpenAPI 3 specs go to openapi-typescript as they are; a Swagger 2.0 spec
 * (Argo CD's) is converted by swagger2openapi first, as openapi-typescript 7
 * reads only OpenAPI 3. SPEC may also be a comma-separated list of Kubernetes
 * CRDs (YAML): their `openAPIV3Schema`s become one document's schemas, one
 * per kind. OUT is written below DIR (default `src/generated`),
 * so scripts/test.sh can generate into a temporary folder and compare.
 * Both tools are resolved from the package (its devDependencies).
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const requireFromPackage = createRequire(
  path.join(process.cwd(), 'package.json'),
);

function parseArgs(argv) {
  let outDir = 'src/generated';
  const pairs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out-dir') {
      outDir = argv[++i];
    } else {
      const [spec, out] = argv[i].split('=');
      if (!spec || !out) {
        throw new Error(`expected SPEC=OUT.ts, got '${argv[i]}'`);
      }
      pairs.push({ spec, out });
    }
  }
  return { outDir, pairs };
}

async function toOpenApi3(document) {
  if (!document.swagger) {
    return document;
  }
  const swagger2openapi = requireFromPackage('swagger2openapi');
  // patch: fixes the small errors of the vendor's spec swagger2openapi knows
  // (e.g. a missing `type` next to a `format`) instead of refusing it.
  const { openapi } = await swagger2openapi.convertObj(document, {
    patch: true,
    warnOnly: true,
  });
  return openapi;
}

/*
 * Kubernetes' structural-schema extensions, in the OpenAPI terms
 * openapi-typescript reads: an int-or-string is either, and an object that
 * keeps unknown fields is open.
 */
function fromKubernetesSchema(schema) {
  if (Array.isArray(schema)) {
    return schema.map(fromKubernetesSchema);
  }
  if (!schema || typeof schema !== 'object') {
    return schema;
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = fromKubernetesSchema(value);
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out['x-kubernetes-preserve-unknown-fields'] && !out.properties) {
    out.additionalProperties = true;
  }
  return out;
}

/** One OpenAPI document with the schema of each CRD's served version, by kind. */
function fromCrds(files) {
  const yaml = requireFromPackage('js-yaml');
  const schemas = {};
  for (const file of files) {
    const crd = yaml.load(fs.readFileSync(file, 'utf8'));
    const version =
      crd.spec.versions.find(v => v.storage) ?? crd.spec.versions[0];
    schemas[crd.spec.names.kind] = fromKubernetesSchema(
      version.schema.openAPIV3Schema,
    );
  }
  return {
    openapi: '3.0.3',
    info: { title: files.join(', '), version: '1' },
    paths: {},
    components: { schemas },
  };
}

function readSpec(spec) {
  const files = spec.split(',');
  if (files.every(file => /\.ya?ml$/.test(file))) {
    return fromCrds(files);
  }
  return JSON.parse(fs.readFileSync(spec, 'utf8'));
}

/*
 * HCP Terraform's spec reuses two operationIds (updateOrganization,
 * createOrUpdateDataRetentionPolicy) for different operations, which
 * openapi-typescript refuses and TypeScript could not declare twice; the
 * second and later uses get a `_2`, `_3`... suffix, in the spec's order.
 */
function uniqueOperationIds(document) {
  const seen = new Map();
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (operation && typeof operation.operationId === 'string') {
        const uses = (seen.get(operation.operationId) ?? 0) + 1;
        seen.set(operation.operationId, uses);
        if (uses > 1) {
          operation.operationId = `${operation.operationId}_${uses}`;
        }
      }
    }
  }
  return document;
}

async function generate(specFile) {
  const { default: openapiTS, astToString } =
    requireFromPackage('openapi-typescript');
  const document = uniqueOperationIds(await toOpenApi3(readSpec(specFile)));
  const { createConfig } = requireFromPackage('@redocly/openapi-core');
  const ast = await openapiTS(document, {
    silent: true,
    // A CRD's `type: object` without properties (metadata, free-form
    // fields) holds anything, not nothing.
    emptyObjectsUnknown:
      specFile.endsWith('.yaml') || specFile.endsWith('.yml'),
    // Reused operationIds are renamed by uniqueOperationIds instead.
    redocly: await createConfig(
      { rules: { 'operation-operationId-unique': 'off' } },
      { extends: ['minimal'] },
    ),
  });
  return [
    '/*',
    ` * Generated from ${specFile.split(',').join(', ')} by \`yarn generate\``,
    ' * (scripts/generate-contract-types.mjs, openapi-typescript). Do not edit:',
    ' * change the spec and regenerate.',
    ' */',
    '',
    astToString(ast),
  ].join('\n');
}

const { outDir, pairs } = parseArgs(process.argv.slice(2));
for (const { spec, out } of pairs) {
  const target = path.join(outDir, out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, await generate(spec));
  console.log(`${spec} -> ${target}`);
}
