// Lint rules, including the layering the architecture depends on: resolvers never reach the
// database layer, a module is imported only through its index.ts, and only src/config.ts reads
// process.env.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { moduleBoundaries } from './eslint/module-boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.data',
      'src/graphql/generated',
      'drizzle',
      'coverage',
      'test/artifacts',
      'reports',
      '.stryker-tmp',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Blob: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config.ts.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { leopard: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: { 'leopard/module-boundaries': 'error' },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'scripts/**', '*.config.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/modules/*/resolvers.ts', 'src/modules/*/resolvers/**/*.ts', 'src/graphql/**/*.ts'],
    ignores: ['src/graphql/loaders.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*'],
              message: 'Resolvers delegate to selectors and services; they never touch the database.',
            },
            {
              group: ['**/db/*', '!**/db/paging.js'],
              allowTypeImports: true,
              message: 'Resolvers delegate to selectors and services; they never touch the database.',
            },
          ],
        },
      ],
    },
  },
);
