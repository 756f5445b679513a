import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

// Imports point one way: media <- simulators <- harness -> reports. Inside harness, only the
// command line (harness/cli) imports cli: the rest of the harness hands back results, never
// exit codes.
export default tseslint.config(
  { ignores: ['node_modules/**', '.camlab/**', 'reports/out/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { import: importPlugin },
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './media',
              from: ['./simulators', './harness', './reports'],
              message: 'media/ imports nothing of camlab',
            },
            {
              target: './simulators',
              from: ['./harness', './reports'],
              message: 'simulators/ never import the harness or reports',
            },
            {
              target: './reports',
              from: ['./harness', './simulators', './media'],
              message: 'reports/ render a RunResult (reports/run-result.ts) and import nothing else of camlab',
            },
            {
              target: ['./harness/!(cli)/**/*', './harness/*'],
              from: './harness/cli',
              message: 'only the command line imports harness/cli; return results, let the CLI choose exit codes',
            },
          ],
        },
      ],
    },
  },
);
