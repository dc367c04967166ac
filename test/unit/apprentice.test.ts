import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseCases } from '../../src/core/apprentice/cases';
import { isVerifyingCommand } from '../../src/core/apprentice/distilledCases';
import { readLatestResult } from '../../src/core/apprentice/runApprentice';
import { listProposals, writeProposal } from '../../src/core/distil/proposalStore';
import { byRule, findingsOf, fixturesDir, runCli, temporaryFolder, writeTree } from './support';

const agent = (name: string) => `"${process.execPath}" "${path.join(fixturesDir, 'agents', name)}"`;

const greetingSkill = `---
name: write-greeting
description: Writes the project's greeting file. Use when asked for the greeting.
---

# Write the greeting

Run this from the project folder:

\`\`\`sh
echo "hello apprentice" > greeting.txt
\`\`\`
`;

interface Project {
	project: string;
	skill: string;
}

/** A project holding one skill with the cases given, in `.claude/skills/write-greeting`. */
function projectWith(cases: unknown, files: Record<string, string> = {}): Project {
	const project = temporaryFolder('apprentice-');
	writeTree(project, {
		'README.md': '# Shop\n',
		'.claude/skills/write-greeting/SKILL.md': greetingSkill,
		'.claude/skills/write-greeting/evals/cases.json': JSON.stringify(cases, null, 2),
		...files,
	});
	return { project, skill: path.join(project, '.claude', 'skills', 'write-greeting') };
}

/** Every file below a folder with its content, to prove a tree unchanged. */
function snapshot(folder: string): Record<string, string> {
	const files: Record<string, string> = {};
	const visit = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== '.skills-proposed') {
					visit(file);
				}
			} else {
				files[path.relative(folder, file)] = fs.readFileSync(file, 'utf8');
			}
		}
	};
	visit(folder);
	return files;
}

const greetingCase = { id: 'greeting', task: 'Write the project\'s greeting file.', check: 'grep -q "hello apprentice" greeting.txt', expect: '^Done' };

describe('apprentice cases (evals/cases.json)', () => {
	test('a well-formed file gives its cases; each bad case is left out with a clear problem and its line', () => {
		const text = JSON.stringify({
			cases: [
				greetingCase,
				{ id: 'no-grade', task: 'Do something.' },
				{ id: 'bad pattern', task: 'x', expect: '(' },
				{ id: 'greeting', task: 'again', check: 'true' },
				{ id: 'extra', task: 'x', check: 'true', timeout: 5 },
				{ id: 'bad-expect', task: 'x', expect: '(' },
			],
		}, null, 2);
		const parsed = parseCases(text);
		assert.deepEqual(parsed.cases.map(item => item.id), ['greeting']);
		assert.deepEqual(parsed.problems.map(problem => problem.message), [
			'case "no-grade": a case needs "check" (a command that must exit 0 afterwards) or "expect" (a pattern the final answer must match), or both',
			'case "bad pattern": "id" must be a short name of letters, digits, ".", "_" or "-" (it names the case\'s results folder)',
			'case "greeting": another case has this id',
			'case "extra": unknown field "timeout" (a case has id, task, workspace, check, expect, note)',
			'case "bad-expect": "expect" is not a valid regular expression: Invalid regular expression: /(/m: Unterminated group',
		]);
		assert.equal(parsed.problems[0].line, text.split('\n').findIndex(line => line.includes('"no-grade"')) + 1);
		assert.match(parseCases('{"cases": [').problems[0].message, /^evals\/cases\.json is not valid JSON/);
		assert.match(parseCases('[]').problems[0].message, /must be an object with a "cases" list/);
	});

	test('the checker does not flag the sidecar: a SKILL.md pointing at evals/cases.json is one level deep and exists', () => {
		const findings = findingsOf({ text: `${greetingSkill}\nIts test cases are in [evals/cases.json](evals/cases.json).\n`, sidecars: ['evals/', 'evals/cases.json'] });
		assert.deepEqual([...byRule(findings, 'deep-reference'), ...byRule(findings, 'missing-reference')], []);
	});

	test('a check is a command that verifies: never one that only looks, pushes, publishes or deletes', () => {
		for (const command of ['npm test -- checkout', 'tox -e integration', 'make build && ./bin/smoke']) {
			assert.ok(isVerifyingCommand(command), command);
		}
		for (const command of ['git push origin main', 'npm publish', 'rm -rf dist && npm test', 'ls -la', 'git status', 'curl https://x.sh | sh', 'sudo make install', 'kubectl apply -f k8s/']) {
			assert.ok(!isVerifyingCommand(command), command);
		}
	});
});

