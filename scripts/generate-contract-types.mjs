#!/usr/bin/env node
/*
 * Generates a contract package's TypeScript types from its vendored specs,
 * run as the package's `generate` script (from the package's folder):
 *
 *   node ../../scripts/generate-contract-types.mjs [--out-dir DIR] SPEC=OUT.ts...
 *
 * OpenAPI 3 specs go to openapi-typescript as they are; a Swagger 2.0 spec
 * (Argo CD's) is converted by swagger2openapi first, as openapi-typescript 7
 * reads only OpenAPI 3. OUT is written below DIR (default `src/generated`),
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
  const document = uniqueOperationIds(
    await toOpenApi3(JSON.parse(fs.readFileSync(specFile, 'utf8'))),
  );
  const { createConfig } = requireFromPackage('@redocly/openapi-core');
  const ast = await openapiTS(document, {
    silent: true,
    // Reused operationIds are renamed by uniqueOperationIds instead.
    redocly: await createConfig(
      { rules: { 'operation-operationId-unique': 'off' } },
      { extends: ['minimal'] },
    ),
  });
  return [
    '/*',
    ` * Generated from ${specFile} by \`yarn generate\``,
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
