import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SkillAnalysis } from '../../src/core/check/analyzeSkill';
import type { Finding } from '../../src/core/check/findings';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { loadedTogether, rootOfSkillDir, type SkillRoot, standardRootsFor } from '../../src/core/skill/standardRoots';
import { analyzeText, at, byRule, checkSkills, expectFinding, none, single, type SkillSpec, spanOf, testConfig } from './support';

const topics = ['invoice', 'release', 'database', 'frontend', 'security', 'billing', 'analytics', 'hiring', 'support', 'legal', 'design', 'mobile', 'search', 'storage'];

/** A skill in `folder` whose name matches the folder, with a description and body of its own unless given. */
function spec(folder: string, options: { description?: string; body?: string; root?: SkillRoot; inStaging?: boolean; name?: string } = {}): SkillSpec {
	const topic = topics[folder.length % topics.length];
	const description = options.description ?? `Handles ${folder} chores for the ${topic} team. Use when ${folder} is mentioned.`;
	return {
		folder,
		root: options.root,
		inStaging: options.inStaging,
		text: `---\nname: ${options.name ?? folder}\ndescription: ${description}\n---\n${options.body ?? `# ${folder}\n\nThis skill covers ${folder} only.\n`}`,
	};
}

const sharedParagraph = 'Before you change a migration, dump the current schema with the export script, compare it with the committed snapshot, and stop if they differ: a drifted schema means someone applied a manual change that the migration would silently overwrite in production.';
const secondParagraph = 'After the migration has run, restore the staging snapshot into a scratch database, replay the last hour of traffic against it, and keep the deploy blocked until the error rate and the latency match the numbers recorded before the change.';

/** A body whose own intro is on line 7 and whose extra paragraphs start on line 9. */
function bodyWith(folder: string, ...paragraphs: string[]): string {
	return `# ${folder}\n\nThis skill covers ${folder} only.\n\n${paragraphs.join('\n\n')}\n`;
}

function root(path: string, label: string, clients?: SkillRoot['clients']): SkillRoot {
	return { path, label, scope: 'folder', clients };
}

describe('duplicate-name', () => {
	test('fires on both skills when two folders checked together share a name, on the name value', () => {
		const [first, second] = checkSkills([
			spec('pdf-forms', { root: root('/team', 'team') }),
			spec('pdf-forms', { root: root('/personal', 'personal'), description: 'Fills PDF forms quickly for personal paperwork. Use when a personal form arrives.' }),
		]);
		const finding = single(first, 'duplicate-name');
		expectFinding(finding, 'duplicate-name', 'error', at(2, 7, 9), /another skill named "pdf-forms" is loaded together with this one \(personal\/pdf-forms\): one shadows the other/);
		assert.deepEqual(finding.related.map(related => [related.file, related.line, related.message]), [['/personal/pdf-forms/SKILL.md', 2, 'also named "pdf-forms"']]);
		assert.match(single(second, 'duplicate-name').message, /\(team\/pdf-forms\)/);
	});

	test('counts every other holder of the name', () => {
		const findings = checkSkills(['/a', '/b', '/c'].map((path, i) => spec('deploy', { root: root(path, path.slice(1)), description: `Deploys ${topics[i]} services to production. Use when the ${topics[i]} release is approved.` })));
		assert.match(single(findings[0], 'duplicate-name').message, /^2 other skills named "deploy" are loaded together with this one \(b\/deploy, c\/deploy\)/);
	});

	test('fires across a project root and the user root of the same client', () => {
		const roots = standardRootsFor(['/work/app'], '/home/dev');
		const project = roots.find(r => r.label === '.claude/skills' && r.scope === 'project') as SkillRoot;
		const user = roots.find(r => r.label === '~/.claude/skills') as SkillRoot;
		const findings = checkSkills([spec('deploy', { root: project }), spec('deploy', { root: user, description: 'Deploys my side projects to a VPS. Use when a side project ships.' })]);
		assert.match(single(findings[0], 'duplicate-name').message, /\(~\/\.claude\/skills\/deploy\)/);
		assert.match(single(findings[1], 'duplicate-name').message, /\(\.claude\/skills\/deploy\)/);
	});

	test('does not fire across roots that no client loads together', () => {
		const roots = standardRootsFor(['/work/app'], '/home/dev');
		const cursor = roots.find(r => r.label === '.cursor/skills') as SkillRoot;
		const codex = roots.find(r => r.label === '.codex/skills' && r.scope === 'project') as SkillRoot;
		const findings = checkSkills([spec('deploy', { root: cursor }), spec('deploy', { root: codex, description: 'Deploys my side projects to a VPS. Use when a side project ships.' })]);
		findings.forEach(f => none(f, 'duplicate-name'));
	});

	test('does not count a proposal in the staging folder, or a similar but different name', () => {
		const findings = checkSkills([
			spec('pdf-forms', { root: root('/team', 'team') }),
			spec('pdf-forms', { root: root('/team/.skills-proposed', '.skills-proposed'), inStaging: true, description: 'Fills PDF forms from scanned images. Use when a scan arrives.' }),
			spec('pdf-form', { root: root('/personal', 'personal') }),
		]);
		findings.forEach(f => none(f, 'duplicate-name'));
	});
});

