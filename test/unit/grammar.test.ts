import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, type IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const repository = path.join(__dirname, '..', '..', '..');
const grammarFiles: Record<string, string> = {
	'text.html.markdown': 'test/fixtures/grammars/markdown.tmLanguage.json',
	'source.yaml': 'test/fixtures/grammars/yaml.tmLanguage.json',
	'source.yaml.1.2': 'test/fixtures/grammars/yaml-1.2.tmLanguage.json',
	'source.yaml.embedded': 'test/fixtures/grammars/yaml-embedded.tmLanguage.json',
};
const manifest = JSON.parse(fs.readFileSync(path.join(repository, 'package.json'), 'utf8')) as {
	contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};
for (const grammar of manifest.contributes.grammars) {
	grammarFiles[grammar.scopeName] = grammar.path;
}

/** Markdown as VS Code tokenizes it, with the extension's grammars injected as package.json declares them. */
async function markdownGrammar(): Promise<IGrammar> {
	await loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
	const registry = new Registry({
		onigLib: Promise.resolve({ createOnigScanner: patterns => new OnigScanner(patterns), createOnigString: text => new OnigString(text) }),
		loadGrammar: async scopeName => {
			const file = grammarFiles[scopeName];
			return file ? parseRawGrammar(fs.readFileSync(path.join(repository, file), 'utf8'), file) : null;
		},
		getInjections: scopeName => manifest.contributes.grammars.filter(grammar => grammar.injectTo.includes(scopeName)).map(grammar => grammar.scopeName),
	});
	return await registry.loadGrammar('text.html.markdown') as IGrammar;
}

/** Each token's text with its innermost scopes, line by line. */
function tokenize(grammar: IGrammar, text: string): { text: string; scopes: string }[][] {
	let state = INITIAL;
	return text.split('\n').map(line => {
		const result = grammar.tokenizeLine(line, state);
		state = result.ruleStack;
		return result.tokens.map(token => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes.join(' ') }));
	});
}

function scopesOf(lines: { text: string; scopes: string }[][], line: number, text: string): string {
	const token = lines[line].find(candidate => candidate.text === text);
	assert.ok(token, `line ${line + 1} has a token "${text}": ${JSON.stringify(lines[line])}`);
	return token.scopes;
}

describe('the injected grammars', () => {
	let grammar: IGrammar;
	before(async () => {
		grammar = await markdownGrammar();
	});

	const skillText = [
		'---',
		'name: release-notes',
		'description: Drafts release notes. Use when a release is cut.',
		'status: draft',
		'priority: high',
		'validated: 2026-05-01',
		'metadata:',
		'  status: "stable"',
		'---',
		'',
		'## Learned 2026-04-08',
		'',
		'status: draft',
		'',
		'```yaml',
		'## 2026-04-08',
		'```',
	].join('\n');

	test('colour the lifecycle keys of the frontmatter', () => {
		const lines = tokenize(grammar, skillText);
		assert.match(scopesOf(lines, 3, 'draft'), /meta\.embedded\.block\.frontmatter.*markup\.changed\.lifecycle\.draft\.skill-distiller/);
		assert.match(scopesOf(lines, 3, 'status'), /keyword\.other\.lifecycle\.status\.skill-distiller/);
		assert.match(scopesOf(lines, 4, 'high'), /constant\.language\.lifecycle\.priority\.skill-distiller/);
		assert.match(scopesOf(lines, 5, '2026-05-01'), /constant\.numeric\.date\.lifecycle\.skill-distiller/);
		assert.match(scopesOf(lines, 7, 'stable'), /markup\.inserted\.lifecycle\.stable\.skill-distiller/);
	});

	test('colour the date of a dated section heading', () => {
		const lines = tokenize(grammar, skillText);
		assert.match(scopesOf(lines, 10, '2026-04-08'), /constant\.numeric\.date\.section\.skill-distiller/);
	});

	test('leave the body and code blocks alone', () => {
		const lines = tokenize(grammar, skillText);
		assert.ok(lines[12].every(token => !token.scopes.includes('skill-distiller')), 'a "status: draft" line in the body is plain Markdown');
		assert.ok(lines[15].every(token => !token.scopes.includes('skill-distiller')), 'a dated heading inside a code block is code');
	});
});
