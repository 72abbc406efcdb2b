// Lint as the Temporal samples do: floating promises are errors everywhere, and workflow code
// (the sandbox) may not import Node built-ins or activity code.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'docs/**', '.data/**', 'client/bin/**', 'client/dashboard/**', 'bench/results/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'machines/**/*.ts', 'deadlines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins cannot run in the workflow sandbox (and charts/deadlines must stay pure).' })),
          patterns: [{ group: ['**/activities/**', '**/worker/**', '**/client/**'], message: 'workflow code imports activities as types only, from workflows/activity-types.ts' }],
        },
      ],
    },
  },
);
