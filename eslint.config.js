// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import { builtinModules } from 'node:module'

/**
 * DESIGN.md §1's dependency rules, as import restrictions. Imports are relative, so the rules match the
 * resolved layer name in the import path. test/architecture/dependency-rules.test.ts checks the same rules
 * independently of ESLint.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
const electron = {
  name: 'electron',
  message: 'Only src/main/index.ts, src/main/ipc/ and src/preload/ import electron.',
}
const layer = (name, message) => ({ regex: `(^|/)${name}(/|$)`, message })

/**
 * The service folders of src/main/services in layers, lowest first: a folder imports only folders of lower
 * layers, so there is no import cycle between folders (test/architecture/dependency-rules.test.ts finds
 * cycles independently). A folder that needs one of its own layer or above moves up, or the shared piece
 * moves down (firmware/ holds the images and resets that flash, toolchain and virtual-boards all use).
 */
const SERVICE_LAYERS = [
  ['system'],
  ['serial', 'project', 'jobs', 'settings', 'app', 'devices'],
  ['firmware', 'dataset', 'monitor', 'doctor'],
  ['toolchain', 'train'],
  ['virtual-boards', 'compress', 'demo', 'tune', 'anomaly'],
  ['flash'],
  ['capture'],
  ['export'],
]
const mainRestrictions = {
  paths: [electron],
  patterns: [layer('renderer', 'main never imports the renderer.')],
}
/** One config per service folder: the main-process rules plus no import of its own layer or above. */
const serviceLayerConfigs = SERVICE_LAYERS.flatMap((folders, rank) =>
  folders.map((folder) => {
    const above = SERVICE_LAYERS.slice(rank)
      .flat()
      .filter((other) => other !== folder)
    return {
      files: [`src/main/services/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            ...mainRestrictions,
            patterns: [
              ...mainRestrictions.patterns,
              ...above.map((other) => ({
                regex: `^(\\.\\./)+${other}(/|$)`,
                message: `services/${folder} may not import services/${other}: folders import only lower layers (SERVICE_LAYERS in eslint.config.js), so none import each other.`,
              })),
            ],
          },
        ],
      },
    }
  }),
)

const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'HTMLElement',
  'fetch',
]

/** The renderer's import limits, with `extra` patterns for a part of it. */
const rendererImports = (extra) => ({
  paths: [
    electron,
    ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is sandboxed: no Node built-ins.' })),
  ],
  patterns: [
    layer('main', 'The renderer talks to main only through the API client (src/renderer/api).'),
    layer('preload', 'The renderer sees the bridge only through src/shared/rpc/bridge.ts.'),
    layer('cli', 'The renderer does not import the CLI.'),
    ...extra,
  ],
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'resources/**/*.js',
      'coverage/**',
      '.cache/**',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'vue/multi-word-component-names': 'off',
      // TypeScript checks names; ESLint's no-undef does not know DOM or Node types.
      'no-undef': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/core runs in browsers and workers: no Node built-ins.',
            })),
          ],
          patterns: [
            layer('main', 'src/core imports nothing of ours but src/shared.'),
            layer('renderer', 'src/core imports nothing of ours but src/shared.'),
            layer('preload', 'src/core imports nothing of ours but src/shared.'),
            layer('cli', 'src/core imports nothing of ours but src/shared.'),
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals, 'process', 'Buffer', '__dirname', 'require'],
      'no-console': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/shared is types and schemas for every process.',
            })),
          ],
          patterns: [
            layer('main', 'src/shared imports nothing of ours.'),
            layer('renderer', 'src/shared imports nothing of ours.'),
            layer('core', 'src/shared imports nothing of ours.'),
            layer('preload', 'src/shared imports nothing of ours.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}'],
    rules: { 'no-restricted-imports': ['error', rendererImports([])] },
  },
  {
    // DESIGN.md §7.8: views and components render what stores hold; only stores call the API client.
    files: ['src/renderer/views/**/*.vue', 'src/renderer/components/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        rendererImports([
          {
            regex: '^(\\.\\./)+api(/|$)',
            message: 'Views and components call stores; stores call the API client.',
          },
        ]),
      ],
    },
  },
  {
    // Every visible string goes through vue-i18n (English and 简体中文 both complete).
    files: ['src/renderer/**/*.vue'],
    rules: {
      'vue/no-bare-strings-in-template': [
        'error',
        {
          allowlist: [
            '(',
            ')',
            ',',
            '.',
            '&',
            '+',
            '-',
            '=',
            '*',
            '/',
            '#',
            '%',
            '!',
            '?',
            ':',
            '[',
            ']',
            '{',
            '}',
            '<',
            '>',
            '•',
            '·',
            '|',
            '✓',
            '✗',
            '◆',
            '—',
            '…',
            'v',
            'English',
            '简体中文',
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layer('main', 'The preload imports only src/shared.'),
            layer('core', 'The preload imports only src/shared.'),
            layer('renderer', 'The preload imports only src/shared.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/ipc/**'],
    rules: {
      'no-restricted-imports': ['error', mainRestrictions],
    },
  },
  ...serviceLayerConfigs,
  prettier,
)
