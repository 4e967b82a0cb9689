#!/usr/bin/env node
/*
 * Fails when the workspace's packages depend on each other in a cycle,
 * counting dependencies and devDependencies alike: a package whose tests
 * need another must not be needed by it (issue 17: the sandbox imports the
 * vendor contracts, `packages/api-*`, never the `-node` clients that test
 * against it). Prints each cycle found and exits 1, or a count and exits 0.
 *
 * usage: node scripts/package-cycles.js [repo root]
 */
const fs = require('node:fs');
const path = require('node:path');

function workspacePackages(root) {
  const { workspaces } = readJson(path.join(root, 'package.json'));
  const patterns = Array.isArray(workspaces) ? workspaces : workspaces.packages;
  const dirs = patterns.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return fs
      .readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => `${parent}/${entry.name}`);
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(root, dir, 'package.json')))
    .map(dir => ({ dir, ...readJson(path.join(root, dir, 'package.json')) }));
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Each cycle once, as the list of package names around it. */
function findCycles(graph) {
  const cycles = [];
  const seen = new Set();
  const state = new Map(); // name -> 'open' | 'done'
  const stack = [];
  const visit = name => {
    state.set(name, 'open');
    stack.push(name);
    for (const next of graph.get(name) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...cycle, next]);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of [...graph.keys()].sort()) {
    if (!state.has(name)) visit(name);
  }
  return cycles;
}

function packageGraph(packages) {
  const names = new Set(packages.map(p => p.name));
  return new Map(
    packages.map(p => [
      p.name,
      Object.keys({ ...p.dependencies, ...p.devDependencies })
        .filter(dep => names.has(dep))
        .sort(),
    ]),
  );
}

module.exports = { findCycles, packageGraph, workspacePackages };

if (require.main === module) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
  const packages = workspacePackages(root);
  const cycles = findCycles(packageGraph(packages));
  if (cycles.length) {
    console.error(
      `${cycles.length} package cycle(s) (dependencies + devDependencies):`,
    );
    for (const cycle of cycles) console.error(`  ${cycle.join(' -> ')}`);
    process.exit(1);
  }
  console.log(`no package cycle among ${packages.length} workspace packages`);
}
