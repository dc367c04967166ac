import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core must not import vscode.' };
const noShells = { regex: '(?:^|/)(?:extension|cli)(?:/|$)', message: 'src/core must not import the extension or the CLI.' };

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
		// The engine is shared by the CLI and the extension: it never depends on VS Code or on either shell.
		files: ['src/core/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noShells] }] },
	},
	{
		// The pure layers compute from what they are given; reading and writing files, the machine and
		// threads belong to library/, sessions/, review/, util/ and the distiller's staging folder.
		files: ['src/core/{secrets,skill,check,rules,fixes,duplicates,distil}/**/*.ts'],
		ignores: ['src/core/distil/proposalStore.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [noVscode, ...['fs', 'fs/promises', 'os', 'worker_threads', 'child_process'].flatMap(name => [name, `node:${name}`])
					.map(name => ({ name, message: 'A pure layer of src/core does no I/O: take what it needs as an argument, or do it in library/, sessions/ or review/.' }))],
				patterns: [noShells],
			}],
		},
	},
	{
		// The review panel's client runs in the webview: it shares the message protocol with the host and nothing else.
		files: ['media/src/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.\\./\\.\\./src/core/review/reviewProtocol$)', message: 'media/src imports only the review protocol (src/core/review/reviewProtocol).' }] }] },
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
	},
);
