import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import svelteConfig from './svelte.config.js'

// Layers are enforced here rather than remembered (see README, "Architecture").
const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'Only src-main/electron may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src-main/electron may import electron.' }],
}

export default tseslint.config(
  {
    ignores: [
      '.scratch/',
      'out/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'e2e/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` branch is a deliberate choice; without one, every case must be handled.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, svelteConfig },
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyInShell.paths,
          patterns: [
            ...electronOnlyInShell.patterns,
            {
              group: ['**/src-main/core/**', '**/src-main/server/**', '**/src-main/cli/**'],
              message: 'The renderer talks to the core only through src-main/api.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**'],
    ignores: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', electronOnlyInShell] },
  },
  {
    // The sandboxed preload can load nothing but `electron` (and only these two parts of it are
    // safe to hand a page); everything else it needs is the shared channel constants and types.
    files: ['src-main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'],
              message: 'The preload may use only contextBridge and ipcRenderer.',
            },
          ],
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./api/(channels|contract)$)',
              message: 'The preload may import only electron and src-main/api/{channels,contract}.',
            },
          ],
        },
      ],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern, so a fixture
    // with none must be written `async ({}, use) =>`.
    files: ['e2e/fixtures.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
)
