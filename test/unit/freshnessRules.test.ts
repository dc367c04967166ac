import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { at, byRule, expectFinding, findingsOf, none, single, skill, testConfig, testToday } from './support';

const bodyStart = 5;
const frontmatter = 'name: my-skill\ndescription: Deploys the service. Use when a release is due.';

/** The ISO date `days` days before the tests' fixed today. */
function daysAgo(days: number): string {
	return new Date(Date.parse(testToday) - days * 86_400_000).toISOString().slice(0, 10);
}

describe('time-sensitive', () => {
	test('fires on "as of" with a date, spanning the phrase, and does not also call the date stale', () => {
		const findings = findingsOf({ text: skill('# Deploys\n\nAs of 2026-04-04 the API returns JSON.\n') });
		expectFinding(single(findings, 'time-sensitive'), 'time-sensitive', 'warning', at(bodyStart + 2, 1, 16), /"As of 2026-04-04" will go stale: state the version or condition instead of the moment/);
		none(findings, 'stale-date');
	});

	test('fires on each kind of phrase the catalog names', () => {
		const lines = [
			'If you deploy before August 2025, use the old runner.',
			'Node 22 is currently the latest LTS.',
			'At the time of writing the flag is required.',
			'The recently released v3 client changes retries.',
		];
		const findings = findingsOf({ text: skill(`# Deploys\n\n${lines.join('\n\n')}\n`) });
		assert.deepEqual(byRule(findings, 'time-sensitive').map(f => [f.line, f.column, f.message.match(/^"([^"]+)"/)?.[1]]), [
			[bodyStart + 2, 15, 'before August 2025'],
			[bodyStart + 4, 12, 'currently the latest'],
			[bodyStart + 6, 1, 'At the time of writing'],
			[bodyStart + 8, 5, 'recently released'],
		]);
	});

	test('does not fire on "latest" in an instruction, on "before" without a date, or inside code', () => {
		const body = [
			'# Deploys', '',
			'Install the latest version with `npm i deployer@latest`.', '',
			'Run the linter before you commit.', '',
			'Write `as of 2026-04-04` in the changelog only.', '',
			'```text', 'As of 2026-04-04 the API returns JSON.', '```',
		].join('\n');
		none(findingsOf({ text: skill(body + '\n') }), 'time-sensitive');
	});
});

describe('stale-date', () => {
	test('fires on a date in prose older than 180 days, as info on the date', () => {
		const findings = findingsOf({ text: skill('# Deploys\n\nThe endpoint moved on 2026-03-01 to the new region.\n') });
		expectFinding(single(findings, 'stale-date'), 'stale-date', 'info', at(bodyStart + 2, 23, 10), /dated 2026-03-01 \(265 days ago\): re-check the statement/);
	});

	test('measures a month from its last day and describes old dates in years', () => {
		const findings = findingsOf({ text: skill('# Deploys\n\nThe runner image was rebuilt in March 2024.\n') });
		expectFinding(single(findings, 'stale-date'), 'stale-date', 'info', at(bodyStart + 2, 33, 10), /dated March 2024 \(2 years ago\)/);
	});

	test('fires from 181 days, not at 180', () => {
		const old = findingsOf({ text: skill(`# Deploys\n\nChecked on ${daysAgo(181)}.\n`) });
		assert.match(single(old, 'stale-date').message, /\(181 days ago\)/);
		none(findingsOf({ text: skill(`# Deploys\n\nChecked on ${daysAgo(180)}.\n`) }), 'stale-date');
	});

	test('does not fire on dates in headings, in an Iteration Log, in code or on recent dates', () => {
		const body = [
			'# Deploys', '',
			'## Migration of 2025-01-10', '',
			`Checked on ${daysAgo(30)}.`, '',
			'Run `backup --since 2025-01-01` first.', '',
			'```bash', 'deploy --cutoff 2025-02-02', '```', '',
			'## Iteration Log', '',
			'- 2025-03-04: validated on the billing service.',
			'- 2025-06-07: added the rollback step.',
		].join('\n');
		none(findingsOf({ text: skill(body + '\n') }), 'stale-date');
	});

	test('is checked again after the Iteration Log ends', () => {
		const body = ['# Deploys', '', '## Iteration Log', '', '- 2025-03-04: validated.', '', '## Rollback', '', 'Rolled back on 2025-03-04.'].join('\n');
		assert.equal(single(findingsOf({ text: skill(body + '\n') }), 'stale-date').line, bodyStart + 8);
	});
});

describe('stale-validation', () => {
	test('fires on a `validated:` date older than 180 days, on its value', () => {
		const findings = findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nvalidated: 2026-01-15`) });
		expectFinding(single(findings, 'stale-validation'), 'stale-validation', 'info', at(4, 12, 10), /last validated 2026-01-15, 310 days ago: re-run the skill on a real task and update `validated:`/);
	});

	test('reads `validated` under `metadata` as a string', () => {
		const findings = findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nmetadata:\n  validated: "2026-01-15"`) });
		expectFinding(single(findings, 'stale-validation'), 'stale-validation', 'info', at(5, 14, 12), /last validated 2026-01-15/);
	});

	test('does not fire on a recent validation', () => {
		none(findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nvalidated: ${daysAgo(60)}`) }), 'stale-validation');
	});
});

describe('stale-draft', () => {
	test('fires on a draft created more than 30 days ago, on the `status` value', () => {
		const created = daysAgo(40);
		const findings = findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nstatus: draft\ncreated: ${created}`) });
		expectFinding(single(findings, 'stale-draft'), 'stale-draft', 'info', at(4, 9, 5), new RegExp(`a draft since ${created} \\(40 days\\): validate it on a real task`));
	});

	test('falls back to a date in `created_from`, then to the file\'s modification date', () => {
		const fromSession = findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nstatus: draft\ncreated_from: session 2026-08-01 about flaky deploys`) });
		assert.match(single(fromSession, 'stale-draft').message, /a draft since 2026-08-01/);
		const fromFile = findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nstatus: draft`), modified: '2026-09-01' });
		assert.match(single(fromFile, 'stale-draft').message, /a draft since 2026-09-01 \(81 days\)/);
	});

	test('does not fire on a young draft or on an old stable skill', () => {
		none(findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nstatus: draft\ncreated: ${daysAgo(10)}`) }), 'stale-draft');
		none(findingsOf({ text: skill('# Deploys\n', `${frontmatter}\ncreated: 2025-01-01`), modified: '2025-01-01' }), 'stale-draft');
	});

	test('honours maxAgeDays', () => {
		const config = testConfig({ rules: { 'stale-draft': { maxAgeDays: 5 } } });
		assert.match(single(findingsOf({ text: skill('# Deploys\n', `${frontmatter}\nstatus: draft\ncreated: ${daysAgo(10)}`) }, config), 'stale-draft').message, /\(10 days\)/);
	});
});
