module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Written by `yarn generate` from spec/; scripts/contracts-current.sh checks it.
  ignorePatterns: ['src/generated/'],
});
