import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

// Imports point one way: media <- simulators <- harness -> reports.
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
            { target: './media', from: ['./simulators', './harness', './reports'], message: 'media/ imports nothing of camlab' },
            { target: './simulators', from: ['./harness', './reports'], message: 'simulators/ never import the harness or reports' },
            { target: './reports', from: ['./simulators', './media'], message: 'reports/ render a RunResult from harness/ only' },
          ],
        },
      ],
    },
  },
);
