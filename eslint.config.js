// Lint rules, including the import table that keeps the layers apart (CONVENTIONS.md):
// core/ is pure; renderer/ may use core/ but no Node or Electron; electron/ never imports renderer/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'stream', 'http', 'https', 'net'];
const uiAndShell = [
  'electron',
  'electron/*',
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  'monaco-editor',
  'monaco-editor/*',
  'recharts',
];

export default tseslint.config(
  { ignores: ['node_modules/', '.tsbuild/', 'dist/', 'out/', 'test-results/', '.scratch/', 'release/', 'fixtures/**/evidence/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['bin/**', 'scripts/**', 'node/**', 'cli/**', 'test/**', 'bench/**', 'fixtures/**', '**/*.test.ts', '*.config.*'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'core/ is pure: reach the platform through a port in core/ports.ts.' },
            { group: uiAndShell, message: 'core/ imports nothing from Electron or the UI.' },
            { group: ['**/electron/**', '**/renderer/**', '**/node/**', '**/cli/**'], message: 'core/ depends on no other layer.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node access: ask the main process through the API contract.' },
            { group: ['electron', 'electron/*'], message: 'The renderer never imports Electron: use the API contract.' },
            { group: ['**/electron/**', '**/node/**', '**/cli/**'], message: 'The renderer may import core/ only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'electron/ never imports the renderer.' }] }],
    },
  },
);
