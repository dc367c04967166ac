import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { listProposals, type ProposalRecord, readProposal, writeProposal } from '../../src/core/distil/proposalStore';
import { provenancePattern } from '../../src/core/distil/skillDraft';
import { asDraft, LifecycleEditError, promoteToStable } from '../../src/core/review/lifecycleEdits';
import { archiveProposal, planRatification, RatifyError, skillFolderIn } from '../../src/core/review/ratify';
import { diffHunks, renderDraft, renderMarkdown, reviewProposal } from '../../src/core/review/reviewModel';
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

	test('memory facts are appended to the workspace MEMORY.md, never elsewhere', () => {
		const base = temporaryFolder('memory-');
		writeTree(base, { 'MEMORY.md': '# Memory\n\n- Old fact.\n' });
		const dir = writeProposal(path.join(base, '.skills-proposed'), record({ action: 'memory', name: 'memory-uv', target: path.join(base, 'MEMORY.md') }), '# Memory proposed from x\n\n- This repo uses uv.\n\n<!-- skill-distiller: proposed from claude-code session x on 2026-11-20 -->\n');
		const entry = readProposal(dir) ?? assert.fail();
		const plan = planRatification(entry, { libraryRoots: [], memoryFolders: [base], placement: 'topLevel' });
		assert.equal(plan.after, '# Memory\n\n- Old fact.\n\n- This repo uses uv.\n');
		const outside = { ...entry, record: { ...entry.record as ProposalRecord, target: '/etc/MEMORY.md' } };
		assert.throws(() => planRatification(outside, { libraryRoots: [], memoryFolders: [base], placement: 'topLevel' }), /not a MEMORY\.md in the workspace/);
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
});

describe('the message protocol', () => {
	const ids = new Set(['/w/.skills-proposed/a']);
	const drafts = new Set(['/w/.claude/skills/d/SKILL.md']);

	test('accepts the messages it defines, with known ids', () => {
		assert.deepEqual(parseClientMessage({ type: 'accept', id: '/w/.skills-proposed/a', root: 1 }, ids, drafts), { type: 'accept', id: '/w/.skills-proposed/a', root: 1 });
		assert.deepEqual(parseClientMessage({ type: 'reject', id: '/w/.skills-proposed/a', reason: '  too narrow ' }, ids, drafts), { type: 'reject', id: '/w/.skills-proposed/a', reason: 'too narrow' });
		assert.deepEqual(parseClientMessage({ type: 'promote', draft: '/w/.claude/skills/d/SKILL.md' }, ids, drafts), { type: 'promote', draft: '/w/.claude/skills/d/SKILL.md' });
	});

	test('refuses anything else: unknown types, unknown ids, paths, bad indexes, empty or long reasons', () => {
		for (const message of [
			null, 'accept', [], { type: 'delete', id: '/w/.skills-proposed/a' },
			{ type: 'accept', id: '/w/.skills-proposed/../../etc', root: 0 },
			{ type: 'accept', id: '/w/.skills-proposed/a', root: -1 },
			{ type: 'accept', id: '/w/.skills-proposed/a', root: '0' },
			{ type: 'openTranscript', id: '/w/.skills-proposed/a', trigger: 0, evidence: 1.5 },
			{ type: 'reject', id: '/w/.skills-proposed/a', reason: '   ' },
			{ type: 'reject', id: '/w/.skills-proposed/a', reason: 'x'.repeat(501) },
			{ type: 'promote', draft: '/etc/passwd' },
			{ type: 'select' },
		]) {
			assert.equal(parseClientMessage(message, ids, drafts), undefined, JSON.stringify(message));
		}
	});
});
