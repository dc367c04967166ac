import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { comparableDescription, descriptionParts, sameWhatAndWhen } from '../../src/core/duplicates/descriptionParts';
import { checkLibrary } from '../../src/core/library/checkLibrary';
import { pluginOfSkillDir, qualifiedName } from '../../src/core/skill/plugin';
import { byRule, checkFolder, checkSkills, none, single, skill, type SkillSpec, temporaryFolder, testConfig, writeTree } from './support';

function setupSkill(plugin: string): string {
	return skill(`# Setup\n\nRun \`scripts/install.sh\` once, then \`scripts/${plugin}.ts\` to check.\n`, `name: setup\ndescription: Sets up the ${plugin} plugin. Use when ${plugin} is first installed.`);
}

describe('one skill reached through links from two roots', () => {
	test('is one skill, with no duplicate-name', async () => {
		const dir = temporaryFolder();
		writeTree(dir, { 'store/shared/SKILL.md': skill('# Shared\n', 'name: shared\ndescription: Shared steps. Use when sharing.') });
		for (const root of ['.claude/skills', '.agents/skills']) {
			fs.mkdirSync(path.join(dir, root), { recursive: true });
			fs.symlinkSync(path.join(dir, 'store', 'shared'), path.join(dir, root, 'shared'));
		}
		const roots = ['.claude/skills', '.agents/skills'].map(root => ({ path: path.join(dir, root), label: root, scope: 'project' as const }));
		const result = await checkLibrary({ roots, config: testConfig() });
		assert.equal(result.index.size, 1);
		none(result.index.allFindings(), 'duplicate-name');
	});

	test('two real copies in the two roots are two skills sharing a name', async () => {
		const dir = temporaryFolder();
		const text = skill('# Shared\n', 'name: shared\ndescription: Shared steps. Use when sharing.');
		writeTree(dir, { '.claude/skills/shared/SKILL.md': text, '.agents/skills/shared/SKILL.md': text });
		const roots = ['.claude/skills', '.agents/skills'].map(root => ({ path: path.join(dir, root), label: root, scope: 'project' as const }));
		const result = await checkLibrary({ roots, config: testConfig() });
		assert.equal(result.index.size, 2);
		assert.equal(byRule(result.index.allFindings(), 'duplicate-name').length, 2);
	});
});

describe('Claude Code plugins', () => {
	test('a skill in <plugin>/skills/ with a manifest is namespaced by its plugin', () => {
		const manifests = new Set(['/market/a/.claude-plugin/plugin.json', '/market/b/plugin.json']);
		const exists = (file: string) => manifests.has(file);
		assert.deepEqual(pluginOfSkillDir('/market/a/skills/setup', exists), { name: 'a', dir: '/market/a' });
		assert.deepEqual(pluginOfSkillDir('/market/b/skills/setup', exists), { name: 'b', dir: '/market/b' });
		assert.equal(pluginOfSkillDir('/market/c/skills/setup', exists), undefined, 'no manifest, no plugin');
		assert.equal(pluginOfSkillDir('/market/a/other/setup', exists), undefined, 'not in skills/');
		assert.equal(qualifiedName({ name: 'setup', plugin: 'a' }), 'a:setup');
		assert.equal(qualifiedName({ name: 'setup' }), 'setup');
	});

	test('two plugins\' setup skills are not duplicate-name, and references resolve against the plugin root', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'alpha/.claude-plugin/plugin.json': '{"name":"alpha"}',
			'alpha/scripts/install.sh': 'echo alpha\n',
			'alpha/scripts/alpha.ts': '',
			'alpha/skills/setup/SKILL.md': setupSkill('alpha'),
			'beta/plugin.json': '{"name":"beta"}',
			'beta/scripts/install.sh': 'echo beta\n',
			'beta/scripts/beta.ts': '',
			'beta/skills/setup/SKILL.md': setupSkill('beta'),
		});
		const result = await checkFolder(dir);
		for (const file of ['alpha/skills/setup/SKILL.md', 'beta/skills/setup/SKILL.md']) {
			const findings = result.byFile.get(file) ?? [];
			none(findings, 'duplicate-name');
			none(findings, 'missing-reference');
			none(findings, 'deep-reference');
		}
	});

	test('without a manifest the same layout is two skills named setup, and the references are missing', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'alpha/scripts/install.sh': 'echo alpha\n',
			'alpha/skills/setup/SKILL.md': setupSkill('alpha'),
			'beta/scripts/install.sh': 'echo beta\n',
			'beta/skills/setup/SKILL.md': setupSkill('beta'),
		});
		const result = await checkFolder(dir);
		const findings = result.byFile.get('alpha/skills/setup/SKILL.md') ?? [];
		assert.match(single(findings, 'duplicate-name').message, /named "setup"/);
		assert.equal(byRule(findings, 'missing-reference').length, 2);
	});

	test('two skills of one plugin sharing a name still clash, named with the plugin', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'alpha/plugin.json': '{}',
			'alpha/skills/setup/SKILL.md': setupSkill('alpha'),
			'alpha/skills/setup-again/SKILL.md': setupSkill('alpha').replace('Sets up', 'Installs'),
			'alpha/scripts/install.sh': '',
			'alpha/scripts/alpha.ts': '',
		});
		const result = await checkFolder(dir);
		assert.match(single(result.byFile.get('alpha/skills/setup/SKILL.md') ?? [], 'duplicate-name').message, /named "alpha:setup" is loaded together with this one \(alpha:setup-again\)/);
	});

	test('a missing file of a plugin skill says both places were looked in', async () => {
		const dir = temporaryFolder();
		writeTree(dir, { 'alpha/plugin.json': '{}', 'alpha/skills/setup/SKILL.md': setupSkill('alpha') });
		const result = await checkFolder(dir);
		assert.deepEqual(byRule(result.byFile.get('alpha/skills/setup/SKILL.md') ?? [], 'missing-reference').map(finding => finding.message), [
			'`scripts/install.sh` does not exist in the skill folder or the plugin\'s',
			'`scripts/alpha.ts` does not exist in the skill folder or the plugin\'s',
		]);
	});
});

