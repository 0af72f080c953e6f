/**
 * `npm run test:explore`: the property suites with fresh seeds and more runs (see
 * fast-check.cjs beside this file). Not part of `npm test`, which pins the seed.
 */
const path = require('node:path');
const base = require('../../../jest.config.js');

const root = path.resolve(__dirname, '../../..');
const explore = path.join(__dirname, 'fast-check.cjs');

module.exports = {
  ...base,
  rootDir: root,
  coverageThreshold: undefined,
  projects: base.projects.map((project) => ({
    ...project,
    rootDir: root,
    setupFiles: (project.setupFiles ?? []).filter((file) => !file.includes('fast-check-seed')),
    moduleNameMapper: { ...(project.moduleNameMapper ?? {}), '^fast-check$': explore },
  })),
};
