// Runs the browser specs on their own, until the root jest.config.js has a `browser` project:
//   npm run build && NODE_OPTIONS=--experimental-vm-modules npx jest -c test/browser/jest.config.js
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
    module: { type: 'es6' },
  },
];

export default {
  rootDir: '../..',
  displayName: 'browser',
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  testTimeout: 90_000,
  maxWorkers: 1,
};
