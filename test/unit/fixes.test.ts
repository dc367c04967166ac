import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Finding } from '../../src/core/check/findings';
import { fixContext } from '../../src/core/fixes/fixContext';
import { ruleMeta } from '../../src/core/rules/catalog';
import { fixableRules, fixesForFinding, isSafeFix, safeFixRules } from '../../src/core/fixes/fixesForFinding';
import { applyChanges, applyPlan, changesBetween, type FixPlan, type FixState, type SkillFolder } from '../../src/core/fixes/fixPlan';
import { fixSkill } from '../../src/core/fixes/fixSkill';
import { fixDescriptionLength, fixFrontmatterSyntax, fixName, splitDescription, yamlString } from '../../src/core/fixes/frontmatterFixes';
import { offloadAllCodeBlocks, offloadCodeBlock } from '../../src/core/fixes/offloadCodeBlocks';
import { offloadLessons } from '../../src/core/fixes/offloadLessons';
import { chooseSections, offloadSections, sectionCandidates } from '../../src/core/fixes/offloadSections';
import { originalSectionOf } from '../../src/core/fixes/patchTarget';
import { analyzeText, byRule, checkSkills, filesBelow, fixturesDir, none, single, skill, testConfig, testToday } from './support';

const config = testConfig();
const noFiles: SkillFolder = { read: () => undefined };

function folderWith(files: Record<string, string>): SkillFolder {
	return { read: relative => files[relative] };
}

/** The findings of a SKILL.md text whose folder holds `sidecars`. */
function findings(text: string, sidecars: string[] = [], folder = 'my-skill'): Finding[] {
	return checkSkills([{ folder, text, sidecars: sidecars.flatMap(file => (file.includes('/') ? [file.split('/')[0] + '/', file] : [file])) }])[0];
}

function apply(text: string, plan: FixPlan, disk = noFiles): FixState {
	return applyPlan({ text, sidecars: new Map() }, plan, disk);
}

function pythonBlock(lines: number): string {
	return ['```python', ...Array.from({ length: lines }, (_, i) => `print(${i})`), '```'].join('\n');
}