function described(folder: string, description: string): SkillSpec {
	return { folder, text: skill(`# ${folder}\n\nThis skill covers ${folder} only.\n`, `name: ${folder}\ndescription: ${description}`) };
}

describe('duplicate-description on what and when', () => {
	test('splits a description into what and when, leaving "Not for" clauses out', () => {
		assert.deepEqual(descriptionParts('Fills PDF forms. Not for reading PDFs (use pdf-reading). Use when a form must be filled.'), {
			what: 'Fills PDF forms.', when: 'Use when a form must be filled.',
		});
		assert.equal(comparableDescription('Edits slides - not for spreadsheets; use when a deck changes.'), 'Edits slides use when a deck changes.');
		assert.deepEqual(descriptionParts('Fills PDF forms.'), { what: 'Fills PDF forms.', when: '' });
	});

	test('fires when what and when agree, whatever their "Not for" clauses say', () => {
		const [first] = checkSkills([
			described('pdf-forms', 'Fills in PDF forms from a spreadsheet of answers and checks every required field. Use when a batch of PDF forms must be completed. Not for scanned paper forms (use ocr-forms).'),
			described('form-filler', 'Fills in PDF forms from a spreadsheet of answers and checks every required field. Use when a batch of PDF forms must be completed. Not for Word documents (use docx-forms).'),
		]);
		single(first, 'duplicate-description');
	});

	test('does not fire on descriptions alike only through a shared "Not for … (use …)" clause', () => {
		const notFor = ' Not for reading, splitting, merging, watermarking, encrypting or converting PDF files of any kind (use the pdf-toolkit skill for all of those).';
		const findings = checkSkills([
			described('pdf-forms', `Fills in PDF forms.${notFor}`),
			described('pdf-signing', `Signs PDF contracts.${notFor}`),
		]);
		findings.forEach(found => none(found, 'duplicate-description'));
	});

	test('does not fire when the what agrees but the when does not', () => {
		const what = 'Fills in PDF forms from a spreadsheet of answers, checks every required field and writes a report of the fields it could not fill.';
		assert.equal(sameWhatAndWhen({ description: `${what} Use when a tax return is due.` }, { description: `${what} Use when an employee joins the company.` }, 0.8), false);
		assert.equal(sameWhatAndWhen({ description: `${what} Use when a tax return is due.` }, { description: `${what} Use when the tax return is due.` }, 0.8), true);
		const findings = checkSkills([
			described('pdf-forms', `${what} Use when a tax return is due.`),
			described('form-filler', `${what} Use when an employee joins the company.`),
		]);
		findings.forEach(found => none(found, 'duplicate-description'));
	});

	test('a pair marked distinct in the configuration is not reported again, other pairs still are', () => {
		const description = 'Fills in PDF forms from a spreadsheet of answers and checks every required field. Use when a batch of PDF forms must be completed.';
		const config = testConfig({ distinct: [['form-filler', 'pdf-forms']] });
		const findings = checkSkills([described('pdf-forms', description), described('form-filler', description), described('third-forms', description)], config);
		assert.equal(single(findings[0], 'duplicate-description').related.length, 1);
		assert.match(single(findings[0], 'duplicate-description').message, /third-forms/);
		assert.match(single(findings[1], 'duplicate-description').message, /third-forms/);
		const pairOnly = checkSkills([described('pdf-forms', description), described('form-filler', description)], config);
		pairOnly.forEach(found => none(found, 'duplicate-description'));
	});
});
