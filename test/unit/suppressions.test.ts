import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/core/check/config';
import { byRule, checkSkills, expectFinding, findingsOf, none, runCli, single, skill, temporaryFolder, testConfig, writeTree } from './support';

const keyLine = 'export OPENAI_API_KEY=sk-proj-4fT9xQ2mZ7LwB8vR1cN6yH3kJ5pD0sEa';

describe('inline suppressions', () => {
	test('disable-next-line with a reason suppresses that rule on the next line only', () => {
		const findings = findingsOf({ text: skill(`# Keys\n\n<!-- skill-distiller-disable-next-line secret -- a revoked key kept as a test fixture -->\n${keyLine}\n\n${keyLine}\n`) });
		assert.equal(single(findings, 'secret').line, 10, 'the second key, two lines below the comment, is still reported');
		none(findings, 'invalid-suppression');
	});

	test('a file-level disable suppresses the rule everywhere in the file, several rules at once', () => {
		const findings = findingsOf({ text: skill(`# Keys\n\n<!-- skill-distiller-disable secret, hardcoded-path -- a fixture library for the scanner's tests -->\n\n${keyLine}\n\nRun /home/alice/tool.\n\n${keyLine}\n`) });
		none(findings, 'secret');
		none(findings, 'hardcoded-path');
	});

	test('suppresses a cross-skill finding too', () => {
		const text = (extra: string) => skill(`# Forms\n${extra}\nThis skill covers forms.\n`, 'name: forms\ndescription: Fills forms. Use when forms come.');
		const [first, second] = checkSkills([
			{ folder: 'forms', text: text('\n<!-- skill-distiller-disable duplicate-name -- the team copy overrides this one on purpose -->\n') },
			{ folder: 'forms-copy', text: text('') },
		]);
		none(first, 'duplicate-name');
		single(second, 'duplicate-name');
	});

	test('without a reason, or naming no known rule, it is reported and suppresses nothing', () => {
		const findings = findingsOf({ text: skill(`# Keys\n\n<!-- skill-distiller-disable-next-line secret -->\n${keyLine}\n<!-- skill-distiller-disable-next-line no-such-rule -- because -->\n${keyLine}\n<!-- skill-distiller-disable -- no rule here -->\n`) });
		assert.equal(byRule(findings, 'secret').length, 2);
		const invalid = byRule(findings, 'invalid-suppression');
		assert.deepEqual(invalid.map(finding => [finding.line, finding.severity, finding.message]), [
			[7, 'warning', 'this suppression gives no reason (write it after " -- "), so it suppresses nothing'],
			[9, 'warning', 'this suppression names "no-such-rule", which is no rule, so it suppresses nothing'],
			[11, 'warning', 'this suppression names no rule, so it suppresses nothing'],
		]);
		expectFinding(invalid[0], 'invalid-suppression', 'warning', { line: 7, column: 1, endLine: 7, endColumn: 1 + '<!-- skill-distiller-disable-next-line secret -->'.length }, /no reason/);
	});

	test('a comment inside a code block is an example, not a suppression', () => {
		const findings = findingsOf({ text: skill(`# Keys\n\n\`\`\`markdown\n<!-- skill-distiller-disable secret -- documented -->\n\`\`\`\n\n${keyLine}\n`) });
		single(findings, 'secret');
	});

	test('are ignored, reasons and all, when inline configuration is off', () => {
		const text = skill(`# Keys\n\n<!-- skill-distiller-disable-next-line secret -- a fixture -->\n${keyLine}\n<!-- skill-distiller-disable secret -->\n`);
		const findings = findingsOf({ text }, testConfig({ noInlineConfig: true }));
		single(findings, 'secret');
		none(findings, 'invalid-suppression');
	});
});

