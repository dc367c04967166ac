import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, markdownlintRules, resolveConfig, type UserConfig } from '../../src/core/check/config';
import { ruleCatalog } from '../../src/core/rules/catalog';
import { byRule, checkSkills, findingsOf, none, repoRoot, single, skill, testConfig } from './support';

const description = 'description: Fills in PDF forms. Use when a PDF form must be completed.';
const mismatched = { folder: 'pdf-forms', text: skill('# Forms\n', `name: pdf-filler\n${description}`) };

/** Asserts that a configuration is refused with a message matching `message`. */
function refused(user: unknown, message: RegExp): void {
	assert.throws(() => resolveConfig(user as UserConfig), (error: unknown) => {
		assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
		assert.match(error.message, message);
		return true;
	});
}

describe('severity overrides', () => {
	test('a severity string changes a rule\'s severity', () => {
		assert.equal(single(findingsOf(mismatched, testConfig({ rules: { 'name-mismatch': 'error' } })), 'name-mismatch').severity, 'error');
	});

	test('`off` drops a rule\'s findings', () => {
		none(findingsOf(mismatched, testConfig({ rules: { 'name-mismatch': 'off' } })), 'name-mismatch');
	});

	test('an object sets the severity and options together', () => {
		const config = testConfig({ rules: { 'body-too-long': { severity: 'error', maxLines: 3 } } });
		const finding = single(findingsOf({ text: skill('# A\n\nb\nc\n') }, config), 'body-too-long');
		assert.equal(finding.severity, 'error');
		assert.match(finding.message, /keep it under 3/);
	});

	test('an explicit severity wins over a deliberately milder finding (a byte-order mark)', () => {
		const text = '\uFEFF' + skill('# A\n');
		assert.equal(single(findingsOf({ text }), 'frontmatter-invalid').severity, 'warning');
		assert.equal(single(findingsOf({ text }, testConfig({ rules: { 'frontmatter-invalid': 'error' } })), 'frontmatter-invalid').severity, 'error');
	});

	test('an explicit severity wins over the info severity of shared boilerplate', () => {
		const paragraph = 'Before you change a migration, dump the current schema with the export script, compare it with the committed snapshot, and stop if they differ: a drifted schema means someone applied a manual change that the migration would silently overwrite in production.';
		const specs = ['alpha', 'beta', 'gamma'].map(folder => ({ folder, text: skill(`# ${folder}\n\n${paragraph}\n`, `name: ${folder}\ndescription: The ${folder} checks for ${folder} releases. Use when ${folder} ships.`) }));
		const config = testConfig({ rules: { 'duplicate-content': { severity: 'warning', boilerplateSkills: 3 } } });
		const findings = checkSkills(specs, config).flat().filter(f => f.rule === 'duplicate-content');
		assert.deepEqual(findings.map(f => [f.file, f.severity]), [['/library/alpha/SKILL.md', 'warning']]);
	});
});

describe('options', () => {
	test('description-too-long maxLength', () => {
		const config = testConfig({ rules: { 'description-too-long': { maxLength: 40 } } });
		assert.match(single(findingsOf({ folder: 'pdf-forms', text: skill('# Forms\n', `name: pdf-forms\n${description}`) }, config), 'description-too-long').message, /the limit is 40/);
	});

	test('unknown-field allow', () => {
		const text = skill('# Forms\n', `name: my-skill\n${description}\ntags: [pdf]\nteam: docs`);
		const findings = findingsOf({ text }, testConfig({ rules: { 'unknown-field': { allow: ['tags'] } } }));
		assert.deepEqual(byRule(findings, 'unknown-field').map(f => f.message.split(' ')[0]), ['`team`']);
	});

	test('every option\'s default is what a configuration without it resolves to', () => {
		const config = resolveConfig({});
		for (const rule of ruleCatalog) {
			for (const [name, option] of Object.entries(rule.options)) {
				assert.deepEqual(config.options[rule.id][name], option.default, `${rule.id}.${name}`);
			}
			assert.equal(config.severities[rule.id], rule.severity, rule.id);
		}
	});

	test('`today` sets the date ages are measured against', () => {
		const text = skill('# A\n\nMoved on 2026-03-01.\n');
		assert.equal(byRule(findingsOf({ text }, testConfig({ today: '2026-04-01' })), 'stale-date').length, 0);
		assert.equal(byRule(findingsOf({ text }, testConfig({ today: '2027-04-01' })), 'stale-date').length, 1);
	});
});