describe('which roots a client loads together', () => {
	const searched = root('/work', 'work');

	test('a skill folder in a user root under home is classified as that user root', () => {
		assert.deepEqual(rootOfSkillDir('/home/dev/.claude/skills/deploy', searched, '/home/dev'), {
			path: '/home/dev/.claude/skills', label: '~/.claude/skills', scope: 'user', clients: ['claude-code', 'vscode-copilot', 'copilot-cli'],
		});
		assert.equal(rootOfSkillDir('/home/dev/.agents/skills/deploy', searched, '/home/dev').label, '~/.agents/skills');
	});

	test('a skill folder is classified by the project root it sits in, or else by the folder searched', () => {
		const project = rootOfSkillDir('/home/dev/app/.claude/skills/deploy', searched, '/home/dev');
		assert.deepEqual([project.label, project.scope], ['.claude/skills', 'project']);
		const cursor = rootOfSkillDir('/work/app/.cursor/skills/deploy', searched, '/home/dev');
		assert.deepEqual([cursor.label, cursor.scope, cursor.clients], ['.cursor/skills', 'project', ['cursor']]);
		assert.equal(rootOfSkillDir('/work/docs/deploy', searched, '/home/dev'), searched);
	});

	test('roots share a client, or are unknown and so loaded with everything', () => {
		const roots = standardRootsFor(['/work/app'], '/home/dev');
		const find = (label: string, scope: string) => roots.find(r => r.label === label && r.scope === scope) as SkillRoot;
		assert.equal(loadedTogether(find('.claude/skills', 'project'), find('~/.claude/skills', 'user')), true);
		assert.equal(loadedTogether(find('.github/skills', 'project'), find('~/.copilot/skills', 'user')), true);
		assert.equal(loadedTogether(find('.codex/skills', 'project'), find('~/.agents/skills', 'user')), true);
		assert.equal(loadedTogether(find('.cursor/skills', 'project'), find('.codex/skills', 'project')), false);
		assert.equal(loadedTogether(find('.opencode/skills', 'project'), find('~/.claude/skills', 'user')), false);
		assert.equal(loadedTogether(find('skills', 'project'), find('.cursor/skills', 'project')), true);
		assert.equal(loadedTogether(searched, find('.cursor/skills', 'project')), true);
	});
});

