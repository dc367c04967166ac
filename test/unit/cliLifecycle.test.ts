import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { type ProposalEntry, type ProposalRecord, readLedger, readProposal, writeProposal } from '../../src/core/distil/proposalStore';
import { archiveProposal, RatifyError } from '../../src/core/review/ratify';
import { runCli, temporaryFolder, writeTree } from './support';

const proposal = (name: string, body = '# Title\n\n## Key Rules\n\n- Run `make test` before pushing.\n') => `---
name: ${name}
description: Use when pushing changes to the shop repository.
status: draft
priority: high
created_from: Claude Code session 4f2c1a9b (2026-11-20)
---

${body}
<!-- skill-distiller: proposed from claude-code session 4f2c1a9b on 2026-11-20 -->
`;

const record = (name: string): ProposalRecord => ({
	action: 'create', name, target: null, session: { agent: 'claude-code', id: '4f2c1a9b', path: '/tmp/x.jsonl' },
	triggers: [{ kind: 'user-correction', summary: 'corrected', evidence: [{ line: 3, quote: 'No' }] }],
	created: '2026-11-20T10:00:00.000Z', reason: 'r', checks: [],
});

describe('skill-distiller ratify', () => {
	test('accepts a proposal as a draft in --library and archives it', () => {
		const workspace = temporaryFolder('ratify-');
		const dir = writeProposal(path.join(workspace, '.skills-proposed'), record('pushing-changes'), proposal('pushing-changes'));
		const run = runCli(['ratify', path.relative(workspace, dir), '--library', '.claude/skills', '--format', 'json'], workspace);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		const file = path.join(workspace, '.claude', 'skills', 'pushing-changes', 'SKILL.md');
		assert.deepEqual(JSON.parse(run.stdout), { done: true, action: 'create', name: 'pushing-changes', file, archived: path.join(workspace, '.skills-proposed', '.accepted', 'pushing-changes') });
		const accepted = fs.readFileSync(file, 'utf8');
		assert.match(accepted, /^status: draft$/m);
		assert.ok(!accepted.includes('skill-distiller: proposed'), 'the provenance comment is dropped');
		assert.ok(!fs.existsSync(dir), 'the proposal left the pending list');
	});

	test('adds memory facts to the workspace\'s CLAUDE.md and records the decision; a target such as README.md is refused and nothing is written', () => {
		const workspace = temporaryFolder('ratify-');
		writeTree(workspace, { 'CLAUDE.md': '# Shop\n\nRun `make test` before pushing.\n', 'README.md': '# Shop\n' });
		const facts = '# Memory proposed from Claude Code session 4f2c1a9b\n\n- The changelog lives in docs/CHANGELOG.md.\n\n<!-- skill-distiller: proposed from claude-code session 4f2c1a9b on 2026-11-20 -->\n';
		const memory = (target: string): ProposalRecord => ({ ...record('project-memory'), action: 'memory', target: path.join(workspace, target), lessons: [{ key: 'fact changelog docs', section: 'Key Rules', text: 'The changelog lives in docs/CHANGELOG.md.' }] });
		const staging = path.join(workspace, '.skills-proposed');

		const hostile = writeProposal(staging, memory('README.md'), facts);
		const refused = runCli(['ratify', hostile], workspace);
		assert.equal(refused.status, 2, refused.stdout);
		assert.equal(refused.stderr, `skill-distiller: the memory file ${path.join(workspace, 'README.md')} is not one agents read (CLAUDE.md, AGENTS.md, MEMORY.md, GEMINI.md, .github/copilot-instructions.md) in the workspace; nothing was written\n`);
		assert.equal(fs.readFileSync(path.join(workspace, 'README.md'), 'utf8'), '# Shop\n');
		assert.ok(fs.existsSync(hostile), 'the proposal is still pending');
		assert.deepEqual(readLedger(staging).lessons, {});

		const dir = writeProposal(staging, memory('CLAUDE.md'), facts);
		const run = runCli(['ratify', dir, '--format', 'json'], workspace);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		assert.deepEqual(JSON.parse(run.stdout), { done: true, action: 'memory', name: 'CLAUDE.md', file: path.join(workspace, 'CLAUDE.md'), archived: path.join(staging, '.accepted', path.basename(dir)) });
		assert.equal(fs.readFileSync(path.join(workspace, 'CLAUDE.md'), 'utf8'), '# Shop\n\nRun `make test` before pushing.\n\n- The changelog lives in docs/CHANGELOG.md.\n');
		assert.equal(readLedger(staging).lessons['fact changelog docs']?.state, 'accepted');
	});

	test('refuses a draft with error findings and writes nothing', () => {
		const workspace = temporaryFolder('ratify-');
		const dir = writeProposal(path.join(workspace, '.skills-proposed'), record('pushing-changes'), proposal('pushing-changes', `# Title\n\nUse the token ghp_${'A1b2C3d4E5'.repeat(4)} to push.\n`));
		const run = runCli(['ratify', dir, '--library', '.claude/skills'], workspace);
		assert.equal(run.status, 1);
		assert.match(run.stdout, /the draft has 1 error finding; nothing was written:\n {2}line 11 {2}.*GitHub token.* {2}secret/);
		assert.ok(!fs.existsSync(path.join(workspace, '.claude')), 'a refused ratify creates nothing, not even the library folder');
		assert.ok(fs.existsSync(dir), 'the proposal is still pending');
	});

	test('refuses a library folder, or a skill folder, that is a link to nothing, and writes nothing', () => {
		const workspace = temporaryFolder('ratify-');
		const dir = writeProposal(path.join(workspace, '.skills-proposed'), record('pushing-changes'), proposal('pushing-changes'));
		fs.mkdirSync(path.join(workspace, 'skills'));
		fs.symlinkSync(path.join(workspace, 'gone'), path.join(workspace, 'skills', 'pushing-changes'));
		const intoLink = runCli(['ratify', dir, '--library', 'skills'], workspace);
		assert.equal(intoLink.status, 2, intoLink.stdout);
		assert.equal(intoLink.stderr, `skill-distiller: pushing-changes is a symbolic link to ${path.join(workspace, 'gone')}; nothing is read or written through a link; nothing was written\n`);
		fs.symlinkSync(path.join(workspace, 'nowhere'), path.join(workspace, 'linked-skills'));
		const rootLink = runCli(['ratify', dir, '--library', 'linked-skills'], workspace);
		assert.equal(rootLink.status, 2, rootLink.stdout);
		assert.equal(rootLink.stderr, `skill-distiller: the library folder ${path.join(workspace, 'linked-skills')} is a symbolic link to ${path.join(workspace, 'nowhere')}, which does not exist; nothing was written\n`);
		assert.ok(!fs.existsSync(path.join(workspace, 'gone')) && !fs.existsSync(path.join(workspace, 'nowhere')), 'nothing was created where the links point');
		assert.ok(fs.existsSync(dir), 'the proposal is still pending');
	});

	test('refuses a proposal folder that is a symbolic link, leaving what it points at as it was', () => {
		const workspace = temporaryFolder('ratify-');
		const elsewhere = writeProposal(path.join(workspace, 'elsewhere'), record('pushing-changes'), proposal('pushing-changes'));
		const before = fs.readFileSync(path.join(elsewhere, 'proposal.json'), 'utf8');
		fs.mkdirSync(path.join(workspace, '.skills-proposed'));
		const link = path.join(workspace, '.skills-proposed', 'pushing-changes');
		fs.symlinkSync(elsewhere, link);
		const run = runCli(['ratify', link, '--library', 'skills'], workspace);
		assert.equal(run.status, 2, run.stdout);
		assert.match(run.stderr, /the proposal folder .*pushing-changes is a symbolic link; a proposal is only taken from, and archived in, a folder of its own/);
		assert.equal(fs.readFileSync(path.join(elsewhere, 'proposal.json'), 'utf8'), before);
		assert.ok(!fs.existsSync(path.join(workspace, 'skills')) && !fs.existsSync(path.join(workspace, '.skills-proposed', '.accepted')));
		assert.throws(() => archiveProposal(readProposal(link) as ProposalEntry, { kind: 'rejected', date: '2026-11-30', reason: 'no' }), RatifyError);
		assert.equal(fs.readFileSync(path.join(elsewhere, 'proposal.json'), 'utf8'), before, 'rejecting it does not rewrite the target either');
	});

	test('refuses a name that would leave the library', () => {
		const workspace = temporaryFolder('ratify-');
		const dir = writeProposal(path.join(workspace, '.skills-proposed'), record('escape'), proposal('../../escape'));
		const run = runCli(['ratify', dir, '--library', 'skills'], workspace);
		assert.equal(run.status, 2);
		assert.match(run.stderr, /the name "\.\.\/\.\.\/escape" .*cannot name a folder/);
	});

	test('needs --library for a skill', () => {
		const workspace = temporaryFolder('ratify-');
		const dir = writeProposal(path.join(workspace, '.skills-proposed'), record('pushing-changes'), proposal('pushing-changes'));
		const run = runCli(['ratify', dir], workspace);
		assert.equal(run.status, 2);
		assert.match(run.stderr, /ratify needs --library <dir>/);
	});
});