describe('configuration errors', () => {
	test('an unknown rule', () => {
		refused({ rules: { 'name-formats': 'off' } }, /^unknown rule "name-formats" in "rules"/);
	});

	test('an unknown option, listing the rule\'s options', () => {
		refused({ rules: { 'body-too-long': { maxLine: 10 } } }, /^rule "body-too-long" has no option "maxLine" \(its options: maxLines\)$/);
	});

	test('an option on a rule without options', () => {
		refused({ rules: { secret: { level: 1 } } }, /^rule "secret" has no option "level"$/);
	});

	test('an option of the wrong type', () => {
		refused({ rules: { 'body-too-long': { maxLines: '500' } } }, /^rule "body-too-long": option "maxLines" must be a number, not "500"$/);
		refused({ rules: { 'unknown-field': { allow: 'tags' } } }, /option "allow" must be a list of strings, not "tags"/);
		refused({ rules: { 'unknown-field': { allow: ['tags', 3] } } }, /option "allow" must be a list of strings/);
	});

	test('a severity that does not exist', () => {
		refused({ rules: { 'name-format': 'fatal' } }, /^rule "name-format": severity must be error, warning, info or off, not "fatal"$/);
		refused({ rules: { 'name-format': { severity: 'high' } } }, /severity must be error, warning, info or off, not "high"/);
	});

	test('a rule setting that is neither a severity nor an object', () => {
		refused({ rules: { 'name-format': 3 } }, /^rule "name-format": expected a severity or an object of options$/);
		refused({ rules: { 'name-format': null } }, /expected a severity or an object of options/);
	});

	test('an unknown top-level key, an unknown profile, a malformed today, a markdownlint that is not an object', () => {
		refused({ rule: {} }, /^unknown configuration key "rule"/);
		refused({ profile: 'cursor' }, /^unknown profile "cursor" \(expected one of default, claude-code, codex, vscode-copilot, strict\)$/);
		refused({ today: '21/11/2026' }, /"today" must be a date written YYYY-MM-DD, not "21\/11\/2026"/);
		refused({ markdownlint: ['MD018'] }, /"markdownlint" must be an object/);
	});

	test('a configuration that is not an object', () => {
		refused([], /must be a JSON object/);
		refused(null, /must be a JSON object/);
	});

	test('a `$schema` key is accepted', () => {
		assert.doesNotThrow(() => resolveConfig({ $schema: './schema.json' } as UserConfig));
	});

	test('`rules` that is not an object is refused with a message saying so', () => {
		refused({ rules: 'strict' }, /"rules" must be an object/);
		refused({ rules: ['secret'] }, /"rules" must be an object/);
	});

	test('an impossible date for `today` is refused', () => {
		refused({ today: '2026-02-30' }, /"today" must be a date/);
	});

	test('a markdownlint rule that does not exist is refused', () => {
		refused({ rules: { 'md/MD999': 'off' } }, /unknown rule "md\/MD999"/);
	});

	test('an option on a single markdownlint rule is refused with where markdownlint options go', () => {
		refused({ rules: { 'md/MD018': { maxBytes: 3 } } }, /^rule "md\/MD018" takes only a severity; markdownlint's own options go in the "markdownlint" object$/);
	});
});

describe('the rule catalog', () => {
	test('has unique ids and the documentation every rule needs', () => {
		const ids = ruleCatalog.map(rule => rule.id);
		assert.equal(new Set(ids).size, ids.length);
		for (const rule of ruleCatalog) {
			assert.ok(rule.title && rule.flags && rule.why && rule.fix, rule.id);
			for (const [name, option] of Object.entries(rule.options)) {
				assert.ok(option.description, `${rule.id}.${name}`);
			}
		}
	});

	test('matches the rule table of DESIGN.md and its defaults', () => {
		const expected: Record<string, string> = {
			'frontmatter-invalid': 'error', 'name-missing': 'error', 'name-format': 'error', 'name-mismatch': 'warning',
			'description-missing': 'error', 'description-too-long': 'error', 'compatibility-too-long': 'warning', 'unknown-field': 'info',
			'misspelt-field': 'warning', 'boolean-value': 'warning', 'reserved-name': 'error', 'nested-skill': 'info', 'buried-rule': 'info',
			'body-too-long': 'warning', 'body-too-many-tokens': 'warning', 'code-heavy': 'warning', 'long-code-block': 'warning',
			'dated-sections': 'warning', 'patch-section': 'warning', 'empty-section': 'warning', 'duplicate-name': 'error', 'duplicate-description': 'warning',
			'duplicate-content': 'warning', 'time-sensitive': 'warning', 'stale-date': 'info', 'stale-validation': 'info', 'stale-draft': 'info',
			'hardcoded-path': 'info', 'missing-reference': 'warning', 'deep-reference': 'warning', 'md': 'warning',
			'secret': 'error', 'risky-instruction': 'warning', 'hidden-unicode': 'error', 'file-unreadable': 'error', 'scan-error': 'warning',
			'invalid-suppression': 'warning', 'listing-budget': 'warning', 'unseen-by-claude-code': 'info',
		};
		assert.deepEqual(Object.fromEntries(ruleCatalog.map(rule => [rule.id, rule.severity])), expected);
	});

	test('every rule id is exercised by a unit test that names it', () => {
		// This file lists every id above, so it does not count.
		const sources = fs.readdirSync(path.join(repoRoot, 'test', 'unit'))
			.filter(name => name.endsWith('.test.ts') && name !== 'config.test.ts')
			.map(name => fs.readFileSync(path.join(repoRoot, 'test', 'unit', name), 'utf8'))
			.join('\n');
		for (const rule of ruleCatalog) {
			const mention = rule.id === 'md' ? /'md\/MD\d{3}'/ : new RegExp(`'${rule.id}'`);
			assert.match(sources, mention, `no test names ${rule.id}`);
		}
	});
});

describe('markdownlint rule ids', () => {
	test('the list of known rules is exactly the installed markdownlint\'s', () => {
		const lib = path.join(__dirname, '..', '..', '..', 'node_modules', 'markdownlint', 'lib');
		const installed = new Set(fs.readdirSync(lib).filter(name => /^md\d{3}/.test(name))
			.flatMap(name => [...fs.readFileSync(path.join(lib, name), 'utf8').matchAll(/"names": \[ "(MD\d{3})"/g)].map(match => match[1])));
		assert.deepEqual([...markdownlintRules].sort(), [...installed].sort());
	});
});
