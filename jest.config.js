/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // @middy/core 6 ships ESM only; Node 20.19+ and Lambda load it natively (require(esm)), but
    // Jest's module system on Node 20 cannot, so its files are compiled to CommonJS for tests.
    '^.+/node_modules/@middy/.+\\.js$': [
      'ts-jest',
      {
        tsconfig: {
          allowJs: true,
          module: 'commonjs',
          target: 'es2022',
          esModuleInterop: true,
          isolatedModules: true,
        },
      },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  setupFiles: ['<rootDir>/test/helpers/jest-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/log-capture.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
