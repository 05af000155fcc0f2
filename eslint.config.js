// `npm run lint`: type-aware checks that matter here, not a style guide (formatting is left to the editor).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What domain/ may not touch (STYLE 1): no I/O, no SDKs, no outer layers. */
const domainImports = {
  patterns: [
    { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', 'aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'domain/ is pure: no AWS SDK, Powertools or CDK (STYLE 1).' },
    { group: ['node:*', 'fs', 'fs/*', 'http', 'https', 'net', 'child_process', 'os', 'crypto', 'worker_threads'], message: 'domain/ does no I/O and has no randomness (STYLE 1).' },
    { group: ['**/adapters/*', '**/app/*', '**/functions/*', '**/api/*', '**/local/*', '**/infra/*', '**/cli/*', '**/bench/*', '**/templates/*'], message: 'domain/ depends on nothing outside domain/ (the functional core).' },
  ],
};

/** `import { z } from 'zod'` keeps all of zod (locales, JSON Schema) in every bundle; the namespace import tree-shakes. */
const zodImport = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
  message: "Use `import * as z from 'zod'`: the named `z` keeps all of zod in every bundle (bench/bundles.ts).",
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.bench/', '.ci/', '.scratch/', 'coverage/', 'dist/', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Every switch over a union is closed (STYLE 2): a new event type or trigger kind must be handled everywhere.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-syntax': ['error', zodImport],
      // Input validation rejects control characters on purpose (api/schemas.ts).
      'no-control-regex': 'off',
      // Worth fixing, not worth failing CI over: reported as warnings.
      'preserve-caught-error': 'warn',
      'no-useless-assignment': 'warn',
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: ['domain/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', domainImports],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'domain/ reads no environment: configuration is passed in (STYLE 1, 9).' },
        { object: 'Date', property: 'now', message: 'domain/ has no clock: the time is a parameter (R-TIME-04).' },
        { object: 'Math', property: 'random', message: 'domain/ is deterministic.' },
      ],
      'no-restricted-syntax': ['error', zodImport, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ has no clock: `new Date()` without an argument reads it (R-TIME-04).' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ does no I/O.' }, { name: 'setTimeout', message: 'domain/ does not schedule.' }],
    },
  },
);