describe('duplicate-description', () => {
	const description = 'Fills in PDF forms from a spreadsheet of answers and checks every required field. Use when a batch of PDF forms must be completed.';

	test('fires on both skills with the same description, on the description value', () => {
		const [first, second] = checkSkills([spec('pdf-forms', { description }), spec('form-filler', { description })]);
		const finding = single(first, 'duplicate-description');
		expectFinding(finding, 'duplicate-description', 'warning', at(3, 14, description.length), /the description is near-identical to that of library\/form-filler, on both what the skill does and when to use it: an agent cannot choose between them/);
		assert.deepEqual(finding.related.map(related => [related.file, spanOf(related), related.message]), [
			['/library/form-filler/SKILL.md', at(3, 14, description.length), 'near-identical description'],
		]);
		assert.match(single(second, 'duplicate-description').message, /that of library\/pdf-forms, on both/);
	});

	test('fires when one word differs', () => {
		const [first] = checkSkills([spec('pdf-forms', { description }), spec('form-filler', { description: description.replace('spreadsheet', 'table') })]);
		single(first, 'duplicate-description');
	});

	test('names at most five others, in path order, and counts the rest', () => {
		const folders = ['g-forms', 'b-forms', 'f-forms', 'a-forms', 'e-forms', 'c-forms', 'd-forms'];
		const findings = checkSkills(folders.map(folder => spec(folder, { description })));
		const finding = single(findings[folders.indexOf('a-forms')], 'duplicate-description');
		assert.match(finding.message, /near-identical to that of library\/b-forms, library\/c-forms, library\/d-forms, library\/e-forms, library\/f-forms and 1 more, on both/);
		assert.deepEqual(finding.related.map(related => related.file), ['b', 'c', 'd', 'e', 'f'].map(letter => `/library/${letter}-forms/SKILL.md`));
	});

	test('does not fire on descriptions that only share the "Use when" template', () => {
		const findings = checkSkills([
			spec('pdf-forms', { description: 'Fills in PDF forms. Use when a PDF form must be completed.' }),
			spec('docx-to-pdf', { description: 'Converts Word documents to PDF. Use when a document must be shared as a PDF.' }),
		]);
		findings.forEach(f => none(f, 'duplicate-description'));
	});

	test('does not fire across roots no client loads together, or against a proposal', () => {
		const roots = standardRootsFor(['/work/app'], '/home/dev');
		const findings = checkSkills([
			spec('pdf-forms', { description, root: roots.find(r => r.label === '.cursor/skills') }),
			spec('form-filler', { description, root: roots.find(r => r.label === '.codex/skills' && r.scope === 'project') }),
			spec('pdf-filler', { description, root: root('/work/app/.skills-proposed', '.skills-proposed'), inStaging: true }),
		]);
		findings.forEach(f => none(f, 'duplicate-description'));
	});
});

