import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'media/dist/**', 'node_modules/**', 'test/fixtures/**', '.cache/**', '.bench/**', '.vscode-test/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			'@typescript-eslint/no-floating-promises': ['error', {
				// node:test's test() and describe() return promises the runner itself awaits.
				allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }],
			}],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			// TypeScript resolves every name itself, with the right globals per project (DOM in media/).
			'no-undef': 'off',
			'eqeqeq': ['error', 'always'],
			'curly': 'error',
		},
	},
	{
		// The engine is shared by the CLI and the extension: it must never depend on VS Code.
		files: ['src/core/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }] }] },
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
	},
);