describe('Offload to scripts/', () => {
	const text = skill(`# Indexing\n\n## Build the index\n\nRun this when the index is stale:\n\n${pythonBlock(22)}\n\nThen check the logs.\n`);

	test('moves a long block to scripts/<heading>.py, leaves one pointer line, and answers long-code-block', () => {
		const context = fixContext(text, 'my-skill', config, noFiles);
		const [finding] = byRule(findings(text), 'long-code-block');
		const [plan] = fixesForFinding(context, finding, testToday);
		assert.equal(plan.title, 'Offload to scripts/build_the_index.py');
		assert.equal(plan.preferred, true);
		const state = apply(text, plan);
		assert.equal(state.sidecars.get('scripts/build_the_index.py')?.content, Array.from({ length: 22 }, (_, i) => `print(${i})`).join('\n') + '\n');
		assert.match(state.text, /Run this when the index is stale:\n\nRun `scripts\/build_the_index\.py` for this step \(read it only to change it\)\.\n\nThen check the logs\./);
		const after = findings(state.text, ['scripts/build_the_index.py']);
		none(after, 'long-code-block');
		none(after, 'missing-reference');
		assert.equal(after.filter(f => f.severity === 'error').length, 0);
	});

	test('never overwrites a script that exists: the name gets a number', () => {
		const context = fixContext(text, 'my-skill', config, folderWith({ 'scripts/build_the_index.py': 'existing\n' }));
		const plan = offloadCodeBlock(context, context.body.fences[0].openLine) as FixPlan;
		assert.deepEqual(plan.sidecars.map(write => [write.path, write.mode]), [['scripts/build_the_index_2.py', 'create']]);
	});

	test('a block in a list item keeps its list marker and loses only the indentation that placed it there', () => {
		const listed = skill(`# Steps\n\n1. \`\`\`bash\n   echo one\n     echo indented\n   \`\`\`\n2. Done.\n`);
		const context = fixContext(listed, 'my-skill', config, noFiles);
		const plan = offloadCodeBlock(context, context.body.fences[0].openLine) as FixPlan;
		const state = apply(listed, plan);
		assert.equal(state.sidecars.get('scripts/steps.sh')?.content, 'echo one\n  echo indented\n');
		assert.match(state.text, /\n1\. Run `scripts\/steps\.sh` for this step \(read it only to change it\)\.\n2\. Done\./);
	});

	/** The pointer offloading a block under `heading` leaves in its place. */
	function pointerFor(heading: string, lang: string, lines: string[]): string {
		const text = skill(`# Tool\n\n## ${heading}\n\n\`\`\`${lang}\n${lines.join('\n')}\n\`\`\`\n`);
		const context = fixContext(text, 'my-skill', config, noFiles);
		return apply(text, offloadCodeBlock(context, context.body.fences[0].openLine) as FixPlan).text.split('\n')[8];
	}

	test('a sample is pointed at as an example to read, with its extension from the language', () => {
		assert.equal(pointerFor('Sample output', 'json', Array.from({ length: 21 }, (_, i) => `{"n": ${i}}`)),
			'Read `scripts/sample-output.json` for an example of the JSON this step works with.');
	});

	test('the pointer says what the block is: a module to import, a configuration to copy, a script to run', () => {
		const module = ['import requests', '', 'BASE_URL = "https://billing.example.com"', '', 'class BillingClient:', '    def get(self, path):', '        return requests.get(BASE_URL + path)', '', 'def _private():', '    pass'];
		assert.equal(pointerFor('Client', 'python', module), 'Import `BillingClient` from `scripts/client.py` instead of writing it again.');
		const exports = ['export function retry(call) {', '\treturn call();', '}', 'export const limit = 5;'];
		assert.equal(pointerFor('Retry', 'ts', exports), 'Import `retry`, `limit` from `scripts/retry.ts` instead of writing them again.');
		assert.equal(pointerFor('Settings', 'yaml', ['retries: 5', 'timeout: 30']), 'Copy `scripts/settings.yaml` when this step needs the YAML configuration it holds.');
		const script = [...module, '', 'if __name__ == "__main__":', '    BillingClient().get("/health")'];
		assert.equal(pointerFor('Client', 'python', script), 'Run `scripts/client.py` for this step (read it only to change it).');
		assert.equal(pointerFor('Client', 'python', [...module, '', 'health = BillingClient().get("/health")']), 'Run `scripts/client.py` for this step (read it only to change it).', 'an assignment that calls runs the code');
	});

	test('code-heavy offloads every block of five lines or more at once, with distinct names', () => {
		const heavy = skill(`# Tools\n\n## Tool\n\n${pythonBlock(8)}\n\n## Tool\n\n${pythonBlock(6)}\n\n\`\`\`bash\nls\n\`\`\`\n`);
		const context = fixContext(heavy, 'my-skill', config, noFiles);
		const plan = offloadAllCodeBlocks(context) as FixPlan;
		assert.deepEqual(plan.sidecars.map(write => write.path), ['scripts/tool.py', 'scripts/tool_2.py']);
		const state = apply(heavy, plan);
		assert.match(state.text, /```bash\nls\n```/, 'the one-line block stays');
		none(findings(state.text, ['scripts/tool.py', 'scripts/tool_2.py']), 'code-heavy');
	});

	test('an unclosed fence is not offloaded', () => {
		const open = skill(`# Broken\n\n\`\`\`python\n${Array.from({ length: 25 }, () => 'x = 1').join('\n')}\n`);
		const context = fixContext(open, 'my-skill', config, noFiles);
		assert.equal(offloadCodeBlock(context, context.body.fences[0].openLine), undefined);
	});
});