describe('configured suppressions', () => {
	test('a suppression with a reason hides the rule in every skill, or only in the skills named', () => {
		const time = (folder: string) => ({ folder, text: skill('# Notes\n\nAs of 2026-04-04 the API is stable.\n', `name: ${folder}\ndescription: Notes on ${folder}. Use when ${folder} comes up.`) });
		const everywhere = checkSkills([time('alpha'), time('beta')], testConfig({ suppress: [{ rule: 'time-sensitive', reason: 'release notes are dated on purpose' }] }));
		everywhere.forEach(found => none(found, 'time-sensitive'));
		const named = checkSkills([time('alpha'), time('beta')], testConfig({ suppress: [{ rule: 'time-sensitive', reason: 'dated on purpose', skills: ['alpha'] }] }));
		none(named[0], 'time-sensitive');
		single(named[1], 'time-sensitive');
	});

	test('an entry without a reason suppresses nothing and is said to', () => {
		const config = testConfig({ suppress: [{ rule: 'time-sensitive', reason: ' ' }] });
		assert.deepEqual(config.suppress, []);
		assert.deepEqual(config.suppressProblems, ['the suppression of time-sensitive (entry 1 of "suppress") gives no "reason", so it suppresses nothing']);
		single(findingsOf({ text: skill('# Notes\n\nAs of 2026-04-04 the API is stable.\n') }, config), 'time-sensitive');
	});

	test('a malformed list or an unknown rule is a configuration error', () => {
		assert.throws(() => testConfig({ suppress: 'secret' as never }), ConfigError);
		assert.throws(() => testConfig({ suppress: [{ rule: 'no-such-rule', reason: 'x' }] }), /must name a rule of the catalog/);
		assert.throws(() => testConfig({ distinct: [['only-one']] }), /pairs of skill names/);
	});
});

describe('skill-distiller check and suppressions', () => {
	function library(): string {
		const dir = temporaryFolder('suppress-');
		writeTree(dir, {
			'.git/HEAD': '',
			'skills/keys/SKILL.md': skill(`# Keys\n\n<!-- skill-distiller-disable-next-line secret -- a revoked key kept as a scanner fixture -->\n${keyLine}\n`, 'name: keys\ndescription: Documents keys. Use when keys come up.'),
			'skills/notes/SKILL.md': skill('# Notes\n\nAs of 2026-04-04 the API is stable.\n', 'name: notes\ndescription: Notes. Use when notes come up.'),
			'.skill-distiller.json': JSON.stringify({ suppress: [{ rule: 'time-sensitive', reason: 'dated on purpose' }, { rule: 'stale-date' }] }),
		});
		return dir;
	}

	test('--format json counts what was suppressed, and a reasonless entry is reported on the configuration file', () => {
		const dir = library();
		const run = runCli(['check', '--format', 'json', '--no-cache'], dir);
		const report = JSON.parse(run.stdout) as { diagnostics: { file: string; rule: string; message: string }[]; summary: { suppressed: unknown } };
		assert.deepEqual(report.summary.suppressed, { total: 2, inline: 1, config: 1, byRule: { 'secret': 1, 'time-sensitive': 1 } });
		assert.deepEqual(report.diagnostics.map(finding => [finding.file, finding.rule]), [['.skill-distiller.json', 'invalid-suppression']]);
		assert.equal(run.status, 0);
	});

	test('--no-inline-config reports what SKILL.md comments suppressed; the configuration still applies', () => {
		const dir = library();
		const run = runCli(['check', '--format', 'json', '--no-cache', '--no-inline-config'], dir);
		const report = JSON.parse(run.stdout) as { diagnostics: { rule: string }[]; summary: { suppressed: { inline: number; config: number } } };
		assert.ok(report.diagnostics.some(finding => finding.rule === 'secret'));
		assert.deepEqual([report.summary.suppressed.inline, report.summary.suppressed.config], [0, 1]);
		assert.equal(run.status, 1);
		const text = runCli(['check', '--no-cache'], dir);
		assert.match(text.stdout, /, 2 suppressed\)/);
		assert.ok(fs.existsSync(path.join(dir, '.skill-distiller.json')));
	});
});
