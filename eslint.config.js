import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
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
    // The layers (see the README's "Code layout"): who may import whom, and no import cycles.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './renderer',
              from: './electron',
              message: 'The renderer reaches the app only through the contract (shared/contract) and its transport.',
            },
            {
              target: './shared',
              from: ['./electron', './renderer'],
              message: 'shared/ is the contract and the domain: it depends on neither side.',
            },
            {
              target: './electron/services',
              from: ['./electron/main', './electron/preload', './electron/host', './electron/cli'],
              message: 'Services are plain functions of (ctx, input): no window, transport or CLI.',
            },
            {
              target: './electron/services',
              from: './electron/db/driver',
              except: ['./types.ts', './errors.ts'],
              message:
                'Services get their database handle from the context; drivers belong to electron/db and electron/core.',
            },
            {
              target: './electron/services',
              from: './electron/db/sql.ts',
              message: 'SQL lives in electron/db (repos); services call repo functions.',
            },
            {
              target: './electron/db',
              from: ['./electron/services', './electron/main', './electron/host', './electron/cli'],
              message: 'The database layer depends on nothing above it.',
            },
            {
              target: './electron/core',
              from: ['./electron/main', './electron/preload', './electron/host', './electron/cli'],
              message: 'The dispatcher and its runners serve every transport and depend on none.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services write no SQL and open no transactions: the dispatcher opens the one transaction of a
    // writing channel, and a 'job' channel's writes go through ctx.write, the job runner's.
    files: ['electron/services/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "TaggedTemplateExpression[tag.name='sql']",
          message: 'SQL lives in electron/db (repos); services call repo functions.',
        },
        {
          selector: 'Literal[value=/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|PRAGMA)\\s/i]',
          message: 'SQL lives in electron/db (repos); services call repo functions.',
        },
        {
          selector: 'TemplateElement[value.raw=/^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|PRAGMA)\\s/i]',
          message: 'SQL lives in electron/db (repos); services call repo functions.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(write|read|transaction|exec|prepare)$/][callee.object.property.name='db']",
          message: 'Services open no transactions: the dispatcher does, or the job runner through ctx.write.',
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
    // The shell: the only code that may import Electron (its types, and at run time the app itself).
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'exceljs',
              message: 'Import ExcelJS from electron/services/excel/exceljs.ts: its streaming fix must load first.',
            },
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
    files: ['electron/preload/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
