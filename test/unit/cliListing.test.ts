import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { ListingSummary } from '../../src/core/listing/listingReport';
import { runCli, skill, temporaryFolder, writeTree } from './support';

/** A library of `count` skills in `.claude/skills`, each with a 179-character description. */
function library(count: number): string {
	const dir = temporaryFolder('listing-');
	const files: Record<string, string> = {};
	for (let i = 0; i < count; i++) {
		const name = `skill-${String(i).padStart(3, '0')}`;
		files[`.claude/skills/${name}/SKILL.md`] = skill('# Body\n', `name: ${name}\ndescription: ${'Handles one kind of task well. Use when that task comes up. '.repeat(3).trim()}`);
	}
	writeTree(dir, files);
	return dir;
}

describe('skill-distiller listing', () => {
	test('Copilot CLI\'s listing of 80 skills in name order, cut at 15,000 characters, as JSON', () => {
		const run = runCli(['listing', '--client', 'copilot-cli', '--format', 'json', '--no-cache', '.'], library(80));
		assert.equal(run.status, 0, run.stderr);
		const { clients } = JSON.parse(run.stdout) as { clients: ListingSummary[] };
		assert.deepEqual(clients.map(client => client.client), ['copilot-cli']);
		const [listing] = clients;
		assert.equal(listing.budget, 15_000);
		assert.equal(listing.used, 15_000);
		assert.deepEqual(listing.rows.slice(76, 79).map(row => [row.name, row.state, row.cost, row.lost]), [
			['skill-076', 'listed', 193, 0], ['skill-077', 'truncated', 139, 53], ['skill-078', 'omitted', 0, 179],
		]);
		assert.equal(listing.cutBefore, 77);
		assert.equal(listing.rows[0].path, '.claude/skills/skill-000/SKILL.md');
	});

	test('as text, the cut is a line of its own; Codex, which does not read .claude/skills, lists nothing', () => {
		const dir = library(80);
		const text = runCli(['listing', '--client', 'copilot-cli', '--no-cache', '.'], dir);
		assert.match(text.stdout, /^Copilot CLI — budget 15,000 characters \(a fixed budget\)\n/);
		assert.match(text.stdout, /skill-076\n {2}─+ the listing ends here: 15,000 characters ─+\n +78 +139 +15,000 +cut short +skill-077 −53 +\(the listing ends inside it\)\n/);
		const codex = JSON.parse(runCli(['listing', '--client', 'codex', '--format', 'json', '--no-cache', '.'], dir).stdout) as { clients: ListingSummary[] };
		assert.deepEqual(codex.clients[0].rows, []);
	});

	test('check reports listing-budget on the skills a targeted client cuts', () => {
		const run = runCli(['check', '--targets', 'claude-code', '--format', 'json', '--no-cache', '.'], library(80));
		const report = JSON.parse(run.stdout) as { diagnostics: { file: string; rule: string; severity: string; message: string }[] };
		const listing = report.diagnostics.filter(diagnostic => diagnostic.rule === 'listing-budget');
		assert.equal(listing.length, 42, 'the last 42 of 80 in name order lose their descriptions in 8,000 characters');
		assert.equal(listing[0].file, '.claude/skills/skill-038/SKILL.md');
		assert.equal(listing[0].severity, 'warning');
	});

	test('an unknown client, or one without a documented budget, is a usage error', () => {
		const run = runCli(['listing', '--client', 'vscode-copilot', '.'], library(1));
		assert.equal(run.status, 2);
		assert.match(run.stderr, /--client takes one of claude-code, codex, copilot-cli \(the clients whose listing budget is documented\), not "vscode-copilot"/);
	});

	test('the context window from the configuration file widens the budget', () => {
		const dir = library(80);
		writeTree(dir, { '.skill-distiller.json': JSON.stringify({ listing: { contextTokens: { 'claude-code': 1_000_000 } } }) });
		const { clients } = JSON.parse(runCli(['listing', '--client', 'claude-code', '--format', 'json', '--no-cache', '.'], dir).stdout) as { clients: ListingSummary[] };
		assert.equal(clients[0].budget, 40_000);
		assert.equal(clients[0].counts['name-only'], 0);
	});
});

describe('cached findings and links between roots', () => {
	test('a link made between two checks is seen by the second, though no skill changed and its findings are cached', () => {
		const dir = temporaryFolder('linked-cache-');
		writeTree(dir, { '.agents/skills/shared/SKILL.md': skill('# Shared\n', 'name: shared\ndescription: Shared by every agent. Use when sharing.') });
		const cache = path.join(temporaryFolder('cache-'), 'cache.json');
		const rules = () => (JSON.parse(runCli(['check', '--targets', 'claude-code,codex', '--format', 'json', '--cache-location', cache, '.'], dir).stdout) as { diagnostics: { rule: string }[] }).diagnostics.map(diagnostic => diagnostic.rule);
		assert.deepEqual(rules(), ['unseen-by-claude-code']);
		assert.deepEqual(rules(), ['unseen-by-claude-code'], 'the same from the cache');
		fs.mkdirSync(path.join(dir, '.claude', 'skills'), { recursive: true });
		fs.symlinkSync(path.join('..', '..', '.agents', 'skills', 'shared'), path.join(dir, '.claude', 'skills', 'shared'));
		assert.deepEqual(rules(), [], 'the link is seen, not the cached finding');
	});
});
