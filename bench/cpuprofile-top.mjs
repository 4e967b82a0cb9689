// Where a CPU profile's time went, as text: the functions with the most
// self time, and the most total (inclusive) time, by function and file.
//   node bench/cpuprofile-top.mjs <file.cpuprofile> [--top 25] [--match text]
// --match keeps only the total-time rows whose file or function contains
// the text (e.g. --match plugins/deployments-backend).
import fs from 'node:fs';

const [file] = process.argv.slice(2).filter(a => !a.startsWith('--'));
const opt = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
if (!file) {
  console.error(
    'usage: node bench/cpuprofile-top.mjs <file.cpuprofile> [--top N] [--match text]',
  );
  process.exit(2);
}
const TOP = Number(opt('--top', 25));
const MATCH = opt('--match');

const { nodes, samples, timeDeltas } = JSON.parse(
  fs.readFileSync(file, 'utf8'),
);
const byId = new Map(nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the samples (each sample's delta is its weight).
const selfUs = new Map();
let totalUs = 0;
for (let i = 0; i < samples.length; i++) {
  const dt = Math.max(0, timeDeltas[i] ?? 0);
  selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
  totalUs += dt;
}

const short = url =>
  (url || '')
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/(plugins|packages)\//, '$1/');
const keyOf = n => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'}  ${short(f.url)}:${
    f.lineNumber + 1
  }`;
};

const self = new Map();
const total = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + us);
  // Inclusive: once per distinct key on the stack (recursion counts once).
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + us);
  }
}

const ms = us => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const pct = us => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const print = (title, map, filter = () => true) => {
  console.log(`\n${title}`);
  [...map.entries()]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([k, us]) => console.log(`${ms(us)} ${pct(us)}  ${k}`));
};
console.log(`${file}: ${ms(totalUs).trim()} sampled`);
print('Self time', self);
print(
  'Total time',
  total,
  k =>
    !k.startsWith('(root)') &&
    !k.startsWith('(program)') &&
    (!MATCH || k.includes(MATCH)),
);
