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

/** A struggle's lines: the three failures are at 3, 5 and 7, the passing build at 9. */
const failureLines = [3, 5, 7];

describe('skill-distiller distil', () => {
	test('prints the documented JSON, episodes and noted included, and writes the proposal to --out', () => {
		const workspace = temporaryFolder('shop-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '22222222-aaaa-4bbb-8ccc-000000000001', 'Fix the build of the ui package'));
		writeTree(workspace, { '.claude/skills/writing-docs/SKILL.md': '---\nname: writing-docs\ndescription: Writes documentation pages. Use when the docs need a new page.\n---\n\n# Writing Docs\n' });
		const run = runCli(['distil', transcript, '--library', '.claude/skills', '--out', 'proposals', '--format', 'json'], workspace);
		assert.equal(run.status, 0, run.stderr);
		const output = JSON.parse(run.stdout) as {
			session: { agent: string; id: string; path: string };
			triggers: { kind: string; summary: string; evidence: { line: number; quote: string }[] }[];
			episodes: { check: string; symptom: { line: number; quote: string }; attempts: { line: number }[]; resolution?: { passed: { line: number } } }[];
			noted: unknown[];
			proposals: { dir: string; action: string; target: string | null; name: string }[];
		};
		assert.deepEqual(output.session, { agent: 'claude-code', id: '22222222-aaaa-4bbb-8ccc-000000000001', path: transcript });
		assert.deepEqual(output.triggers.map(trigger => [trigger.kind, trigger.evidence.map(evidence => evidence.line)]), [['resolved-failure', [3, 9]]]);
		assert.deepEqual(output.episodes.map(episode => [episode.check, episode.symptom, episode.attempts.map(attempt => attempt.line), episode.resolution?.passed.line]), [
			['npm run build', { line: 3, quote: 'Error: Cannot find module \'@shop/ui\'' }, failureLines.slice(1), 9],
		]);
		assert.deepEqual(output.noted, []);
		assert.deepEqual(output.proposals.map(proposal => [proposal.action, proposal.name, proposal.target, proposal.dir]), [
			['create', 'npm-build-module-resolution', null, path.join(workspace, 'proposals', 'npm-build-module-resolution')],
		]);
		const skill = fs.readFileSync(path.join(workspace, 'proposals', 'npm-build-module-resolution', 'SKILL.md'), 'utf8');
		assert.match(skill, /^- \*\*Symptom:\*\* `Error: Cannot find module '@shop\/ui'` from `npm run build`\. \*\*Fix:\*\* ran `npm run build --workspaces` instead of `npm run build`; `npm run build` then passed\.$/m);
		assert.ok(fs.existsSync(path.join(workspace, 'proposals', 'npm-build-module-resolution', 'proposal.json')));
	});

	test('exits 0 with nothing to distil, and writes nothing', () => {
		const workspace = temporaryFolder('quiet-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, new ClaudeTranscript().user('What does this repo do?').assistant('It sells shoes.').toString());
		const run = runCli(['distil', transcript], workspace);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /Nothing to learn in this session/);
		assert.ok(!fs.existsSync(path.join(workspace, '.skills-proposed')));
		const json = JSON.parse(runCli(['distil', transcript, '--format', 'json'], workspace).stdout) as { proposals: unknown[] };
		assert.deepEqual(json.proposals, []);
	});

	test('--dry-run shows the episode and the proposal and writes nothing', () => {
		const workspace = temporaryFolder('dry-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '22222222-aaaa-4bbb-8ccc-000000000002', 'Fix the build'));
		const run = runCli(['distil', transcript, '--dry-run'], workspace);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /^Episodes \(a check failing, then passing\):\n {2}npm run build {2}line 3: Error: Cannot find module '@shop\/ui'\n {4}passed, line 9: npm run build --workspaces$/m);
		assert.match(run.stdout, /^ {2}create {2}npm-build-module-resolution {2}\(dry run: not written\)$/m);
		assert.ok(!fs.existsSync(path.join(workspace, '.skills-proposed')));
	});

	test('--brief prints a brief for an agent, with the condensed session and no raw transcript, and writes nothing', () => {
		const workspace = temporaryFolder('brief-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '22222222-aaaa-4bbb-8ccc-000000000003', 'Fix the build'));
		const run = runCli(['distil', transcript, '--brief'], workspace);
		assert.equal(run.status, 0, run.stderr);
		assert.match(run.stdout, /^# Distil a session into skills\n/);
		assert.ok(run.stdout.includes(`Write each proposal as a folder in \`${path.join(workspace, '.skills-proposed')}\``));
		assert.match(run.stdout, /### `npm run build`\n- failed: Error: Cannot find module '@shop\/ui' \[line 3\]/);
		assert.ok(!run.stdout.includes('"type":"user"') && !run.stdout.includes('parentUuid'), 'no raw transcript records');
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
		const memory = runCli(['distil', 'notes.json', '--memory-file', 'README.md'], workspace);
		assert.equal(memory.status, 2);
		assert.match(memory.stderr, /--memory-file must be a memory file agents read \(CLAUDE\.md, AGENTS\.md, MEMORY\.md, GEMINI\.md, \.github\/copilot-instructions\.md\), not "README\.md"/);
	});
});

describe('skill-distiller distil with a model command', () => {
	/** A script standing in for `claude -p`: it keeps the prompt it was given and answers as told. */
	function modelScript(folder: string, behaviour: string): string {
		const script = path.join(folder, 'model.js');
		fs.writeFileSync(script, `const fs = require('fs');\nconst prompt = fs.readFileSync(0, 'utf8');\nfs.writeFileSync(${JSON.stringify(path.join(folder, 'prompt.txt'))}, prompt);\n${behaviour}\n`);
		return `node ${JSON.stringify(script)}`;
	}

	function session(): { workspace: string; transcript: string } {
		const workspace = temporaryFolder('model-');
		const transcript = path.join(workspace, 'session.jsonl');
		fs.writeFileSync(transcript, struggle(workspace, '33333333-aaaa-4bbb-8ccc-000000000001', 'Fix the build'));
		return { workspace, transcript };
	}

	const answer = {
		name: 'npm-workspace-builds',
		description: 'Builds every workspace package so local imports resolve. Use when a build cannot find a workspace package.',
		lessons: [{ section: 'Failure Modes', text: 'When a build cannot find a workspace package (`@scope/name`), build all workspaces with `npm run build --workspaces`.', evidence: [3, 9] }],
	};

	test('writes the lessons the model gave, after checking them, from a prompt that holds the condensed session only', () => {
		const { workspace, transcript } = session();
		const run = runCli(['distil', transcript, '--format', 'json', '--model-command', modelScript(workspace, `process.stdout.write(${JSON.stringify(JSON.stringify(answer))});`)], workspace);
		assert.equal(run.status, 0, run.stderr);
		const output = JSON.parse(run.stdout) as { proposals: { name: string; dir: string }[]; notes: string[] };
		assert.deepEqual(output.proposals.map(proposal => proposal.name), ['npm-workspace-builds']);
		assert.deepEqual(output.notes, []);
		const skill = fs.readFileSync(path.join(output.proposals[0].dir, 'SKILL.md'), 'utf8');
		assert.match(skill, /^- When a build cannot find a workspace package \(`@scope\/name`\), build all workspaces with `npm run build --workspaces`\.$/m);
		assert.match(fs.readFileSync(path.join(output.proposals[0].dir, 'proposal.json'), 'utf8'), /"generalisedBy": "command: node /);
		const prompt = fs.readFileSync(path.join(workspace, 'prompt.txt'), 'utf8');
		assert.match(prompt, /# The session, condensed\n\n## Episodes \(a check failing, then passing\)\n\n### `npm run build`/);
		assert.ok(!prompt.includes('parentUuid'), 'never the raw transcript');
	});

	test('SKILL_DISTILLER_MODEL_COMMAND names the command when --model-command does not', () => {
		const { workspace, transcript } = session();
		const run = runCli(['distil', transcript, '--format', 'json'], workspace, { SKILL_DISTILLER_MODEL_COMMAND: modelScript(workspace, `process.stdout.write(${JSON.stringify(JSON.stringify(answer))});`) });
		assert.deepEqual((JSON.parse(run.stdout) as { proposals: { name: string }[] }).proposals.map(proposal => proposal.name), ['npm-workspace-builds']);
	});

	test('invalid JSON, no answer, a failing command or a slow one: the deterministic lessons are written, with the reason', () => {
		const cases: [string, string[], RegExp][] = [
			['process.stdout.write("I cannot help with that.");', [], /answer was not used: the answer holds no JSON object; the lessons were written without it\.$/],
			['', [], /did not answer: it answered nothing; the lessons were written without it\.$/],
			['process.stderr.write("quota exceeded\\n"); process.exit(3);', [], /did not answer: it exited with code 3: quota exceeded; the lessons were written without it\.$/],
			['setTimeout(() => process.stdout.write("{}"), 20000);', ['--model-timeout', '1'], /did not answer: no answer within 1 s; the lessons were written without it\.$/],
			[`process.stdout.write(${JSON.stringify(JSON.stringify({ ...answer, lessons: [{ ...answer.lessons[0], evidence: [42] }] }))});`, [], /does not rest on lines of the session \(\[42\]\)/],
		];
		for (const [behaviour, extra, note] of cases) {
			const { workspace, transcript } = session();
			const started = Date.now();
			const run = runCli(['distil', transcript, '--format', 'json', '--model-command', modelScript(workspace, behaviour), ...extra], workspace);
			assert.equal(run.status, 0, run.stderr);
			const output = JSON.parse(run.stdout) as { proposals: { name: string }[]; notes: string[] };
			assert.deepEqual(output.proposals.map(proposal => proposal.name), ['npm-build-module-resolution'], behaviour);
			assert.equal(output.notes.length, 1, behaviour);
			assert.match(output.notes[0], note);
			assert.ok(Date.now() - started < 15_000, 'the slow command was stopped');
		}
	});
});
