import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { runCli, temporaryFolder, writeTree } from './support';

/** A machine with no agent data but what a test writes: every agent's home points into one temporary folder. */
function isolatedHome(): { home: string; env: Record<string, string> } {
	const home = temporaryFolder('home-');
	return { home, env: { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot') } };
}

function struggle(cwd: string, id: string, prompt: string): string {
	const transcript = new ClaudeTranscript(id, cwd).user(prompt);
	for (let attempt = 0; attempt < 3; attempt++) {
		transcript.bash('npm run build', `Error: Cannot find module '@shop/ui'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)`, 1);
	}
	return transcript.bash('npm run build --workspaces', 'built 4 packages').toString();
}

describe('skill-distiller sessions', () => {
	test('lists the sessions recorded for the folder, newest first, confirmed by their cwd', () => {
		const { home, env } = isolatedHome();
		const workspace = temporaryFolder('shop-');
		const projects = path.join(home, '.claude', 'projects');
		writeTree(projects, {
			[`${claudeProjectSlug(workspace)}/11111111-aaaa-4bbb-8ccc-000000000001.jsonl`]: struggle(workspace, '11111111-aaaa-4bbb-8ccc-000000000001', 'Fix the build of the ui package'),
			[`${claudeProjectSlug(workspace)}/11111111-aaaa-4bbb-8ccc-000000000002.jsonl`]: new ClaudeTranscript('11111111-aaaa-4bbb-8ccc-000000000002', path.join(workspace, 'packages', 'ui')).user('Add a button story').toString(),
			// The slug matches but the session ran elsewhere: the slug is lossy, the cwd decides.
			[`${claudeProjectSlug(workspace)}/11111111-aaaa-4bbb-8ccc-000000000003.jsonl`]: new ClaudeTranscript('11111111-aaaa-4bbb-8ccc-000000000003', `${workspace}-old`).user('Elsewhere').toString(),
		});
		const older = path.join(projects, claudeProjectSlug(workspace), '11111111-aaaa-4bbb-8ccc-000000000001.jsonl');
		fs.utimesSync(older, new Date('2026-11-19T10:00:00Z'), new Date('2026-11-19T10:00:00Z'));
		const run = runCli(['sessions', '--workspace', workspace, '--format', 'json'], workspace, env);
		assert.equal(run.status, 0, run.stderr);
		const listed = JSON.parse(run.stdout) as { sessions: { agent: string; id: string; firstPrompt: string; cwd: string; size: number }[] };
		assert.deepEqual(listed.sessions.map(session => [session.agent, session.id, session.firstPrompt]), [
			['claude-code', '11111111-aaaa-4bbb-8ccc-000000000002', 'Add a button story'],
			['claude-code', '11111111-aaaa-4bbb-8ccc-000000000001', 'Fix the build of the ui package'],
		]);
		assert.equal(listed.sessions[1].size, fs.statSync(older).size);

		const text = runCli(['sessions', '--workspace', workspace], workspace, env);
		assert.match(text.stdout, /^2026-11-19 \d\d:\d\d {2}Claude Code {3}\s*\d+(?:\.\d)? KB {2}Fix the build of the ui package$/m);
	});

	test('says so when there are none', () => {
		const { env } = isolatedHome();
		const workspace = temporaryFolder('empty-');
		const run = runCli(['sessions'], workspace, env);
		assert.equal(run.status, 0);
		assert.match(run.stdout, /^No agent sessions found for /);
	});
});

describe('skill-distiller distil', () => {
	test('prints the documented JSON and writes the proposal to --out', () => {
		const workspace = temporaryFolder('shop-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '22222222-aaaa-4bbb-8ccc-000000000001', 'Fix the build of the ui package'));
		writeTree(workspace, { '.claude/skills/writing-docs/SKILL.md': '---\nname: writing-docs\ndescription: Writes documentation pages. Use when the docs need a new page.\n---\n\n# Writing Docs\n' });
		const run = runCli(['distil', transcript, '--library', '.claude/skills', '--out', 'proposals', '--format', 'json'], workspace);
		assert.equal(run.status, 0, run.stderr);
		const output = JSON.parse(run.stdout) as {
			session: { agent: string; id: string; path: string };
			triggers: { kind: string; summary: string; evidence: { line: number; quote: string }[] }[];
			proposals: { dir: string; action: string; target: string | null; name: string }[];
		};
		assert.deepEqual(output.session, { agent: 'claude-code', id: '22222222-aaaa-4bbb-8ccc-000000000001', path: transcript });
		assert.deepEqual(output.triggers.map(trigger => [trigger.kind, trigger.evidence.map(evidence => evidence.line)]), [['workaround', [3, 5, 7, 9]], ['repeated-error', [3, 5, 7]]]);
		assert.deepEqual(output.triggers[1].evidence[0], { line: 3, quote: 'Error: Cannot find module \'@shop/ui\'' });
		assert.deepEqual(output.proposals.map(proposal => [proposal.action, proposal.name, proposal.target, proposal.dir]), [
			['create', 'fixing-build-ui-package', null, path.join(workspace, 'proposals', 'fixing-build-ui-package')],
		]);
		assert.ok(fs.existsSync(path.join(workspace, 'proposals', 'fixing-build-ui-package', 'SKILL.md')));
		assert.ok(fs.existsSync(path.join(workspace, 'proposals', 'fixing-build-ui-package', 'proposal.json')));
	});

	test('exits 0 with nothing to distil, and writes nothing', () => {
		const workspace = temporaryFolder('quiet-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, new ClaudeTranscript().user('What does this repo do?').assistant('It sells shoes.').toString());
		const run = runCli(['distil', transcript], workspace);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /Nothing worth distilling in this session/);
		assert.ok(!fs.existsSync(path.join(workspace, '.skills-proposed')));
		const json = JSON.parse(runCli(['distil', transcript, '--format', 'json'], workspace).stdout) as { proposals: unknown[] };
		assert.deepEqual(json.proposals, []);
	});

	test('--dry-run shows the proposal and writes nothing', () => {
		const workspace = temporaryFolder('dry-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '22222222-aaaa-4bbb-8ccc-000000000002', 'Fix the build'));
		const run = runCli(['distil', transcript, '--dry-run'], workspace);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /^ {2}create {2}fixing-build {2}\(dry run: not written\)$/m);
		assert.ok(!fs.existsSync(path.join(workspace, '.skills-proposed')));
	});

	test('refuses what it cannot read, with the reason and exit code 2', () => {
		const workspace = temporaryFolder('bad-');
		fs.writeFileSync(path.join(workspace, 'notes.json'), '{"title":"not a session"}');
		const unknown = runCli(['distil', 'notes.json'], workspace);
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /notes\.json is not a transcript of a supported agent \(claude-code, /);
		const missing = runCli(['distil', 'nowhere.jsonl'], workspace);
		assert.equal(missing.status, 2);
		assert.match(missing.stderr, /no such transcript file: nowhere\.jsonl/);
	});
});
