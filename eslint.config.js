import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import { layerZones } from './eslint.layers.js';

// Browser-only globals that shared code must not touch (it also runs in the core and the server).
const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'HTMLElement',
  'Element',
  'Node',
  'Event',
  'CustomEvent',
  'requestAnimationFrame',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'coverage/**',
      'test-results/**',
      'artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'never' },
      ],
      'no-undef': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Which layer may import which (ARCHITECTURE.md). eslint-plugin-import-x's no-restricted-paths is
  // used because it judges the file an import resolves to, not how the path is spelled: `../index`
  // or `../../renderer/src/x` are caught alike, with no folder-name patterns to keep in step.
  // no-unresolved makes sure no import escapes the check by failing to resolve.
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json', '.node'] }),
      ],
    },
    rules: {
      'import-x/no-unresolved': 'error',
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: layerZones({ tests: false }) },
      ],
    },
  },
  {
    // Tests may reach across one more edge to build real things: a core test starts the real
    // server, a renderer test runs the real core, a web host test drives the renderer's bridge.
    files: ['**/*.test.{ts,tsx}', '**/test/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: layerZones({ tests: true }) },
      ],
    },
  },
  {
    // The core and the hosts that run it in plain Node (web host, server) never load Electron.
    files: ['src/main/core/**/*.ts', 'src/webhost/**/*.ts', 'server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Core code must not import electron; inject an adapter.' }] },
      ],
    },
  },
  {
    // Services return domain results; the routes choose the HTTP status.
    files: ['server/src/services/**/*.ts', 'server/src/repo/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Property[key.name="statusCode"]',
          message: 'Services and repositories return domain results; the route maps them to HTTP.',
        },
      ],
    },
  },
  {
    // Shared contracts run in every process: no Electron, no Node built-ins, no DOM.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src/shared runs in every process: no electron.' },
            ...builtinModules.map((name) => ({
              name,
              message: 'src/shared runs in every process: no Node built-ins.',
            })),
          ],
          patterns: [{ group: ['node:*'], message: 'src/shared runs in every process: no Node built-ins.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...DOM_GLOBALS.map((name) => ({ name, message: 'src/shared runs in every process: no DOM.' })),
      ],
    },
  },
  {
    // The renderer is a web page: it reaches the app only through window.api.
    files: ['src/renderer/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks only to window.api.' },
            ...builtinModules.map((name) => ({
              name,
              message: 'The renderer is a web page: no Node built-ins.',
            })),
          ],
          patterns: [{ group: ['node:*'], message: 'The renderer is a web page: no Node built-ins.' }],
        },
      ],
    },
  },
);
