// Lint gates: strict TypeScript rules, no floating promises, no `any`, and
// the layer boundary: shared/ is the domain core and may not import the UI,
// Electron or charting libraries (it runs in Node and in a Web Worker).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist-renderer/', 'dist-electron/', 'release/', 'test-results/', 'playwright-report/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*'], message: 'shared/ is UI-free.' },
            { group: ['electron', 'electron/*'], message: 'shared/ runs without Electron.' },
            { group: ['echarts', 'echarts/*', 'ag-grid-*'], message: 'shared/ has no charting or grid code.' },
            { group: ['node:*', 'fs', 'path', 'os'], message: 'shared/ also runs in a Web Worker: no Node built-ins.' },
            { group: ['../renderer/*', '../electron/*', '../../renderer/*', '../../electron/*'], message: 'Dependencies point one way.' },
          ],
        },
      ],
    },
  },
  {
    // Tests beside the code may read fixtures from disk.
    files: ['shared/**/*.test.ts', 'shared/**/bench-*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