describe('duplicate-content', () => {
	test('fires on a shared paragraph in both skills, spanning it and pointing at the copy', () => {
		const [first, second] = checkSkills([
			spec('migrations', { body: bodyWith('migrations', sharedParagraph) }),
			spec('schema-review', { body: bodyWith('schema-review', sharedParagraph) }),
		]);
		const finding = single(first, 'duplicate-content');
		expectFinding(finding, 'duplicate-content', 'warning', at(9, 1, sharedParagraph.length), /^line 9 is near-identical to a passage of library\/schema-review: keep one canonical copy and link to it$/);
		assert.deepEqual(finding.related.map(related => [related.file, spanOf(related), related.message]), [
			['/library/schema-review/SKILL.md', at(9, 1, sharedParagraph.length), 'near-identical passage'],
		]);
		single(second, 'duplicate-content');
	});

	test('reports consecutive shared passages as one finding', () => {
		const [first] = checkSkills([
			spec('migrations', { body: bodyWith('migrations', sharedParagraph, secondParagraph) }),
			spec('schema-review', { body: bodyWith('schema-review', sharedParagraph, secondParagraph) }),
		]);
		const finding = single(first, 'duplicate-content');
		assert.deepEqual(spanOf(finding), { line: 9, column: 1, endLine: 11, endColumn: secondParagraph.length + 1 });
		assert.match(finding.message, /^lines 9–11 are near-identical/);
	});

	test('fires on a copy with one word changed', () => {
		const [first] = checkSkills([
			spec('migrations', { body: bodyWith('migrations', sharedParagraph) }),
			spec('schema-review', { body: bodyWith('schema-review', sharedParagraph.replace('production', 'staging')) }),
		]);
		single(first, 'duplicate-content');
	});

	test('does not fire on passages under 30 words, on a paraphrase, or on a skill repeating itself', () => {
		const short = 'Dump the current schema with the export script and compare it with the committed snapshot before you change any migration at all today.';
		assert.ok(short.split(' ').length < 30);
		const paraphrase = 'Take a schema dump before touching any migration and diff it against the snapshot in git; if the two disagree, somebody changed production by hand and running the migration would wipe out their change without warning.';
		const findings = checkSkills([
			spec('migrations', { body: bodyWith('migrations', short, sharedParagraph, sharedParagraph) }),
			spec('schema-review', { body: bodyWith('schema-review', short, paraphrase) }),
		]);
		findings.forEach(f => none(f, 'duplicate-content'));
	});

	const library = (count: number) => Array.from({ length: count }, (_, i) => {
		const folder = `${topics[i]}-checks`;
		return spec(folder, { body: bodyWith(folder, sharedParagraph), description: `Runs the ${topics[i]} checks before each ${topics[i]} change. Use when ${topics[i]} work is reviewed.` });
	});

	test('reports boilerplate shared by 10 skills once, as info on the first skill by path', () => {
		const specs = library(10);
		const findings = checkSkills(specs);
		const all = findings.flat().filter(f => f.rule === 'duplicate-content');
		assert.equal(all.length, 1, `one boilerplate finding in the whole library, got ${all.length}`);
		const first = [...specs].map(s => `/library/${s.folder}/SKILL.md`).sort()[0];
		assert.equal(first, '/library/analytics-checks/SKILL.md');
		expectFinding(all[0], 'duplicate-content', 'info', at(9, 1, sharedParagraph.length), /^line 9 is shared boilerplate found in 10 skills; it is reported here once, not in each of them$/);
		assert.equal(all[0].file, first);
	});

	test('reports a passage shared by 9 skills on each of them, as a warning', () => {
		const findings = checkSkills(library(9));
		for (const skillFindings of findings) {
			const finding = single(skillFindings, 'duplicate-content');
			assert.equal(finding.severity, 'warning');
			assert.match(finding.message, / and 5 other skills: keep one canonical copy/);
			assert.equal(finding.related.length, 5);
		}
	});

	test('honours boilerplateSkills', () => {
		const findings = checkSkills(library(3), testConfig({ rules: { 'duplicate-content': { boilerplateSkills: 3 } } }));
		assert.deepEqual(findings.map(f => byRule(f, 'duplicate-content').map(finding => finding.severity)), [[], [], ['info']], 'database-checks comes first by path');
	});

	test('reports variants of a footer in 40 skills once, as boilerplate', () => {
		const specs = Array.from({ length: 40 }, (_, i) => {
			const folder = `team-skill-${String(i).padStart(2, '0')}`;
			const footer = `${sharedParagraph} Ask the ${folder} owners before changing this.`;
			return spec(folder, { body: bodyWith(folder, footer), description: `Handles request ${topics[i % topics.length]} ${i} ${'x'.repeat(i + 1)}. Use when asked.` });
		});
		const all = checkSkills(specs).flat().filter(f => f.rule === 'duplicate-content');
		assert.equal(all.length, 1);
		assert.equal(all[0].severity, 'info');
		assert.equal(all[0].file, '/library/team-skill-00/SKILL.md');
	});
});

