import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { writeDemoSessions } from '../../scripts/demoSessions';
import { type DistilLibrary, distilSession } from '../../src/core/distil/distilSession';
import { type EpisodeRecord, listProposals, type ProposalRecord, readLedger, readProposal, writeProposal } from '../../src/core/distil/proposalStore';
import { provenancePattern } from '../../src/core/distil/skillDraft';
import { asDraft, LifecycleEditError, promoteToStable } from '../../src/core/review/lifecycleEdits';
import { archiveProposal, planRatification, RatifyError, restoreProposal, skillFolderIn } from '../../src/core/review/ratify';
import { diffHunks, evidenceAt, renderDraft, renderMarkdown, reviewProposal } from '../../src/core/review/reviewModel';
import { parseClientMessage } from '../../src/core/review/reviewProtocol';
import { analyzeText, temporaryFolder, testToday, writeTree } from './support';

const draft = [
	'---',
	'name: fixing-payment-tests',
	'description: "Use when payment tests fail. Fix: run `python -m pytest`."',
	'status: draft',
	'priority: high',
	'created_from: Claude Code session 4f2c1a9b (2026-11-20)',
	'# a comment the person wrote',
	'---',
	'',
	'# Fixing Payment Tests',
	'',
	'## Iteration Log',
	'',
	'- 2026-11-20: proposed from Claude Code session 4f2c1a9b (repeated-error).',
	'',
].join('\n');

const record = (overrides: Partial<ProposalRecord> = {}): ProposalRecord => ({
	action: 'create', name: 'fixing-payment-tests', target: null,
	session: { agent: 'claude-code', id: '4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234', path: '/home/dev/.claude/projects/-work-shop/4f2c1a9b.jsonl' },
	triggers: [{ kind: 'repeated-error', summary: 'The same error came back 3 times', evidence: [{ line: 5, quote: 'ModuleNotFoundError' }] }],
	created: '2026-11-20T10:00:00.000Z', reason: 'no library skill covers this', checks: [], ...overrides,
});

