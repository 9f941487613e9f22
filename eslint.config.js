import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'shared/catalog/regions.data.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/db/**', 'electron/services/**', 'electron/core/**', 'shared/**'],
    rules: {
      // Services, the database layer and the contract run under plain Node: never Electron.
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may use Electron.' }] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts'],
    ignores: ['electron/services/excel/exceljs.ts', 'electron/services/excel/exceljsFix.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'exceljs',
              message: 'Import ExcelJS from electron/services/excel/exceljs.ts: its streaming fix must load first.',
            },
            { name: 'electron', message: 'Only electron/main and electron/preload may use Electron.' },
          ],
        },
      ],
    },
  },
  {
    // Every connection of the app, the CLI and the workers is opened by electron/db/connection.ts, which
    // sets synchronous = FULL on it; a connection opened anywhere else would commit less durably.
    files: ['electron/**/*.ts'],
    ignores: [
      'electron/db/connection.ts',
      'electron/services/excel/exceljs.ts',
      'electron/services/excel/exceljsFix.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'exceljs',
              message: 'Import ExcelJS from electron/services/excel/exceljs.ts: its streaming fix must load first.',
            },
            { name: 'electron', message: 'Only electron/main and electron/preload may use Electron.' },
            {
              name: 'better-sqlite3',
              allowTypeImports: true,
              message:
                'Open connections with openDatabase/openRaw from electron/db/connection.ts (synchronous = FULL).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['electron/preload/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