describe('Offload lessons to lessons.md', () => {
	const dated = (n: number) => Array.from({ length: n }, (_, i) => `## Learned 2026-0${i + 1}-0${i + 1}\n\n- Lesson ${i + 1}: check the cache first.\n`).join('\n');
	const text = skill(`# Deploys\n\n## Steps\n\n1. Deploy.\n\n${dated(5)}\n## Iteration Log\n\n- 2026-06-01: created.\n`);

	test('moves every dated section, in order and byte for byte, and leaves one pointer', () => {
		const context = fixContext(text, 'my-skill', config, noFiles);
		const [plan] = fixesForFinding(context, byRule(findings(text), 'dated-sections')[0], testToday);
		const state = apply(text, plan);
		const lessons = state.sidecars.get('lessons.md')?.content ?? '';
		assert.ok(lessons.startsWith('# Lessons: my-skill\n\n## Learned 2026-01-01\n\n- Lesson 1'));
		assert.ok(lessons.includes(dated(5)), 'the sections arrive exactly as they were');
		assert.equal((state.text.match(/lessons\.md/g) ?? []).length, 1);
		assert.ok(!state.text.includes('## Learned'));
		assert.match(state.text, /## Iteration Log\n\n- 2026-06-01: created\./, 'the iteration log stays');
		none(findings(state.text, ['lessons.md']), 'dated-sections');
	});

	test('appends to an existing lessons.md under a heading of its own', () => {
		const context = fixContext(text, 'my-skill', config, folderWith({ 'lessons.md': '# Lessons\n\nOlder lesson.\n' }));
		const plan = offloadLessons(context, testToday) as FixPlan;
		assert.equal(plan.sidecars[0].mode, 'append');
		const state = apply(text, plan, folderWith({ 'lessons.md': '# Lessons\n\nOlder lesson.\n' }));
		assert.ok(state.sidecars.get('lessons.md')?.content.startsWith(`# Lessons\n\nOlder lesson.\n\n## Moved from SKILL.md on ${testToday}\n\n## Learned 2026-01-01`));
	});
});

describe('Offload sections (body-too-long)', () => {
	const filler = (n: number, word: string) => Array.from({ length: n }, (_, i) => `- ${word} item ${i}: keep this line.`).join('\n');
	const text = skill(`# Big Skill\n\n## Overview\n\n${filler(40, 'overview')}\n\n## Examples\n\n${filler(250, 'example')}\n\n## API reference\n\n${filler(200, 'reference')}\n\n## Notes\n\n${filler(60, 'note')}\n`);

	test('chooses examples and reference sections, largest first, until the body fits', () => {
		const context = fixContext(text, 'my-skill', config, noFiles);
		const chosen = chooseSections(context, sectionCandidates(context));
		assert.deepEqual(chosen.map(candidate => [candidate.section.heading.text, candidate.destination]), [['Examples', 'examples.md']]);
		const state = apply(text, offloadSections(context, chosen, testToday) as FixPlan);
		assert.match(state.text, /## Examples\n\nWorked examples for this section are in `examples\.md`: read them when you need a model to follow\.\n\n## API reference/);
		assert.ok(state.sidecars.get('examples.md')?.content.includes(`## Examples\n\n${filler(250, 'example')}\n`));
		const after = findings(state.text, ['examples.md']);
		none(after, 'body-too-long');
		none(after, 'missing-reference');
	});

	test('the fix for body-too-long in a finding list is the automatic choice', () => {
		const context = fixContext(text, 'my-skill', config, noFiles);
		const [plan] = fixesForFinding(context, byRule(findings(text), 'body-too-long')[0], testToday);
		assert.equal(plan.title, 'Offload 1 section to examples.md');
	});

	test('other sections go to references/<topic>.md', () => {
		const context = fixContext(text, 'my-skill', config, noFiles);
		const notes = sectionCandidates(context).find(candidate => candidate.section.heading.text === 'Notes');
		assert.equal(notes?.destination, 'references/notes.md');
	});
});

describe('fix tiers', () => {
	test('every fixable rule is safe or suggested; edits in place are safe, moves and restructurings suggested', () => {
		for (const rule of fixableRules) {
			assert.ok(ruleMeta(rule)?.fixTier, `${rule} has a fix tier`);
		}
		assert.deepEqual([...safeFixRules], ['name-missing', 'name-format', 'name-mismatch', 'hardcoded-path', 'md']);
		assert.equal(isSafeFix('md/MD018'), true);
		for (const rule of ['frontmatter-invalid', 'description-too-long', 'long-code-block', 'code-heavy', 'dated-sections', 'body-too-long', 'body-too-many-tokens']) {
			assert.equal(isSafeFix(rule), false, `${rule} is only suggested`);
			assert.equal(ruleMeta(rule)?.fixTier, 'suggested');
		}
	});
});

describe('frontmatter fixes', () => {
	test('a name that differs from its folder is set to the folder name', () => {
		const text = skill('# X\n', 'name: pdf-filler\ndescription: Fills PDFs. Use when a PDF form arrives.');
		const plan = fixName(fixContext(text, 'pdf-forms', config, noFiles)) as FixPlan;
		assert.equal(isSafeFix('name-mismatch'), true);
		assert.match(apply(text, plan).text, /^---\nname: pdf-forms\n/);
	});

	test('an invalid name in a folder with an invalid name becomes a valid form of itself', () => {
		const text = skill('# X\n', 'name: "Deploy_Helper"\ndescription: Deploys. Use when deploying.');
		const state = apply(text, fixName(fixContext(text, 'Deploy_Helper', config, noFiles)) as FixPlan);
		assert.match(state.text, /^---\nname: deploy-helper\n/);
		none(findings(state.text, [], 'Deploy_Helper'), 'name-format');
	});

	test('a missing name is added', () => {
		const text = skill('# X\n', 'description: Deploys. Use when deploying.');
		assert.match(apply(text, fixName(fixContext(text, 'deploys', config, noFiles)) as FixPlan).text, /^---\nname: deploys\ndescription:/);
	});

	test('a description over the limit keeps whole sentences and moves the rest into "## When to use"', () => {
		const sentence = 'Processes the quarterly billing exports and reconciles them against the ledger. ';
		const description = sentence.repeat(14).trim();
		const text = skill('# Billing\n\n## Steps\n\n1. Export.\n', `name: my-skill\ndescription: ${description}`);
		const state = apply(text, fixDescriptionLength(fixContext(text, 'my-skill', config, noFiles)) as FixPlan);
		const after = analyzeText({ text: state.text });
		assert.ok((after.description ?? '').length <= 1024);
		assert.ok(after.description?.endsWith('ledger.'));
		assert.match(state.text, /# Billing\n\n## When to use\n\nProcesses the quarterly/);
		const moved = state.text.slice(state.text.indexOf('## When to use'));
		assert.equal((after.description + ' ' + moved.split('\n')[2]).replace(/\s+/g, ' '), description, 'no word is lost');
		none(findings(state.text), 'description-too-long');
	});

	test('splits at a word when no sentence ends in time, and quotes YAML that needs it', () => {
		assert.deepEqual(splitDescription('one two three four', 9), ['one two', 'three four']);
		assert.equal(yamlString('Use when: always'), '"Use when: always"');
		assert.equal(yamlString('Fills PDFs. Use when asked.'), 'Fills PDFs. Use when asked.');
		assert.equal(yamlString('yes'), '"yes"');
	});
});

describe('frontmatter syntax fixes', () => {
	const syntaxFixes = (text: string) => fixFrontmatterSyntax(fixContext(text, 'my-skill', config, noFiles));

	test('an unclosed frontmatter is closed after its YAML lines, before the body, and then parses', () => {
		const text = '---\nname: my-skill\ndescription: Checks things. Use when checking.\n\n# Title\n\nBody.\n';
		const [plan, ...others] = syntaxFixes(text);
		assert.equal(others.length, 0);
		assert.equal(plan.title, 'Close the frontmatter with --- after line 3');
		const fixed = apply(text, plan).text;
		assert.equal(fixed, '---\nname: my-skill\ndescription: Checks things. Use when checking.\n---\n\n# Title\n\nBody.\n');
		none(findings(fixed), 'frontmatter-invalid');
		// A heading right under the keys stays the body's.
		assert.match(apply('---\nname: my-skill\ndescription: Checks. Use when asked.\n# Title\n', syntaxFixes('---\nname: my-skill\ndescription: Checks. Use when asked.\n# Title\n')[0]).text, /asked\.\n---\n# Title\n/);
		// Keys to the end of the file: the closing line goes after the last.
		assert.equal(apply('---\nname: my-skill\ndescription: Checks. Use when asked.', syntaxFixes('---\nname: my-skill\ndescription: Checks. Use when asked.')[0]).text, '---\nname: my-skill\ndescription: Checks. Use when asked.\n---');
	});

	test('a value holding ": " is double-quoted, keeping every character, and the frontmatter then parses', () => {
		const text = skill('# X\n', 'name: my-skill\ndescription: Formats dates. Use when: a date needs "ISO" form.\nlicense: MIT');
		single(findings(text), 'frontmatter-invalid');
		const [plan] = syntaxFixes(text);
		assert.equal(plan.title, 'Quote the value of description');
		const fixed = apply(text, plan).text;
		assert.match(fixed, /\ndescription: "Formats dates\. Use when: a date needs \\"ISO\\" form\."\nlicense: MIT\n/);
		assert.equal(analyzeText({ text: fixed }).description, 'Formats dates. Use when: a date needs "ISO" form.');
		none(findings(fixed), 'frontmatter-invalid');
	});

	test('tabs that indent the frontmatter become spaces, and the frontmatter then parses', () => {
		const text = skill('# X\n', 'name: my-skill\ndescription: Checks. Use when asked.\nmetadata:\n\tauthor: alice\n\tversion: "1"');
		assert.match(single(findings(text), 'frontmatter-invalid').message, /a tab indents line 5/);
		const [plan] = syntaxFixes(text);
		assert.equal(plan.title, 'Indent the frontmatter with spaces instead of tabs');
		const fixed = apply(text, plan).text;
		assert.match(fixed, /\nmetadata:\n {2}author: alice\n {2}version: "1"\n/);
		none(findings(fixed), 'frontmatter-invalid');
	});

	test('nothing is offered where the result would still not parse, nor for a quoted or commented value', () => {
		// Both a tab and a colon value: neither repair alone makes it parse.
		assert.deepEqual(syntaxFixes(skill('# X\n', 'name: my-skill\ndescription: Use when: always\nmetadata:\n\tauthor: alice')), []);
		assert.deepEqual(syntaxFixes(skill('# X\n', 'name: my-skill\ndescription: \'unclosed: quote\nlicense: MIT')), []);
		assert.deepEqual(syntaxFixes(skill('# X\n', 'name: my-skill\ndescription: Use when: always # note')), []);
		// An unclosed block whose first line is not YAML has nothing to close.
		assert.deepEqual(syntaxFixes('---\n# Title\n\nBody.\n'), []);
		assert.deepEqual(syntaxFixes(skill('# X\n', 'name: my-skill\ndescription: Fine. Use when asked.')), []);
	});

	test('skill-distiller fix applies them only when asked: they are suggested', () => {
		const text = '---\nname: my-skill\ndescription: Checks things. Use when checking.\n\n# Title\n';
		const run = (rules?: ReadonlySet<string>) => fixSkill({ text, folderName: 'my-skill', config, disk: noFiles, today: testToday, rules, check: current => findings(current) });
		assert.equal(isSafeFix('frontmatter-invalid'), false);
		assert.deepEqual(run(safeFixRules).applied, []);
		assert.deepEqual(run(new Set(['frontmatter-invalid'])).applied.map(fix => fix.title), ['Close the frontmatter with --- after line 3']);
	});
});

describe('text fixes', () => {
	/** The home-path fixes offered for a skill's body, as the lines they leave. */
	function homeFixes(body: string): string[] {
		const text = skill(`# Tools\n\n${body}\n`);
		const context = fixContext(text, 'my-skill', config, noFiles);
		return byRule(findings(text), 'hardcoded-path').flatMap(finding => fixesForFinding(context, finding, testToday).map(plan => apply(text, plan).text.split('\n')[finding.line - 1]));
	}

	test('a person\'s home in a shell block becomes the variable that shell expands', () => {
		assert.deepEqual(homeFixes('```bash\n/home/alice/tools/release.sh 2.4.0\ncd "/Users/alice/work"\n```'), ['$HOME/tools/release.sh 2.4.0', 'cd "$HOME/work"']);
		assert.deepEqual(homeFixes('```powershell\n& C:\\Users\\alice\\tools\\release.ps1\n```'), ['& $env:USERPROFILE\\tools\\release.ps1']);
		assert.deepEqual(homeFixes('```cmd\ncall C:\\Users\\alice\\tools\\release.bat\n```'), ['call %USERPROFILE%\\tools\\release.bat']);
	});

	test('where a variable would change the meaning, the home path is left for a person', () => {
		for (const body of [
			'Run /home/alice/tools/release.sh to release.',
			'```python\nopen("/home/alice/data.csv")\n```',
			'```json\n{ "path": "/Users/alice/data" }\n```',
			'```bash\necho \'/home/alice/data\'\n```',
			'```bash\n/home/linuxbrew/.linuxbrew/bin/brew install jq\n```',
			'```powershell\nCopy-Item C:\\Users\\Public\\x.dll .\n```',
			'```bash\nls C:\\Users\\alice\\x\n```',
			'```powershell\nGet-Item /home/alice/x\n```',
		]) {
			assert.deepEqual(homeFixes(body), [], body);
		}
	});

	test('markdownlint fixes what it can fix', () => {
		const text = skill('# Tools\n\n#Setup\n\nText.\n');
		const [plan] = fixesForFinding(fixContext(text, 'my-skill', config, noFiles), byRule(findings(text), 'md/MD018')[0], testToday);
		assert.match(apply(text, plan).text, /\n# Setup\n/);
	});
});

describe('fixing a whole skill', () => {
	const messy = skill([
		'# Release',
		'',
		'## Build the release',
		'',
		pythonBlock(25),
		'',
		...Array.from({ length: 6 }, (_, i) => `## Learned 2026-0${i + 1}-1${i}\n\n- Keep the changelog current (${i}).\n`),
		'```bash\ncd /Users/bob/releases\n```',
	].join('\n'), 'name: Release_Tool\ndescription: Cuts releases. Use when a release is due.');

	function fixAll(text: string, rules?: string[]) {
		return fixSkill({
			text, folderName: 'release-tool', config, disk: noFiles, today: testToday,
			check: (current, planned) => findings(current, [...planned], 'release-tool'),
			rules: rules ? new Set(rules) : undefined,
		});
	}

	test('fixes every fixable finding, each once, and leaves no error behind', () => {
		const result = fixAll(messy);
		assert.deepEqual(result.applied.map(fix => fix.rule), ['name-format', 'hardcoded-path', 'long-code-block', 'dated-sections']);
		const after = findings(result.state.text, [...result.state.sidecars.keys()], 'release-tool');
		for (const rule of ['name-format', 'name-mismatch', 'hardcoded-path', 'long-code-block', 'dated-sections', 'missing-reference']) {
			none(after, rule);
		}
		assert.equal(after.filter(f => f.severity === 'error').length, 0);
	});

	test('is idempotent: fixing the result again changes nothing', () => {
		const first = fixAll(messy);
		const second = fixSkill({
			text: first.state.text, folderName: 'release-tool', config, today: testToday,
			disk: folderWith(Object.fromEntries([...first.state.sidecars].map(([file, { content }]) => [file, content]))),
			check: (current, planned) => findings(current, [...planned, ...first.state.sidecars.keys()], 'release-tool'),
		});
		assert.deepEqual(second.applied, []);
		assert.equal(second.state.text, first.state.text);
	});

	test('--rule limits the fixes to the rules named', () => {
		assert.deepEqual(fixAll(messy, ['hardcoded-path']).applied.map(fix => fix.rule), ['hardcoded-path']);
	});

	test('leaves the frontmatter alone unless a frontmatter fix is applied', () => {
		const result = fixAll(messy, ['long-code-block', 'dated-sections']);
		assert.equal(result.state.text.split('---')[1], messy.split('---')[1]);
	});
});

describe('edits as small hunks', () => {
	test('changesBetween turns a rewritten text into line hunks that rebuild it', () => {
		const before = 'a\nb\nc\nd\n';
		const after = 'a\nB\nc\nd\ne\n';
		const changes = changesBetween(before, after);
		assert.equal(changes.length, 2);
		assert.equal(applyChanges(before, changes), after);
	});
});

/** Every SKILL.md of the corpora and the sample library. */
function corpusSkills(): { file: string; text: string }[] {
	return ['corpora', 'sample-workspace']
		.flatMap(folder => filesBelow(path.join(fixturesDir, folder), name => name === 'SKILL.md'))
		.map(file => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

describe('nothing is lost (round trip over every real skill)', () => {
	const skills = corpusSkills();

	test('the corpora and the sample library are all here', () => {
		// The sample library's own skills; its real ones are copied from the corpora when a workspace is made.
		assert.equal(skills.filter(skill => skill.file.includes(`${path.sep}sample-workspace${path.sep}`)).length, 7);
		assert.ok(skills.length >= 30, `${skills.length} skills`);
	});

	test('every closed code block lands in its script byte for byte, its indentation aside', () => {
		let blocks = 0;
		for (const { file, text } of skills) {
			const context = fixContext(text, path.basename(path.dirname(file)), config, noFiles);
			for (const fence of context.body.fences.filter(candidate => candidate.closed)) {
				const plan = offloadCodeBlock(context, fence.openLine) as FixPlan;
				const script = plan.sidecars[0].content;
				const content = context.lines.slice(fence.openLine, fence.closeLine - 1);
				const lines = script.split(context.eol).slice(0, -1);
				assert.equal(lines.length, content.length, `${file}:${fence.openLine}`);
				content.forEach((line, i) => assert.ok(line.endsWith(lines[i]) && line.slice(0, line.length - lines[i].length).trim() === '', `${file}:${fence.openLine + 1 + i} kept`));
				const state = apply(text, plan);
				assert.equal(state.text.split(context.eol).length, text.split(context.eol).length - (fence.closeLine - fence.openLine), `${file}: only the block's lines went`);
				blocks++;
			}
		}
		assert.ok(blocks > 100, `${blocks} blocks offloaded`);
	});

	test('every lessons and section offload moves whole lines verbatim and keeps the rest of SKILL.md', () => {
		let moved = 0;
		for (const { file, text } of skills) {
			const context = fixContext(text, path.basename(path.dirname(file)), config, noFiles);
			const plans = [offloadLessons(context, testToday), offloadSections(context, sectionCandidates(context), testToday)];
			for (const plan of plans.filter((candidate): candidate is FixPlan => candidate !== undefined)) {
				const sidecars = plan.sidecars.map(write => write.content).join('');
				for (const change of plan.changes) {
					const removed = context.lines.slice(change.line - 1, change.endLine - 1).join(context.eol);
					assert.ok(sidecars.includes(removed), `${file}:${change.line}-${change.endLine - 1} is in a sidecar`);
					moved++;
				}
				const state = apply(text, plan);
				assert.ok(state.text.startsWith(text.slice(0, text.indexOf('\n---', 3) + 4)), `${file}: the frontmatter is untouched`);
			}
		}
		assert.ok(moved > 20, `${moved} sections moved`);
	});
});

describe('Go to the original section', () => {
	test('finds the section a patch amends by the words their headings share', () => {
		const text = skill('# Deploys\n\n## Retry policy\n\nRetry three times.\n\n## Logging\n\nLog everything.\n\n## Patch 2026-05-01: retry policy for 429s\n\nRetry five times.\n');
		const context = fixContext(text, 'my-skill', config, noFiles);
		const patch = context.body.headings.find(heading => heading.text.startsWith('Patch')) as { line: number };
		assert.equal(originalSectionOf(context, patch.line)?.text, 'Retry policy');
	});

	test('offers nothing when no heading shares a word', () => {
		const text = skill('# Deploys\n\n## Logging\n\nLog everything.\n\n## Erratum\n\nRetry five times.\n');
		const context = fixContext(text, 'my-skill', config, noFiles);
		assert.equal(originalSectionOf(context, context.body.headings[2].line), undefined);
	});
});

describe('Rename a misspelt key', () => {
	test('renames the key a client would ignore to the one it reads, keeping the value; offered, never applied unasked', () => {
		const text = skill('# Deploy\n', 'name: my-skill\ndescription: Deploys things. Use when a release is cut.\ndisable_model_invocation: true');
		const [finding] = byRule(findings(text), 'misspelt-field');
		const [plan] = fixesForFinding(fixContext(text, 'my-skill', config, noFiles), finding, testToday);
		assert.equal(plan.title, 'Rename to disable-model-invocation');
		assert.equal(isSafeFix('misspelt-field'), false, 'the key starts to take effect: a person chooses it');
		const state = apply(text, plan);
		assert.match(state.text, /\ndisable-model-invocation: true\n/);
		none(findings(state.text), 'misspelt-field');
	});

	test('no rename when the right key is there already', () => {
		const text = skill('# Deploy\n', 'name: my-skill\ndescription: Deploys things. Use when a release is cut.\nuser-invocable: false\nuser_invocable: true');
		const [finding] = byRule(findings(text), 'misspelt-field');
		assert.deepEqual(fixesForFinding(fixContext(text, 'my-skill', config, noFiles), finding, testToday), []);
	});
});