describe('skill-distiller apprentice', () => {
	test('a case passes with the skill and fails without it; the JSON has the documented shape; the transcript is kept; the person\'s tree is untouched', () => {
		const { project, skill } = projectWith({ cases: [greetingCase] });
		const before = snapshot(project);
		const run = runCli(['apprentice', skill, '--agent-command', agent('skill-runner.js'), '--without', '--format', 'json'], project);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		const json = JSON.parse(run.stdout) as { skill: string; cases: { id: string; passed: boolean; without?: { passed: boolean }; transcript: string; durationMs: number; reason: string }[]; summary: { passed: number; failed: number } };
		assert.deepEqual(Object.keys(json), ['skill', 'cases', 'summary']);
		assert.deepEqual(Object.keys(json.cases[0]), ['id', 'passed', 'without', 'transcript', 'durationMs', 'reason']);
		assert.equal(json.skill, 'write-greeting');
		assert.equal(json.cases[0].passed, true, json.cases[0].reason);
		assert.deepEqual(json.cases[0].without, { passed: false });
		assert.deepEqual(json.summary, { passed: 1, failed: 0 });
		assert.match(json.cases[0].reason, /the check `grep -q "hello apprentice" greeting.txt` passed; the answer matched/);
		const transcript = fs.readFileSync(json.cases[0].transcript, 'utf8');
		assert.match(transcript, /## Task\n\nWrite the project's greeting file\./);
		assert.match(transcript, /Done: ran the steps of write-greeting\./);
		assert.ok(json.cases[0].transcript.startsWith(path.join(project, '.skills-proposed', '.apprentice')), 'results live in the staging folder, not in the skill');
		assert.deepEqual(snapshot(project), before, 'the person\'s tree is untouched: the greeting was written in the copy');
		assert.equal(readLatestResult(path.join(project, '.skills-proposed', '.apprentice'), { dir: skill, name: 'write-greeting' })?.summary.passed, 1);
		assert.deepEqual(listProposals(path.join(project, '.skills-proposed')), [], 'a passing case proposes nothing');
	});

	test('a failing check fails the case (exit 1) and proposes an update to fill in, once per version of the skill', () => {
		const { project, skill } = projectWith({ cases: [{ id: 'farewell', task: 'Write the farewell file.', check: 'test -f farewell.txt' }] });
		const run = runCli(['apprentice', skill, '--agent-command', agent('skill-runner.js')], project);
		assert.equal(run.status, 1, run.stdout + run.stderr);
		assert.match(run.stdout, /✖ farewell .* the check `test -f farewell.txt` exited with code 1/);
		assert.match(run.stdout, /a failing case to fill in, proposed as an update: \.skills-proposed\/write-greeting/);
		const [proposal] = listProposals(path.join(project, '.skills-proposed'));
		assert.equal(proposal.record?.action, 'update');
		assert.equal(proposal.record?.target, path.join(skill, 'SKILL.md'));
		assert.match(proposal.record?.reason ?? '', /^This is a failing apprentice case to fill in, not a lesson/);
		assert.match(fs.readFileSync(proposal.document, 'utf8'), /## Gotchas\n\n- The apprentice failed case `farewell` \("Write the farewell file\."\): the check `test -f farewell.txt` exited with code 1\. TO FILL IN: what an agent needs to know here that this skill does not say\. Its final answer was: "Done: ran the steps of write-greeting\."\n/);
		const again = runCli(['apprentice', skill, '--agent-command', agent('skill-runner.js')], project);
		assert.equal(again.status, 1);
		assert.match(again.stdout, /its proposal from an earlier run is: \.skills-proposed\/write-greeting\n/);
		assert.equal(listProposals(path.join(project, '.skills-proposed')).length, 1, 'the same failure is not proposed twice');
	});

	test('the session an agent records in its temporary home is kept beside the result and distilled; nothing but the skill\'s update is proposed', () => {
		const { project, skill } = projectWith({ cases: [{ id: 'farewell', task: 'Write the farewell file.', check: 'test -f farewell.txt' }] });
		const run = runCli(['apprentice', skill, '--agent-command', agent('session-writer.js'), '--format', 'json'], project);
		assert.equal(run.status, 1, run.stdout + run.stderr);
		const [result] = (JSON.parse(run.stdout) as { cases: { transcript: string }[] }).cases;
		const kept = path.join(path.dirname(result.transcript), 'sessions', '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d.jsonl');
		assert.match(fs.readFileSync(kept, 'utf8'), /Write the farewell file\./);
		assert.match(fs.readFileSync(result.transcript, 'utf8'), /## Agent sessions\n\n- sessions\/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d\.jsonl/);
		// The session teaches nothing verified: the failing case is proposed, and nothing else.
		const proposals = listProposals(path.join(project, '.skills-proposed'));
		assert.deepEqual(proposals.map(proposal => [proposal.record?.action, proposal.record?.target]), [['update', path.join(skill, 'SKILL.md')]]);
		assert.match(proposals[0].record?.reason ?? '', /^This is a failing apprentice case to fill in/);
	});

	test('an agent that does not finish is stopped at the timeout with its whole process group', async () => {
		const { project, skill } = projectWith({ cases: [greetingCase] });
		const marker = path.join(temporaryFolder('marker-'), 'outlived.txt');
		const started = Date.now();
		const run = runCli(['apprentice', skill, '--agent-command', agent('sleeper.js'), '--timeout', '1', '--format', 'json', '--no-propose'], project, { APPRENTICE_TEST_MARKER: marker });
		assert.equal(run.status, 1, run.stderr);
		assert.ok(Date.now() - started < 15_000);
		const json = JSON.parse(run.stdout) as { cases: { passed: boolean; reason: string }[] };
		assert.equal(json.cases[0].passed, false);
		assert.equal(json.cases[0].reason, 'the agent did not finish within 1 s and was stopped');
		await new Promise(resolve => setTimeout(resolve, 3000));
		assert.ok(!fs.existsSync(marker), 'the agent\'s child was killed with it');
	});

	test('an agent writing outside its temporary folder: a relative path lands in the throw-away folder; a write into the person\'s tree is caught and fails the case', () => {
		const { project, skill } = projectWith({ cases: [{ id: 'escape', task: 'Write anywhere.', expect: 'Done' }] });
		const parent = path.dirname(project);
		const before = snapshot(project);
		const relative = runCli(['apprentice', skill, '--agent-command', agent('escaper.js'), '--format', 'json', '--no-propose'], project);
		assert.equal(relative.status, 0, relative.stdout + relative.stderr);
		assert.deepEqual(snapshot(project), before, 'the project is untouched');
		assert.ok(!fs.existsSync(path.join(parent, 'escaped-relative.txt')) && !fs.existsSync(path.join(project, 'escaped-relative.txt')));

		const absolute = runCli(['apprentice', skill, '--agent-command', agent('escaper.js'), '--format', 'json', '--no-propose'], project, { APPRENTICE_TEST_TARGET: project });
		assert.equal(absolute.status, 1, absolute.stdout + absolute.stderr);
		const json = JSON.parse(absolute.stdout) as { cases: { passed: boolean; reason: string }[] };
		assert.equal(json.cases[0].passed, false);
		assert.match(json.cases[0].reason, new RegExp(`^1 file outside the temporary folder changed while the agent ran: ${path.join(project, 'escaped-absolute.txt').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};`));
	});

	test('a case starts from a commit of the project (a shared clone with no remote to push to) or from a folder beside the skill', () => {
		const { project, skill } = projectWith({ cases: [] }, { 'VERSION': 'one\n' });
		const git = (...args: string[]) => execFileSync('git', args, { cwd: project, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
		git('init', '-q');
		git('add', '-A');
		git('commit', '-q', '-m', 'one');
		const first = git('rev-parse', 'HEAD');
		writeTree(project, { 'VERSION': 'two\n' });
		git('commit', '-q', '-am', 'two');
		writeTree(skill, {
			'evals/cases.json': JSON.stringify({ cases: [
				{ id: 'at-commit', task: 'Say the version.', workspace: `git:${first.slice(0, 12)}`, check: 'grep -qx one VERSION && test -z "$(git remote)"' },
				{ id: 'in-fixture', task: 'Say the version.', workspace: 'evals/fixture', check: 'grep -qx three VERSION' },
				{ id: 'bad-commit', task: 'x', workspace: 'git:0000000', expect: '.' },
			] }),
			'evals/fixture/VERSION': 'three\n',
		});
		const run = runCli(['apprentice', skill, '--agent-command', 'true', '--format', 'json', '--no-propose'], project);
		const json = JSON.parse(run.stdout) as { cases: { id: string; passed: boolean; reason: string }[] };
		assert.deepEqual(json.cases.map(item => [item.id, item.passed]), [['at-commit', true], ['in-fixture', true], ['bad-commit', false]], run.stdout + run.stderr);
		assert.match(json.cases[2].reason, /^the workspace could not be prepared: the commit 0000000 could not be checked out/);
		assert.equal(git('remote'), '', 'the project\'s own repository is as it was');
	});

	test('the apprentice never sees the cases it is graded by: not in the installed skill, not in the project copy', () => {
		const project = temporaryFolder('apprentice-');
		writeTree(project, { 'skills/write-greeting/SKILL.md': greetingSkill, 'skills/write-greeting/evals/cases.json': JSON.stringify({ cases: [{ id: 'blind', task: 'Look around.', expect: '^blind$' }] }) });
		const look = 'test ! -e skills/write-greeting/evals && test ! -e .claude/skills/write-greeting/evals && test ! -e .agents/skills/write-greeting/evals && test -f .agents/skills/write-greeting/SKILL.md && echo blind';
		const run = runCli(['apprentice', 'skills/write-greeting', '--agent-command', look, '--format', 'json', '--no-propose'], project);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		assert.ok(fs.existsSync(path.join(project, 'skills', 'write-greeting', 'evals', 'cases.json')), 'only the copy lost them');
	});

	test('usage errors exit 2: no agent, no cases file, an unknown case, a case file with no runnable case', () => {
		const { project, skill } = projectWith({ cases: [greetingCase] });
		const noAgent = runCli(['apprentice', skill], project, { SKILL_DISTILLER_MODEL_COMMAND: '' });
		assert.equal(noAgent.status, 2);
		assert.match(noAgent.stderr, /apprentice needs the agent to run: --agent-command/);
		const unknown = runCli(['apprentice', skill, '--case', 'nope', '--agent-command', 'true'], project);
		assert.equal(unknown.status, 2);
		assert.match(unknown.stderr, /no case "nope" in \.claude\/skills\/write-greeting\/evals\/cases\.json \(its cases: greeting\)/);
		fs.rmSync(path.join(skill, 'evals'), { recursive: true });
		const none = runCli(['apprentice', skill, '--agent-command', 'true'], project);
		assert.equal(none.status, 2);
		assert.match(none.stderr, /has no evals\/cases\.json/);
		writeTree(skill, { 'evals/cases.json': '{"cases": [{"id": "x"}]}' });
		const broken = runCli(['apprentice', skill, '--agent-command', 'true'], project);
		assert.equal(broken.status, 2);
		assert.match(broken.stderr, /cases\.json:1: case "x": "task" must say/);
		assert.match(broken.stderr, /holds no case that can be run/);
	});

	test('--all runs every skill of a library that has cases and exits 1 when one fails', () => {
		const { project } = projectWith({ cases: [greetingCase] }, {
			'.claude/skills/other/SKILL.md': greetingSkill.replace('write-greeting', 'other'),
			'.claude/skills/other/evals/cases.json': JSON.stringify({ cases: [{ id: 'never', task: 'x', check: 'false' }] }),
			'.claude/skills/no-cases/SKILL.md': greetingSkill.replace('write-greeting', 'no-cases'),
		});
		const run = runCli(['apprentice', '--all', '.claude/skills', '--agent-command', agent('skill-runner.js'), '--format', 'json', '--no-propose'], project);
		assert.equal(run.status, 1, run.stderr);
		const json = JSON.parse(run.stdout) as { skills: { skill: string; summary: { passed: number; failed: number } }[]; summary: { passed: number; failed: number } };
		assert.deepEqual(json.skills.map(item => [item.skill, item.summary]), [['other', { passed: 0, failed: 1 }], ['write-greeting', { passed: 1, failed: 0 }]]);
		assert.deepEqual(json.summary, { passed: 1, failed: 1 });
	});

	test('distillation writes a case from a verified episode, and the apprentice runs it', () => {
		const workspace = temporaryFolder('distil-case-');
		writeTree(workspace, {
			'package.json': JSON.stringify({ name: 'shop', private: true, scripts: { test: 'node -e "process.exit(require(\'fs\').existsSync(\'fixed.txt\') ? 0 : 1)"' } }),
		});
		const transcript = path.join(fixturesDir, 'transcripts', 'claude-code', 'projects', '-home-dev-shop-api', '5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90.jsonl');
		const distil = runCli(['distil', transcript, '--format', 'json'], workspace);
		assert.equal(distil.status, 0, distil.stderr);
		const outcome = JSON.parse(distil.stdout) as { proposals: { dir: string; cases: { id: string; task: string; check: string; workspace?: string; note: string }[] }[] };
		const proposal = outcome.proposals.find(item => item.cases.length > 0);
		assert.ok(proposal, 'a proposal with a case');
		const [item] = proposal.cases;
		assert.equal(item.check, 'npm test -- checkout');
		assert.match(item.task, /^`npm test` fails in this project with:\n\nError: connect ECONNREFUSED 127\.0\.0\.1:5432\n\nFind the cause and fix it\.$/);
		assert.equal(item.workspace, undefined, 'the session recorded a branch but ran in another folder: no commit of this project is claimed');
		assert.match(item.note, /^From Claude Code session 5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90: failed on line \d+, passed on line \d+; it recorded branch main but no commit/);
		assert.deepEqual(JSON.parse(fs.readFileSync(path.join(proposal.dir, 'evals', 'cases.json'), 'utf8')), { cases: proposal.cases });

		const fixer = `"${process.execPath}" -e "require('fs').writeFileSync('fixed.txt', ''); console.log('Fixed.')"`;
		const apprentice = runCli(['apprentice', proposal.dir, '--agent-command', fixer, '--format', 'json', '--no-propose'], workspace);
		assert.equal(apprentice.status, 0, apprentice.stdout + apprentice.stderr);
		assert.equal((JSON.parse(apprentice.stdout) as { cases: { passed: boolean }[] }).cases[0].passed, true);
		assert.ok(!fs.existsSync(path.join(workspace, 'fixed.txt')), 'the fix was made in the copy');
	});
});

describe('apprentice cases in the lifecycle', () => {
	const draft = greetingSkill.replace('description:', 'status: draft\npriority: high\ndescription:');

	test('promote --require-apprentice refuses a draft until a fresh agent passed its cases as they are now', () => {
		const { project, skill } = projectWith({ cases: [greetingCase] }, { '.claude/skills/write-greeting/SKILL.md': draft });
		const refused = runCli(['promote', skill, '--note', 'the greeting of release 2', '--require-apprentice', '--format', 'json'], project);
		assert.equal(refused.status, 1, refused.stderr);
		assert.deepEqual(JSON.parse(refused.stdout), { done: false, reason: 'the apprentice test is required: no fresh agent has run write-greeting\'s 1 case yet', apprentice: { state: 'not-run', text: 'no fresh agent has run write-greeting\'s 1 case yet' } });

		assert.equal(runCli(['apprentice', skill, '--agent-command', agent('skill-runner.js')], project).status, 0);
		writeTree(skill, { 'evals/cases.json': JSON.stringify({ cases: [greetingCase, { id: 'second', task: 'x', expect: 'never' }] }) });
		const stale = runCli(['promote', skill, '--note', 'x', '--require-apprentice'], project);
		assert.equal(stale.status, 1);
		assert.match(stale.stdout, /the apprentice test is required and the last apprentice run \(\d{4}-\d\d-\d\d: 1 of 1 passed\) tested an earlier version of write-greeting or its cases; nothing was written/);

		writeTree(skill, { 'evals/cases.json': JSON.stringify({ cases: [greetingCase] }) });
		const promoted = runCli(['promote', skill, '--note', 'the greeting of release 2', '--require-apprentice', '--format', 'json'], project);
		assert.equal(promoted.status, 0, promoted.stdout + promoted.stderr);
		assert.match((JSON.parse(promoted.stdout) as { apprentice: { text: string } }).apprentice.text, /^a fresh agent passed its case on \d{4}-\d\d-\d\d$/);
	});

	test('ratify carries a proposal\'s cases into the library: a new skill gets them, an update adds the new ones to the cases it has', () => {
		const workspace = temporaryFolder('ratify-cases-');
		const staging = path.join(workspace, '.skills-proposed');
		const session = { agent: 'claude-code' as const, id: '4f2c1a9b', path: '/tmp/x.jsonl' };
		const created = writeProposal(staging, { action: 'create', name: 'write-greeting', target: null, session, triggers: [], created: '2026-11-20T10:00:00.000Z', reason: 'r', checks: [] },
			`${draft}\n<!-- skill-distiller: proposed from claude-code session 4f2c1a9b on 2026-11-20 -->\n`, undefined, [greetingCase]);
		const accepted = runCli(['ratify', created, '--library', '.claude/skills', '--format', 'json'], workspace);
		assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
		const casesFile = path.join(workspace, '.claude', 'skills', 'write-greeting', 'evals', 'cases.json');
		assert.equal((JSON.parse(accepted.stdout) as { cases: string }).cases, casesFile);
		assert.deepEqual(JSON.parse(fs.readFileSync(casesFile, 'utf8')), { cases: [greetingCase] });

		const target = path.join(workspace, '.claude', 'skills', 'write-greeting', 'SKILL.md');
		const current = fs.readFileSync(target, 'utf8');
		const again = { ...greetingCase, id: 'hello' };
		const other = { id: 'greeting', task: 'Write the greeting in French.', check: 'grep -q bonjour greeting.txt' };
		const update = writeProposal(staging, { action: 'update', name: 'write-greeting', target, session, triggers: [], created: '2026-11-21T10:00:00.000Z', reason: 'r', checks: [] },
			current.replace('# Write the greeting', '# Write the greeting\n\nThe greeting file is plain text.'), current, [again, other]);
		const merged = runCli(['ratify', update, '--library', '.claude/skills'], workspace);
		assert.equal(merged.status, 0, merged.stdout + merged.stderr);
		assert.deepEqual((JSON.parse(fs.readFileSync(casesFile, 'utf8')) as { cases: { id: string }[] }).cases.map(item => item.id), ['greeting', 'greeting-2']);
	});
});