describe('promotion to stable', () => {
	test('removes status and priority, adds the validation, logs it, and leaves every other line as it was', () => {
		const promoted = promoteToStable(draft, { today: testToday, note: 'the v2.3 release: payments suite green', placement: 'topLevel' });
		assert.equal(promoted, [
			'---',
			'name: fixing-payment-tests',
			'description: "Use when payment tests fail. Fix: run `python -m pytest`."',
			'created_from: Claude Code session 4f2c1a9b (2026-11-20)',
			'# a comment the person wrote',
			'validated: 2026-11-21',
			'validation_note: "the v2.3 release: payments suite green"',
			'---',
			'',
			'# Fixing Payment Tests',
			'',
			'## Iteration Log',
			'',
			'- 2026-11-20: proposed from Claude Code session 4f2c1a9b (repeated-error).',
			'- 2026-11-21: validated on the v2.3 release: payments suite green; promoted to stable.',
			'',
		].join('\n'));
		const analysis = analyzeText({ folder: 'fixing-payment-tests', text: promoted });
		assert.equal(analysis.lifecycle?.status, 'stable');
		assert.equal(analysis.lifecycle?.validated, '2026-11-21');
		assert.equal(analysis.lifecycle?.validationNote, 'the v2.3 release: payments suite green');
	});

	test('keeps lifecycle keys under metadata, as strings, when that is where they are', () => {
		const nested = '---\nname: a\ndescription: b\nmetadata:\n    status: draft\n    priority: high\n    created_from: "x"\nlicense: MIT\n---\n\nBody.\n';
		const promoted = promoteToStable(nested, { today: testToday, note: 'task', placement: 'topLevel' });
		assert.equal(promoted, '---\nname: a\ndescription: b\nmetadata:\n    created_from: "x"\n    validated: "2026-11-21"\n    validation_note: "task"\nlicense: MIT\n---\n\nBody.\n\n## Iteration Log\n\n- 2026-11-21: validated on task; promoted to stable.\n');
	});

	test('keeps CRLF line endings', () => {
		const promoted = promoteToStable(draft.replace(/\n/g, '\r\n'), { today: testToday, note: 'task', placement: 'topLevel' });
		assert.ok(!/[^\r]\n/.test(promoted));
	});

	test('refuses what is not a draft, and a missing note', () => {
		const stable = '---\nname: a\ndescription: b\n---\n';
		assert.throws(() => promoteToStable(stable, { today: testToday, note: 'x', placement: 'topLevel' }), (error: Error) => error instanceof LifecycleEditError && /already stable/.test(error.message));
		assert.throws(() => promoteToStable(draft, { today: testToday, note: '  ', placement: 'topLevel' }), /which real task/);
		assert.throws(() => promoteToStable('---\nname: [\n---\n', { today: testToday, note: 'x', placement: 'topLevel' }), /frontmatter cannot be read/);
	});

	test('a proposal becomes a draft without its provenance comment', () => {
		const proposal = `${draft.replace('status: draft\npriority: high\n', '')}\n<!-- skill-distiller: proposed from claude-code session 4f2c on 2026-11-20 -->\n`;
		const accepted = asDraft(proposal, provenancePattern, 'topLevel');
		assert.match(accepted, /^# a comment the person wrote\nstatus: draft\npriority: high\n---$/m);
		assert.ok(!accepted.includes('skill-distiller: proposed'));
		assert.ok(accepted.endsWith('(repeated-error).\n'));
	});
});

describe('ratifying', () => {
	function stagedProposal(files: Record<string, string>, proposal: ProposalRecord) {
		const base = temporaryFolder('ratify-');
		writeTree(base, files);
		const dir = writeProposal(path.join(base, '.skills-proposed'), proposal, files['proposed'] ?? draft);
		return { base, entry: readProposal(dir) ?? assert.fail('the proposal is readable') };
	}

	test('a new skill goes into the chosen root as a draft; an existing folder is never overwritten', () => {
		const { base, entry } = stagedProposal({ 'skills/.keep': '' }, record());
		const root = path.join(base, 'skills');
		const plan = planRatification(entry, { root, libraryRoots: [root], memoryFolders: [base], placement: 'topLevel' });
		assert.equal(plan.file, path.join(root, 'fixing-payment-tests', 'SKILL.md'));
		assert.equal(plan.before, undefined);
		assert.match(plan.after, /^status: draft$/m);
		fs.mkdirSync(path.join(root, 'fixing-payment-tests'));
		assert.throws(() => planRatification(entry, { root, libraryRoots: [root], memoryFolders: [base], placement: 'topLevel' }), /exists already/);
	});

	test('a name that would leave the root is refused, symbolic links included', () => {
		const base = temporaryFolder('paths-');
		fs.mkdirSync(path.join(base, 'skills'));
		for (const name of ['../escape', '/etc/cron.d', 'a/b', '..', 'UPPER']) {
			assert.throws(() => skillFolderIn(path.join(base, 'skills'), name), RatifyError, name);
		}
		fs.mkdirSync(path.join(base, 'outside'));
		fs.symlinkSync(path.join(base, 'outside'), path.join(base, 'skills', 'linked'));
		assert.throws(() => skillFolderIn(path.join(base, 'skills'), 'linked'), /outside/);
		assert.equal(skillFolderIn(path.join(base, 'skills'), 'fine-name'), path.join(base, 'skills', 'fine-name'));
	});

	test('an update whose target lies outside the library, or is no SKILL.md, is refused', () => {
		const { base, entry } = stagedProposal({ 'elsewhere/SKILL.md': draft }, record({ action: 'update', target: '/placeholder/SKILL.md' }));
		const root = path.join(base, 'skills');
		fs.mkdirSync(root);
		for (const target of [path.join(base, 'elsewhere', 'SKILL.md'), path.join(root, '..', 'elsewhere', 'SKILL.md'), path.join(root, 'x', 'notes.md'), 'relative/SKILL.md']) {
			const changed = { ...entry, record: { ...record(), action: 'update' as const, target } };
			assert.throws(() => planRatification(changed, { libraryRoots: [root], memoryFolders: [base], placement: 'topLevel' }), /is not a SKILL\.md in the library/, target);
		}
	});

	test('an update merges the proposal\'s own changes into a skill that changed meanwhile, and refuses overlapping ones', () => {
		const original = '---\nname: python-testing\ndescription: Runs pytest.\n---\n\n# Python Testing\n\n## Gotchas\n\n- Run from the root.\n\n## Usage\n\nRun it.\n';
		const proposed = original.replace('- Run from the root.\n', '- Run from the root.\n- Use `python -m pytest`.\n');
		const base = temporaryFolder('merge-');
		writeTree(base, { 'skills/python-testing/SKILL.md': original });
		const target = path.join(base, 'skills', 'python-testing', 'SKILL.md');
		const dir = writeProposal(path.join(base, '.skills-proposed'), record({ action: 'update', target, name: 'python-testing' }), proposed, original);
		const entry = readProposal(dir) ?? assert.fail();
		const options = { libraryRoots: [path.join(base, 'skills')], memoryFolders: [base], placement: 'topLevel' as const };
		assert.equal(planRatification(entry, options).after, proposed, 'unchanged target: the proposal as it is');

		fs.writeFileSync(target, original.replace('Run it.', 'Run it with care.'));
		const merged = planRatification(entry, options);
		assert.equal(merged.after, proposed.replace('Run it.', 'Run it with care.'), 'the person\'s change and the proposal\'s both kept');

		fs.writeFileSync(target, original.replace('- Run from the root.', '- Always run from the repository root.'));
		assert.throws(() => planRatification(entry, options), /changed since the proposal was made and the changes overlap/);
	});

	test('memory facts are appended to a memory file agents read in the workspace, never to another file', () => {
		const base = temporaryFolder('memory-');
		writeTree(base, { 'CLAUDE.md': '# Project\n\n- Old fact.\n', 'README.md': '# Shop\n', 'packages/ui/AGENTS.md': '', '.github/copilot-instructions.md': '', 'docs/copilot-instructions.md': '' });
		const dir = writeProposal(path.join(base, '.skills-proposed'), record({ action: 'memory', name: 'project-memory', target: path.join(base, 'CLAUDE.md') }), '# Memory proposed from x\n\n- This repo uses uv.\n\n<!-- skill-distiller: proposed from claude-code session x on 2026-11-20 -->\n');
		const entry = readProposal(dir) ?? assert.fail();
		const options = { libraryRoots: [], memoryFolders: [base], placement: 'topLevel' as const };
		const plan = planRatification(entry, options);
		assert.deepEqual([plan.name, plan.file, plan.after], ['CLAUDE.md', path.join(base, 'CLAUDE.md'), '# Project\n\n- Old fact.\n\n- This repo uses uv.\n']);
		const targeting = (target: string) => ({ ...entry, record: { ...entry.record as ProposalRecord, target } });
		for (const target of ['MEMORY.md', 'GEMINI.md', 'packages/ui/AGENTS.md', '.github/copilot-instructions.md']) {
			assert.equal(planRatification(targeting(path.join(base, target)), options).file, path.join(base, target), target);
		}
		fs.symlinkSync('CLAUDE.md', path.join(base, 'AGENTS.md'));
		assert.equal(planRatification(targeting(path.join(base, 'AGENTS.md')), options).name, 'AGENTS.md', 'a memory file linked to another one is one');
		fs.symlinkSync('README.md', path.join(base, 'GEMINI.md'));
		for (const target of [path.join(base, 'README.md'), path.join(base, 'GEMINI.md'), path.join(base, 'docs', 'copilot-instructions.md'), path.join(base, '..', 'CLAUDE.md'), '/etc/CLAUDE.md', 'CLAUDE.md']) {
			assert.throws(() => planRatification(targeting(target), options), (error: Error) => error instanceof RatifyError
				&& error.message === `the memory file ${target} is not one agents read (CLAUDE.md, AGENTS.md, MEMORY.md, GEMINI.md, .github/copilot-instructions.md) in the workspace; nothing was written`, target);
		}
		assert.equal(fs.readFileSync(path.join(base, 'README.md'), 'utf8'), '# Shop\n');
	});

	test('a decided proposal is archived with the decision; nothing is deleted', () => {
		const { base, entry } = stagedProposal({}, record());
		const archived = archiveProposal(entry, { kind: 'rejected', date: testToday, reason: 'Too specific to one flaky run.' });
		assert.equal(archived, path.join(base, '.skills-proposed', '.rejected', 'fixing-payment-tests'));
		assert.ok(fs.existsSync(path.join(archived, 'SKILL.md')));
		assert.deepEqual(JSON.parse(fs.readFileSync(path.join(archived, 'proposal.json'), 'utf8')).outcome, { kind: 'rejected', date: testToday, reason: 'Too specific to one flaky run.' });
		assert.deepEqual(listProposals(path.join(base, '.skills-proposed')), [], 'no longer pending');
	});
});

describe('decisions in the ledger', () => {
	const emptyLibrary: DistilLibrary = { skills: () => [], text: () => '', checkAsIf: () => Promise.resolve([]) };

	test('a rejected lesson is not proposed again when the session is distilled again, and the outcome says why', async () => {
		const workspace = temporaryFolder('ledger-');
		const transcript = writeDemoSessions(path.join(workspace, '.claude-home'), workspace).find(file => file.includes('7d3e9a41')) ?? assert.fail();
		const stagingDir = path.join(workspace, '.skills-proposed');
		const request = { transcript, library: emptyLibrary, stagingDir, today: testToday, placement: 'topLevel' as const, workspace };
		const first = await distilSession(request);
		assert.equal(first.proposals.length, 1, first.notes.join('\n'));
		const entry = readProposal(first.proposals[0].dir ?? assert.fail()) ?? assert.fail();
		const keys = entry.record?.lessons?.map(lesson => lesson.key) ?? [];
		assert.ok(keys.length > 0, 'the proposal records its lessons');
		archiveProposal(entry, { kind: 'rejected', date: testToday, reason: 'We keep the path flag.' });
		for (const key of keys) {
			assert.deepEqual(readLedger(stagingDir).lessons[key], { state: 'rejected', proposal: entry.name, date: testToday, reason: 'We keep the path flag.' });
		}

		const again = await distilSession(request);
		assert.deepEqual(again.proposals, [], 'nothing is proposed again');
		assert.deepEqual(listProposals(stagingDir), []);
		const rejectedBefore = again.noted.filter(noted => noted.why === `a person rejected it before (${entry.name}: We keep the path flag.)`);
		assert.equal(rejectedBefore.length, keys.length, JSON.stringify(again.noted));
	});

	test('accepting records the lessons as accepted; a proposal without lessons leaves the ledger as it was', () => {
		const base = temporaryFolder('ledger-');
		const stagingDir = path.join(base, '.skills-proposed');
		const withLessons = readProposal(writeProposal(stagingDir, record({ lessons: [{ key: 'episode pytest modulenotfounderror', section: 'Failure Modes', text: 'x' }] }), draft)) ?? assert.fail();
		archiveProposal(withLessons, { kind: 'accepted', date: testToday, file: '/w/skills/x/SKILL.md' });
		assert.deepEqual(readLedger(stagingDir).lessons, { 'episode pytest modulenotfounderror': { state: 'accepted', proposal: 'fixing-payment-tests', date: testToday } });
		archiveProposal(readProposal(writeProposal(stagingDir, record({ name: 'by-hand' }), draft)) ?? assert.fail(), { kind: 'rejected', date: testToday, reason: 'no' });
		assert.deepEqual(Object.keys(readLedger(stagingDir).lessons), ['episode pytest modulenotfounderror']);
	});

	test('undoing a decision puts the proposal back, pending, without its outcome, and its lessons pending again', () => {
		const base = temporaryFolder('ledger-');
		const stagingDir = path.join(base, '.skills-proposed');
		const entry = readProposal(writeProposal(stagingDir, record({ lessons: [{ key: 'episode pytest modulenotfounderror', section: 'Failure Modes', text: 'x' }] }), draft)) ?? assert.fail();
		const archived = archiveProposal(entry, { kind: 'rejected', date: testToday, reason: 'Too narrow.' });
		restoreProposal(archived, entry.dir, testToday);
		assert.ok(!fs.existsSync(archived));
		const pending = listProposals(stagingDir);
		assert.deepEqual(pending.map(proposal => proposal.dir), [entry.dir]);
		assert.equal(pending[0].record?.outcome, undefined);
		assert.equal(fs.readFileSync(path.join(entry.dir, 'SKILL.md'), 'utf8'), draft);
		assert.deepEqual(readLedger(stagingDir).lessons, { 'episode pytest modulenotfounderror': { state: 'proposed', proposal: 'fixing-payment-tests', date: testToday } });
	});

	test('undoing is refused when the pending folder was taken meanwhile', () => {
		const stagingDir = path.join(temporaryFolder('ledger-'), '.skills-proposed');
		const entry = readProposal(writeProposal(stagingDir, record(), draft)) ?? assert.fail();
		const archived = archiveProposal(entry, { kind: 'rejected', date: testToday, reason: 'no' });
		fs.mkdirSync(entry.dir);
		assert.throws(() => restoreProposal(archived, entry.dir, testToday), RatifyError);
		assert.ok(fs.existsSync(archived), 'the archived proposal stays where it is');
	});
});

describe('the review model', () => {
	const hostile = [
		'---', 'name: evil', 'description: "<img src=x onerror=alert(1)>"', '---', '',
		'# Title <script>alert(1)</script>', '',
		'<img src=x onerror="alert(2)">', '',
		'[click me](javascript:alert(3)) and [data](data:text/html,<script>alert(4)</script>) and [fine](https://example.com)', '',
		'![tracker](https://evil.example/pixel.png)', '',
	].join('\n');

	test('raw HTML, script and javascript: links render as text', () => {
		const rendered = renderDraft(hostile);
		assert.ok(!/<script|<img|href="javascript:|href="data:/i.test(rendered.html), rendered.html);
		assert.match(rendered.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
		assert.match(rendered.html, /&lt;img src=x onerror=&quot;alert\(2\)&quot;&gt;/);
		assert.match(rendered.html, /<a href="https:\/\/example\.com">fine<\/a>/);
		assert.match(rendered.html, /\[image: tracker\]/);
		assert.deepEqual(rendered.frontmatter, [['name', 'evil'], ['description', '<img src=x onerror=alert(1)>']], 'frontmatter is passed as text for textContent');
	});

	test('renders Markdown', () => {
		assert.equal(renderMarkdown('## Gotchas\n\n- `x` **bold**\n'), '<h2>Gotchas</h2>\n<ul>\n<li><code>x</code> <strong>bold</strong></li>\n</ul>\n');
	});

	test('diff hunks carry line numbers on both sides', () => {
		const hunks = diffHunks('a\nb\nc\n', 'a\nB\nc\nd\n');
		assert.deepEqual(hunks[0].lines, [
			{ kind: 'context', oldLine: 1, newLine: 1, text: 'a' },
			{ kind: 'remove', oldLine: 2, text: 'b' },
			{ kind: 'add', newLine: 2, text: 'B' },
			{ kind: 'context', oldLine: 3, newLine: 3, text: 'c' },
			{ kind: 'add', newLine: 4, text: 'd' },
		]);
	});

	test('a proposal is described with its evidence, source and checks, errors first', () => {
		const base = temporaryFolder('model-');
		const dir = writeProposal(path.join(base, '.skills-proposed'), record(), draft);
		const entry = readProposal(dir) ?? assert.fail();
		const described = reviewProposal({
			entry, document: draft, roots: [{ label: '.claude/skills', path: '/w/.claude/skills' }], displayPath: file => file,
			checks: [
				{ file: 'x', rule: 'body-too-long', severity: 'warning', message: 'long', line: 9, column: 1, endLine: 9, endColumn: 1, related: [] },
				{ file: 'x', rule: 'secret', severity: 'error', message: 'a token', line: 12, column: 1, endLine: 12, endColumn: 1, related: [] },
			],
		});
		assert.equal(described.source.agent, 'Claude Code');
		assert.deepEqual(described.triggers[0].evidence, [{ line: 5, quote: 'ModuleNotFoundError', where: 'line 5' }]);
		assert.deepEqual(described.checks.map(check => check.rule), ['secret', 'body-too-long']);
		assert.ok(described.draft?.html.includes('<h1>Fixing Payment Tests</h1>'));
	});
	test('the evidence is told in episodes, with the triggers they show marked, and what was noted and why', () => {
		const where = (line: number) => ({ line, quote: `quote ${line}` });
		const episode: EpisodeRecord = {
			check: 'npm run release-notes',
			symptom: { line: 3, quote: 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'' },
			attempts: [where(6), { line: 14, quote: 'Edit scripts/release-notes.mjs' }],
			rejected: { line: 13, quote: 'No, don\'t pass the path every time' },
			diagnosis: { line: 10, quote: 'The script reads CHANGELOG.md from the current folder', file: '/s/agent-a1.jsonl' },
			resolution: { steps: [{ line: 14, quote: 'Edit scripts/release-notes.mjs' }], passed: { line: 17, quote: 'npm run release-notes' } },
			personWords: [{ line: 13, quote: 'No, don\'t pass the path every time' }, where(20)],
		};
		const recorded = record({
			triggers: [
				{ kind: 'resolved-failure', summary: 'failed, then passed', evidence: [where(3), where(17)] },
				{ kind: 'user-rule', summary: 'a rule', evidence: [where(30)] },
			],
			episodes: [episode],
			noted: [{ summary: 'An interrupt', why: 'the agent was not corrected after it', evidence: [where(25)] }],
		});
		const entry = readProposal(writeProposal(path.join(temporaryFolder('episodes-'), '.skills-proposed'), recorded, draft)) ?? assert.fail();
		const described = reviewProposal({ entry, document: draft, roots: [], displayPath: file => file, checks: [] });
		assert.deepEqual(described.episodes, [{
			check: 'npm run release-notes',
			resolved: true,
			lines: [
				{ role: 'symptom', line: 3, quote: 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'', where: 'line 3' },
				{ role: 'attempt', line: 6, quote: 'quote 6', where: 'line 6' },
				{ role: 'rejected', line: 13, quote: 'No, don\'t pass the path every time', where: 'line 13' },
				{ role: 'diagnosis', line: 10, quote: 'The script reads CHANGELOG.md from the current folder', where: 'agent-a1.jsonl:10' },
				{ role: 'resolution', line: 14, quote: 'Edit scripts/release-notes.mjs', where: 'line 14' },
				{ role: 'passed', line: 17, quote: 'npm run release-notes', where: 'line 17' },
				{ role: 'person', line: 20, quote: 'quote 20', where: 'line 20' },
			],
		}], 'a step that resolved it is no attempt, and the words that rejected a way are told once');
		assert.deepEqual(described.triggers.map(trigger => [trigger.kind, trigger.inEpisode]), [['resolved-failure', true], ['user-rule', false]]);
		assert.deepEqual(described.noted, [{ summary: 'An interrupt', why: 'the agent was not corrected after it', evidence: [{ line: 25, quote: 'quote 25', where: 'line 25' }] }]);

		const saved = entry.record ?? assert.fail();
		assert.deepEqual(evidenceAt(saved, 'episodes', 0, 3), { line: 10, quote: 'The script reads CHANGELOG.md from the current folder', file: '/s/agent-a1.jsonl' }, 'the host finds the line the panel showed at that index');
		assert.deepEqual(evidenceAt(saved, 'noted', 0, 0), where(25));
		assert.deepEqual(evidenceAt(saved, 'triggers', 1, 0), where(30));
		assert.equal(evidenceAt(saved, 'episodes', 0, 7), undefined);
		assert.equal(evidenceAt(saved, 'episodes', 1, 0), undefined);
	});

	test('a proposal without episodes shows its triggers as before', () => {
		const entry = readProposal(writeProposal(path.join(temporaryFolder('older-'), '.skills-proposed'), record(), draft)) ?? assert.fail();
		const described = reviewProposal({ entry, document: draft, roots: [], displayPath: file => file, checks: [] });
		assert.deepEqual([described.episodes, described.noted], [[], []]);
		assert.deepEqual(described.triggers, [{ kind: 'repeated-error', summary: 'The same error came back 3 times', evidence: [{ line: 5, quote: 'ModuleNotFoundError', where: 'line 5' }], inEpisode: false }]);
	});
});

describe('the message protocol', () => {
	const ids = new Set(['/w/.skills-proposed/a']);
	const drafts = new Set(['/w/.claude/skills/d/SKILL.md']);

	test('accepts the messages it defines, with known ids', () => {
		assert.deepEqual(parseClientMessage({ type: 'accept', id: '/w/.skills-proposed/a', root: 1 }, ids, drafts), { type: 'accept', id: '/w/.skills-proposed/a', root: 1 });
		assert.deepEqual(parseClientMessage({ type: 'reject', id: '/w/.skills-proposed/a', reason: '  too narrow ' }, ids, drafts), { type: 'reject', id: '/w/.skills-proposed/a', reason: 'too narrow' });
		assert.deepEqual(parseClientMessage({ type: 'promote', draft: '/w/.claude/skills/d/SKILL.md' }, ids, drafts), { type: 'promote', draft: '/w/.claude/skills/d/SKILL.md' });
		assert.deepEqual(parseClientMessage({ type: 'undo', id: '/etc/passwd' }, ids, drafts), { type: 'undo' }, 'undo carries nothing the host would use');
		for (const list of ['triggers', 'episodes', 'noted']) {
			assert.deepEqual(parseClientMessage({ type: 'openTranscript', id: '/w/.skills-proposed/a', list, item: 2, evidence: 5, raw: true }, ids, drafts), { type: 'openTranscript', id: '/w/.skills-proposed/a', list, item: 2, evidence: 5, raw: true });
		}
		assert.deepEqual(parseClientMessage({ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'episodes', item: 0, evidence: 0, file: '/etc/passwd', line: 1 }, ids, drafts),
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'episodes', item: 0, evidence: 0, raw: false }, 'a path sent along is dropped, never used');
	});

	test('refuses anything else: unknown types, unknown ids, paths, bad indexes, empty or long reasons', () => {
		for (const message of [
			null, 'accept', [], { type: 'delete', id: '/w/.skills-proposed/a' },
			{ type: 'accept', id: '/w/.skills-proposed/../../etc', root: 0 },
			{ type: 'accept', id: '/w/.skills-proposed/a', root: -1 },
			{ type: 'accept', id: '/w/.skills-proposed/a', root: '0' },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'triggers', item: 0, evidence: 1.5 },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', trigger: 0, evidence: 0 },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'files', item: 0, evidence: 0 },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'toString', item: 0, evidence: 0 },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'episodes', item: -1, evidence: 0 },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', list: 'episodes', item: 0, evidence: 0, raw: 'yes' },
			{ type: 'openTranscript', id: '/w/.skills-proposed/b', list: 'episodes', item: 0, evidence: 0 },
			{ type: 'reject', id: '/w/.skills-proposed/a', reason: '   ' },
			{ type: 'reject', id: '/w/.skills-proposed/a', reason: 'x'.repeat(501) },
			{ type: 'promote', draft: '/etc/passwd' },
			{ type: 'select' },
		]) {
			assert.equal(parseClientMessage(message, ids, drafts), undefined, JSON.stringify(message));
		}
	});
});