describe('skill-distiller promote', () => {
	test('promotes a draft to stable with the note', () => {
		const workspace = temporaryFolder('promote-');
		writeTree(workspace, { 'skills/pushing-changes/SKILL.md': proposal('pushing-changes').replace(/\n<!--.*-->\n/, '') });
		const run = runCli(['promote', 'skills/pushing-changes', '--note', 'the v2.3 release'], workspace);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		assert.match(run.stdout, /skills\/pushing-changes\/SKILL\.md is stable: validated \d{4}-\d\d-\d\d on the v2\.3 release/);
		const text = fs.readFileSync(path.join(workspace, 'skills', 'pushing-changes', 'SKILL.md'), 'utf8');
		assert.ok(!/^status:|^priority:/m.test(text));
		assert.match(text, /^validation_note: the v2\.3 release$/m);
		assert.match(text, /^## Iteration Log\n\n- \d{4}-\d\d-\d\d: validated on the v2\.3 release; promoted to stable\.$/m);
	});

	test('refuses while the skill has error findings, saying which', () => {
		const workspace = temporaryFolder('promote-');
		writeTree(workspace, { 'skills/Bad_Name/SKILL.md': proposal('Bad_Name').replace(/\n<!--.*-->\n/, '') });
		const before = fs.readFileSync(path.join(workspace, 'skills', 'Bad_Name', 'SKILL.md'), 'utf8');
		const run = runCli(['promote', 'skills/Bad_Name', '--note', 'x'], workspace);
		assert.equal(run.status, 1);
		assert.match(run.stdout, /has 1 error finding; nothing was written:\n {2}line 2 {2}name "Bad_Name" may only contain .* {2}name-format/);
		assert.equal(fs.readFileSync(path.join(workspace, 'skills', 'Bad_Name', 'SKILL.md'), 'utf8'), before);
	});

	test('needs a note', () => {
		const run = runCli(['promote', 'skills/x'], temporaryFolder('promote-'));
		assert.equal(run.status, 2);
		assert.match(run.stderr, /promote needs --note/);
	});
});