describe('incremental updates give the findings of a fresh check', () => {
	const config = testConfig();

	function fresh(analyses: SkillAnalysis[]): Map<string, Finding[]> {
		const index = new LibraryIndex(config);
		analyses.forEach(analysis => index.add(analysis));
		return new Map(analyses.map(analysis => [analysis.file, index.findings(analysis.file)]));
	}

	function assertSame(index: LibraryIndex, analyses: SkillAnalysis[], step: string): void {
		const expected = fresh(analyses);
		for (const [file, findings] of expected) {
			assert.deepEqual(index.findings(file), findings, `${step}: ${file}`);
		}
		assert.equal(index.size, analyses.length);
	}

	test('when a copy is edited away and back, and when a skill is removed', () => {
		const a = analyzeText(spec('migrations', { body: bodyWith('migrations', sharedParagraph), description: 'Plans schema migrations safely. Use when a migration is written.' }), config);
		const b = analyzeText(spec('schema-review', { body: bodyWith('schema-review', sharedParagraph), description: 'Plans schema migrations safely. Use when a migration is written.' }), config);
		const bEdited = analyzeText(spec('schema-review', { body: bodyWith('schema-review', secondParagraph) }), config);
		const index = new LibraryIndex(config);
		index.add(a);
		index.add(b);
		assertSame(index, [a, b], 'initial');
		assert.equal(byRule(index.findings(a.file), 'duplicate-content').length, 1);

		assert.deepEqual(index.update(bEdited).sort(), [a.file, b.file].sort(), 'both files change when the copy goes away');
		assertSame(index, [a, bEdited], 'after the edit');
		none(index.findings(a.file), 'duplicate-content');

		index.update(b);
		assertSame(index, [a, b], 'after the edit is undone');

		assert.deepEqual(index.remove(b.file).sort(), [a.file, b.file].sort());
		assertSame(index, [a], 'after removal');
	});

	const tenCopies = () => Array.from({ length: 10 }, (_, i) => {
		const folder = `${topics[i]}-checks`;
		return analyzeText(spec(folder, { body: bodyWith(folder, sharedParagraph), description: `Runs the ${topics[i]} checks before each ${topics[i]} change. Use when ${topics[i]} work is reviewed.` }), config);
	});

	test('when a tenth copy turns a shared passage into boilerplate', () => {
		const analyses = tenCopies();
		const index = new LibraryIndex(config);
		analyses.slice(0, 9).forEach(analysis => index.add(analysis));
		assertSame(index, analyses.slice(0, 9), 'nine copies');
		const changed = index.update(analyses[9]);
		assertSame(index, analyses, 'ten copies');
		assert.equal(changed.length, 10, 'every holder changes when the passage becomes boilerplate');
	});

	test('when removing one of ten copies turns boilerplate back into duplicates', () => {
		const analyses = tenCopies();
		const index = new LibraryIndex(config);
		analyses.forEach(analysis => index.add(analysis));
		assertSame(index, analyses, 'ten copies');
		const removed = index.remove(analyses[0].file);
		assertSame(index, analyses.slice(1), 'nine copies');
		assert.equal(removed.length, 10, 'every holder changes when the passage stops being boilerplate');
	});

	test('when a name is taken and given back', () => {
		const a = analyzeText(spec('deploy', { root: root('/a', 'a') }), config);
		const b = analyzeText(spec('deploy', { root: root('/b', 'b'), description: 'Deploys side projects to a VPS. Use when a side project ships.' }), config);
		const bRenamed = analyzeText(spec('deploy', { root: root('/b', 'b'), name: 'ship', description: 'Deploys side projects to a VPS. Use when a side project ships.' }), config);
		const index = new LibraryIndex(config);
		index.add(a);
		assert.deepEqual(index.update(b).sort(), [a.file, b.file].sort());
		assertSame(index, [a, b], 'taken');
		index.update(bRenamed);
		assertSame(index, [a, bRenamed], 'given back');
		none(index.findings(a.file), 'duplicate-name');
	});
});
