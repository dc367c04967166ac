import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { profileIds, type ProfileId } from '../../src/core/check/profiles';
import { at, byRule, expectFinding, findingsOf, none, single, testConfig } from './support';

const description = 'description: Fills in PDF forms. Use when a PDF form must be completed.';

function pdfSkill(frontmatter: string): { folder: string; text: string } {
	return { folder: 'pdf-forms', text: `---\n${frontmatter}\n---\n\n# PDF forms\n\nRead the form, then fill each field.\n` };
}

const inProfile = (profile: ProfileId, frontmatter: string) => findingsOf(pdfSkill(frontmatter), testConfig({ profile }));

describe('profiles', () => {
	test('every profile accepts a spec-clean skill without findings', () => {
		for (const profile of profileIds) {
			assert.deepEqual(inProfile(profile, `name: pdf-forms\n${description}\nlicense: MIT\nmetadata:\n  owner: docs-team`), [], profile);
		}
	});

	test('claude-code turns name-missing off, while default reports it as an error', () => {
		none(inProfile('claude-code', description), 'name-missing');
		assert.equal(single(inProfile('default', description), 'name-missing').severity, 'error');
	});

	test('vscode-copilot reports a missing name as a warning', () => {
		expectFinding(single(inProfile('vscode-copilot', description), 'name-missing'), 'name-missing', 'warning', at(1, 1, 3), /no `name`/);
	});

	test('claude-code knows Claude Code\'s own fields; codex and vscode-copilot do not know `model`', () => {
		const frontmatter = `name: pdf-forms\n${description}\nmodel: sonnet\nwhen_to_use: A form arrives.`;
		assert.deepEqual(byRule(inProfile('claude-code', frontmatter), 'unknown-field'), []);
		const codex = byRule(inProfile('codex', frontmatter), 'unknown-field');
		assert.deepEqual(codex.map(f => [f.line, f.severity, f.message]), [
			[4, 'info', '`model` is not a field the codex profile knows; move it under `metadata:` or remove it'],
			[5, 'info', '`when_to_use` is not a field the codex profile knows; move it under `metadata:` or remove it'],
		]);
		assert.deepEqual(byRule(inProfile('vscode-copilot', frontmatter), 'unknown-field').map(f => f.line), [4, 5]);
	});

	test('vscode-copilot knows VS Code\'s fields, codex does not', () => {
		const frontmatter = `name: pdf-forms\n${description}\nargument-hint: <form.pdf>\nuser-invocable: true`;
		none(inProfile('vscode-copilot', frontmatter), 'unknown-field');
		assert.equal(byRule(inProfile('codex', frontmatter), 'unknown-field').length, 2);
	});

	test('strict makes unknown-field a warning, for client fields too', () => {
		const findings = inProfile('strict', `name: pdf-forms\n${description}\ntags: [pdf]\nmodel: sonnet`);
		assert.deepEqual(byRule(findings, 'unknown-field').map(f => [f.line, f.severity]), [[4, 'warning'], [5, 'warning']]);
		assert.match(single(inProfile('strict', `name: pdf-forms\n${description}\ntags: [pdf]`), 'unknown-field').message, /`tags` is not a field the strict profile knows/);
	});

	test('strict wants lifecycle keys under `metadata`, and says so on each top-level one', () => {
		const findings = inProfile('strict', `name: pdf-forms\n${description}\nstatus: draft\npriority: high\ncreated: 2026-11-20`);
		const unknown = byRule(findings, 'unknown-field');
		assert.deepEqual(unknown.map(f => f.line), [4, 5, 6]);
		expectFinding(unknown[0], 'unknown-field', 'warning', at(4, 1, 6), /^lifecycle key `status` belongs under `metadata:` \(as a string\) in the strict profile$/);
	});

	test('strict accepts lifecycle keys under `metadata` and still reads them', () => {
		const findings = inProfile('strict', `name: pdf-forms\n${description}\nmetadata:\n  status: draft\n  created: "2026-09-01"`);
		none(findings, 'unknown-field');
		assert.match(single(findings, 'stale-draft').message, /a draft since 2026-09-01/);
	});

	test('the default profile accepts lifecycle keys at the top level', () => {
		none(inProfile('default', `name: pdf-forms\n${description}\nstatus: draft\npriority: high\ncreated_from: session about tax forms\ncreated: 2026-11-20`), 'unknown-field');
	});

	test('an explicit severity wins over the profile', () => {
		const config = testConfig({ profile: 'claude-code', rules: { 'name-missing': 'error' } });
		assert.equal(single(findingsOf(pdfSkill(description), config), 'name-missing').severity, 'error');
		const strictInfo = testConfig({ profile: 'strict', rules: { 'unknown-field': 'info' } });
		assert.equal(single(findingsOf(pdfSkill(`name: pdf-forms\n${description}\ntags: [pdf]`), strictInfo), 'unknown-field').severity, 'info');
	});

	test('description limits do not differ between profiles', () => {
		const long = `name: pdf-forms\ndescription: ${'Fills forms. '.repeat(80).trim()}`;
		for (const profile of profileIds) {
			assert.equal(single(inProfile(profile, long), 'description-too-long').severity, 'error', profile);
		}
	});
});
