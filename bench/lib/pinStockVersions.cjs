// Pins the stock app's @backstage packages to the versions the portal has
// installed, as `resolutions` in the stock app's root package.json.
//   node bench/lib/pinStockVersions.cjs <stock app dir> <portal root>
const fs = require('fs');
const path = require('path');

const [app, portal] = process.argv.slice(2);
const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
// Every @backstage package the portal has, not only the stock app's direct
// dependencies: their own dependencies then resolve to the same release too.
const scope = path.join(portal, 'node_modules', '@backstage');
const wanted = fs.readdirSync(scope).map(name => `@backstage/${name}`);
const resolutions = {};
for (const name of wanted.sort()) {
  const file = path.join(portal, 'node_modules', name, 'package.json');
  if (fs.existsSync(file)) resolutions[name] = read(file).version;
}
const rootFile = path.join(app, 'package.json');
const root = read(rootFile);
root.resolutions = { ...root.resolutions, ...resolutions };
fs.writeFileSync(rootFile, `${JSON.stringify(root, null, 2)}\n`);
console.log(
  `==> stock app: ${
    Object.keys(resolutions).length
  } @backstage packages pinned to the portal's versions`,
);
