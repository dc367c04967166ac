import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { placeLessons } from '../../src/core/distil/classify';
import { distilSession } from '../../src/core/distil/distilSession';
import type { Lesson, SessionFindings } from '../../src/core/distil/lessons';
import { type LanguageModel, parseModelAnswer } from '../../src/core/distil/modelWriter';
import { lessonCommand, withPlaceholders } from '../../src/core/distil/placeholders';
import { listProposals, parseProposalRecord, type ProposalRecord, readLedger, writeProposal } from '../../src/core/distil/proposalStore';
import { type DraftSource, descriptionForLessons, maxAddedLines, mergeLessons, nameForLessons, renderNewSkill } from '../../src/core/distil/skillDraft';
import { indexedLibrary } from '../../src/core/library/distilLibrary';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { UnknownTranscriptError } from '../../src/core/sessions/adapters';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { analyzeText, listFindings, temporaryFolder, testConfig, testRoot, testToday } from './support';

/**
 * From a session's moments and episodes to proposals a person would keep (the distillation
 * issue, §3–§7): the gate, the faithful writer, names and descriptions from the lesson, placement,
 * the ledger, and the model path with its fallback.
 */

const source: DraftSource = { agentLabel: 'Claude Code', agent: 'claude-code', sessionId: '4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234', today: testToday, triggers: ['resolved-failure'] };

function findings(partial: Partial<SessionFindings>): SessionFindings {
	return { triggers: [], episodes: [], moments: [], noted: [], skillsUsed: [], skillsWritten: [], counts: { events: 0, userMessages: 0, toolCalls: 0, errors: 0 }, ...partial };
}

function librarySkill(folder: string, description: string, body = '\n# Skill\n'): SkillAnalysis {
	return analyzeText({ folder, text: `---\nname: ${folder}\ndescription: ${description}\n---\n${body}` });
}

const failureMode: Lesson = {
	key: 'episode pytest', section: 'Failure Modes', trigger: 'resolved-failure', evidence: [{ line: 5, quote: 'ModuleNotFoundError' }], terms: ['pytest', 'modulenotfounderror'],
	text: '**Symptom:** `ModuleNotFoundError: No module named \'shop\'` from `pytest`. **Fix:** ran `python -m pytest tests/payment`; `pytest` then passed.',
};
const rule: Lesson = { key: 'rule mocks', section: 'Key Rules', trigger: 'user-rule', evidence: [{ line: 9, quote: 'never mock' }], terms: [], projectFact: true, text: '"Never mock the payment gateway in integration tests." — the person\'s rule.' };

/** A session that struggled with pytest three times, found the way (the agent said why), then was told a rule. */
function pytestSession(): ClaudeTranscript {
	const transcript = new ClaudeTranscript()
		.raw('{"type":"file-history-snapshot","messageId":"m0","snapshot":{"messageId":"m0","trackedFileBackups":{},"timestamp":"2026-11-20T10:00:00.000Z"},"isSnapshotUpdate":false}')
		.user('<command-name>/clear</command-name>', { isMeta: true })
		.user('Fix the failing payment tests in tests/payment (PAY-1234)');
	for (let attempt = 0; attempt < 3; attempt++) {
		transcript.bash('pytest tests/payment', `Traceback (most recent call last):\n  File "/work/shop/tests/payment/test_refund.py", line ${attempt + 3}\nModuleNotFoundError: No module named 'shop'`, 1);
	}
	return transcript
		.assistant('The issue is that pytest does not put the repository root on sys.path, so the package cannot be imported.')
		.bash('python -m pytest tests/payment', '5 passed in 0.31s')
		.user('No, don\'t pip install anything in this repo: we use uv. My key is AKIAQWERTYUIOPASDFGH.')
		.bash('uv sync', 'Resolved 12 packages');
}

function writeTranscript(transcript: ClaudeTranscript | string): string {
	const file = path.join(temporaryFolder('transcript-'), 'session.jsonl');
	fs.writeFileSync(file, transcript.toString());
	return file;
}

function library(skills: SkillAnalysis[] = []) {
	const index = new LibraryIndex(testConfig());
	skills.forEach(skill => index.add(skill));
	return indexedLibrary(index, testConfig(), { markdownlint: () => [], exists: () => false, modifiedDate: () => undefined }, testRoot);
}

function everythingIn(folder: string): string {
	return fs.readdirSync(folder, { recursive: true }).map(name => path.join(folder, String(name))).filter(file => fs.statSync(file).isFile()).map(file => fs.readFileSync(file, 'utf8')).join('\n');
}

describe('the gate', () => {
	test('a session with nothing to learn writes nothing and says why, in its noted list', async () => {
		const staging = temporaryFolder('staging-');
		const transcript = writeTranscript(new ClaudeTranscript()
			.user('install the wifiman app').bash('sudo apt install ./wifiman.deb', 'sudo: a terminal is required to read the password', 1)
			.reject('sudo apt install ./wifiman.deb').interrupt());
		const outcome = await distilSession({ transcript, library: library(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.deepEqual(outcome.proposals, []);
		assert.match(outcome.notes[0], /^Nothing to learn in this session: no fix that a passing run verified, no rule the person stated, no correction the agent acted on \(2 moments noted, with why\)\. Nothing was written\.$/);
		assert.deepEqual(outcome.noted.map(item => item.why), ['no later run of the same check passed, so nothing verifies a fix', 'nothing the person said followed it']);
		assert.deepEqual(fs.readdirSync(staging), []);
	});
});

describe('the deterministic writer', () => {
	test('a verified fix reads symptom, fix and the agent\'s diagnosis; the person\'s words stay whole; ticket ids and secrets stay out', async () => {
		const staging = temporaryFolder('staging-');
		const outcome = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.deepEqual(outcome.triggers.map(trigger => `${trigger.kind}@${trigger.evidence[0].line}`), ['resolved-failure@5', 'user-correction@13']);
		assert.deepEqual(outcome.lessons.map(lesson => lesson.text), [
			'**Symptom:** `ModuleNotFoundError: No module named \'shop\'` from `pytest`. **Fix:** ran `python -m pytest tests/payment` instead of `pytest tests/payment`; `pytest` then passed. **Diagnosis (the agent\'s):** "The issue is that pytest does not put the repository root on sys.path, so the package cannot be imported."',
			'"No, don\'t pip install anything in this repo: we use uv." — the person\'s rule, said after the agent ran `python -m pytest tests/payment`.',
		]);
		assert.deepEqual(outcome.proposals.map(proposal => [proposal.action, proposal.name]), [['create', 'pytest-module-resolution'], ['memory', 'project-memory']]);
		assert.ok(!everythingIn(staging).includes('AKIAQWERTYUIOPASDFGH'), 'the planted key is written nowhere');
		assert.ok(!everythingIn(staging).includes('PAY-1234'), 'the ticket id names nothing');
	});

	test('a step the person rejected is never the fix: it becomes "Don\'t" with their words', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.bash('npm run release-notes', 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'', 1)
				.bash('npm run release-notes -- --changelog docs/CHANGELOG.md', 'Wrote release-notes/2026-11.md')
				.user('No, don\'t pass the path every time: make docs/ the default in scripts/release-notes.mjs.')
				.tool('Edit', { file_path: '/work/shop/scripts/release-notes.mjs', old_string: 'a', new_string: 'b' }, 'The file has been updated.')
				.bash('npm run release-notes', 'Wrote release-notes/2026-11.md')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons.map(lesson => lesson.text), [
			'**Symptom:** `Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'` from `npm run release-notes`. **Don\'t:** run `npm run release-notes -- --changelog docs/CHANGELOG.md` — the person: "No, don\'t pass the path every time: make docs/ the default in scripts/release-notes.mjs." **Fix:** edited `scripts/release-notes.mjs`; `npm run release-notes` then passed.',
		]);
	});

	test('one-off commands are not pasted; ids, hashes and branches become placeholders; paths become the project\'s', () => {
		assert.equal(lessonCommand('cat > fix.py <<\'EOF\'\nprint(1)\nEOF', {}), undefined);
		assert.equal(lessonCommand('python3 -c "import sqlite3; print(1)"', {}), undefined);
		assert.equal(lessonCommand('cd /home/dev/shop && git push origin feature/PAY-1234-refunds', { cwd: '/home/dev/shop', home: '/home/dev' }), 'cd . && git push origin <branch>');
		assert.equal(withPlaceholders('gh run view 20868469928 --log-failed'), 'gh run view <id> --log-failed');
		assert.equal(withPlaceholders('git revert 5fa2423c'), 'git revert <hash>');
	});

	test('forcing past a safeguard, or trying other arguments without knowing why, resolves a failure but teaches nothing', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.bash('git push --force-with-lease origin feature/refunds', 'error: failed to push some refs to \'origin\'\n ! [rejected] feature/refunds (stale info)', 1)
				.bash('git push --force origin feature/refunds', '+ 1a2b3c4...5d6e7f8 feature/refunds -> feature/refunds (forced update)')
				.bash('curl -s https://status.example.com/api', 'curl: (28) Operation timed out after 10001 milliseconds', 28)
				.bash('curl -s --retry 3 https://status.example.com/api', '{"status":"ok"}')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.triggers.map(trigger => trigger.kind), ['resolved-failure', 'resolved-failure']);
		assert.deepEqual(outcome.lessons, []);
		assert.deepEqual(outcome.noted.map(item => item.why).sort(), [
			'it passed only by forcing past a safeguard (`--force`), which fixes nothing',
			'it passed with other arguments, and the error does not say why: what they were is this session\'s, not a lesson',
		]);
	});

	test('a changed argument does not take the credit for other work done before the check passed', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.bash('powershell "Resolve-DnsName google.com -DnsOnly"', 'Resolve-DnsName : google.com : DNS operation refused', 1)
				.bash('ssh root@router "uci add_list dhcp.@dnsmasq[0].server=127.0.0.1#5335 && uci commit dhcp"', '')
				.bash('powershell "Resolve-DnsName google.com"', 'google.com  A  142.250.0.1')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons, []);
		assert.match(outcome.noted.map(item => item.why).join('\n'), /passed after other work the session does not tie to it/);
	});

	test('a bug in the project\'s own code, fixed by editing it, is noted, not a lesson', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.bash('npm test', 'FAIL src/cart.test.ts\n  ● total › adds tax\n    expect(received).toBe(expected)\n    Expected: 110\n    Received: 100', 1)
				.tool('Edit', { file_path: '/work/shop/src/cart.ts', old_string: 'a', new_string: 'b' }, 'The file has been updated.')
				.bash('npm test', 'Tests: 12 passed')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons, []);
		assert.match(outcome.noted.map(item => item.why).join('\n'), /a bug fix, not a lesson for a skill/);
	});
});

describe('what a correction or a refusal teaches', () => {
	test('a correction about the moment is noted; one that says how things are is kept whole', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.user('run the integration tests').bash('tox -e unit', '12 passed')
				.user('The integration tests are also failing.').bash('tox -e integration', '3 passed')
				.user('Are you looking in the workload container, not the charm container?').bash('kubectl exec sungather-0 -c sungather -- ls /opt', 'venv')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons.map(lesson => lesson.text), ['"Are you looking in the workload container, not the charm container?" — the person, correcting the agent after it ran `tox -e integration`.']);
		assert.match(outcome.noted.map(item => `${item.summary} :: ${item.why}`).join('\n'), /also failing.*nothing to keep/);
	});

	test('a refusal whose reason is about something else quotes the reason; it does not forbid the command', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.user('deploy it').reject('kubectl get pods -n testing', 'The upstream image is broken, that is why we built a rock. Use the rock we built.')
				.reject('sudo apt install cupy', 'never use sudo apt here')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons.map(lesson => [lesson.text, lesson.forbids]), [
			['"The upstream image is broken, that is why we built a rock. Use the rock we built." — the person, refusing to let the agent run `kubectl get pods -n testing`.', undefined],
			['Don\'t run `sudo apt install cupy`: the person refused it — "never use sudo apt here"', 'sudo apt install cupy'],
		]);
	});

	test('a folder the shell was already in: the lesson says the working directory carries over', async () => {
		const outcome = await distilSession({
			transcript: writeTranscript(new ClaudeTranscript()
				.bash('cd rock && rockcraft pack', '/bin/bash: line 1: cd: rock: No such file or directory', 1)
				.bash('rockcraft pack', 'Packed sungather_0.3.8_amd64.rock')),
			library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', dryRun: true,
		});
		assert.deepEqual(outcome.lessons.map(lesson => lesson.text), ['**Symptom:** `cd: rock: No such file or directory`. **Fix:** ran `rockcraft pack` without the `cd`, and it passed: the shell was already there (the working directory carries over between the agent\'s shell calls).']);
	});
});

describe('names and descriptions', () => {
	test('a name says the program and the concept of the failure, never a ticket id or the first prompt', () => {
		const lesson = (symptom: string, check: string): Lesson => ({ ...failureMode, text: `**Symptom:** \`${symptom}\` from \`${check}\`. **Fix:** ran \`x\`; \`${check}\` then passed.` });
		assert.equal(nameForLessons([lesson('Cannot find module \'@/utils/date\' from \'src/billing/invoice.ts\'', 'jest')]), 'jest-module-resolution');
		assert.equal(nameForLessons([lesson('nvcc: command not found', 'nvcc')]), 'nvcc-not-on-path');
		assert.equal(nameForLessons([lesson('error: externally-managed-environment', 'pip install')]), 'pip-externally-managed-python');
		assert.equal(nameForLessons([lesson('error: gpg failed to sign the data', 'git commit')]), 'git-signing');
		assert.equal(nameForLessons([lesson('CreateContainerError', 'kubectl get')]), 'kubectl-create-container');
		assert.equal(nameForLessons([lesson('ValueError: More than one .charm file in current directory', 'tox')]), 'tox-charm-files', 'an error class every program raises names nothing');
		assert.equal(nameForLessons([rule]), undefined, 'a rule alone names no skill');
	});

	test('a description says what the skill does and "Use when", within 300 characters, without emphasis or command lines', () => {
		const description = descriptionForLessons('pytest-module-resolution', [failureMode]);
		assert.equal(description, 'How to get pytest past "ModuleNotFoundError: No module named \'shop\'", as a session verified. Use when pytest fails with "ModuleNotFoundError: No module named \'shop\'" or a similar error.');
		assert.ok(description.length <= 300 && !/\*\*|`/.test(description));
		const ci: Lesson = { ...failureMode, text: '**Symptom:** `Failed to copy image: Command \'[\'/snap/rockcraft/3974/bin/umoci\', \'unpack\', \'--image\']\'` from `CI step "Build rock"`. **Fix:** edited `.github/workflows/ci.yaml`; `CI step "Build rock"` then passed.' };
		assert.equal(nameForLessons([ci]), 'ci-build-rock-copy-image');
		assert.equal(descriptionForLessons('ci-build-rock-copy-image', [ci]), 'How to get the CI step \'Build rock\' past "Failed to copy image", as a session verified. Use when the CI step \'Build rock\' fails with "Failed to copy image" or a similar error.', 'the message, not the command line after it');
	});

	test('a new draft is spec-clean, generalises "When to use" from the symptom, and carries the lifecycle keys and provenance', () => {
		const text = renderNewSkill({ name: 'pytest-module-resolution', description: descriptionForLessons('pytest-module-resolution', [failureMode]), lessons: [failureMode, rule], source, placement: 'topLevel' });
		const analysis = analyzeText({ folder: 'pytest-module-resolution', text });
		assert.deepEqual(analysis.findings.filter(finding => finding.severity !== 'info'), [], listFindings(analysis.findings));
		assert.equal(analysis.lifecycle?.status, 'draft');
		assert.match(text, /## When to use\n\n- When `pytest` fails with `ModuleNotFoundError: No module named 'shop'` or an error like it\.\n/);
		assert.match(text, /<!-- skill-distiller: proposed from claude-code session 4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234 on 2026-11-21 -->\n$/);
	});
});

describe('placing lessons', () => {
	const skills = [
		librarySkill('python-testing', 'Runs and debugs pytest suites. Use when pytest fails, tests cannot import modules, or fixtures break.'),
		librarySkill('release-notes', 'Drafts release notes from merged pull requests and the changelog. Use when a release is cut.'),
	];

	test('a lesson goes to the skill the agent loaded when it is about what that skill covers', () => {
		const placements = placeLessons([failureMode], findings({ skillsUsed: ['python-testing'] }), skills);
		assert.deepEqual(placements.map(placement => [placement.action, placement.target?.name]), [['update', 'python-testing']]);
		assert.match(placements[0].reason, /loaded this skill in the session and the lessons are about what it covers \(pytest\)/);
	});

	test('otherwise to the library skill its terms name, with the terms in the reason', () => {
		const release: Lesson = { ...failureMode, terms: ['npm', 'release-notes', 'changelog.md'] };
		const placements = placeLessons([release], findings({}), skills);
		assert.deepEqual(placements.map(placement => [placement.action, placement.target?.name, placement.reason]), [['update', 'release-notes', 'the lessons name this skill (release-notes)']]);
	});

	test('a procedure no skill covers is a new draft; a rule about the project is memory, never a skill of its own', () => {
		const placements = placeLessons([{ ...failureMode, terms: ['playwright', 'timeouterror'] }, rule], findings({}), skills);
		assert.deepEqual(placements.map(placement => placement.action), ['create', 'memory']);
	});

	test('facts go to the memory file the session\'s agent reads, in the workspace, or the one asked for', async () => {
		const workspace = temporaryFolder('workspace-');
		const staging = path.join(workspace, '.skills-proposed');
		const claude = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: staging, today: testToday, placement: 'topLevel', workspace, dryRun: true });
		assert.equal(claude.proposals.find(proposal => proposal.action === 'memory')?.target, path.join(workspace, 'CLAUDE.md'));
		const asked = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: staging, today: testToday, placement: 'topLevel', workspace, memoryFile: 'AGENTS.md', dryRun: true });
		assert.equal(asked.proposals.find(proposal => proposal.action === 'memory')?.target, path.join(workspace, 'AGENTS.md'));
	});

	test('an update is bounded, and a lesson that forbids what a line teaches takes that line\'s place', () => {
		const original = '---\nname: release-notes\ndescription: Drafts release notes. Use when a release is cut.\n---\n\n# Release Notes\n\n## Key Workflows\n\n1. Run `npm run release-notes -- --changelog docs/CHANGELOG.md`.\n2. Review the notes.\n';
		const forbidding: Lesson = { ...failureMode, text: '**Don\'t:** run `npm run release-notes -- --changelog docs/CHANGELOG.md` — the person: "make docs/ the default".', forbids: 'npm run release-notes -- --changelog docs/CHANGELOG.md' };
		const merged = mergeLessons(original, [forbidding], source);
		assert.match(merged, /## Key Workflows\n\n1\. \*\*Don't:\*\* run `npm run release-notes -- --changelog docs\/CHANGELOG\.md` — the person: "make docs\/ the default"\.\n2\. Review the notes\./);
		assert.equal(merged.split('--changelog').length, 2, 'the skill does not say both');
		const many = Array.from({ length: 50 }, (_, index): Lesson => ({ ...failureMode, key: `k${index}`, text: `Lesson number ${index}.` }));
		const added = mergeLessons(original, many, source).split('\n').length - original.split('\n').length;
		assert.ok(added <= maxAddedLines + 6, `${added} lines added: the lessons' at most ${maxAddedLines}, an Iteration Log and the provenance footer`);
	});
});

describe('distilling again', () => {
	test('a session distilled before proposes nothing new and says so; the ledger remembers its lessons', async () => {
		const staging = temporaryFolder('staging-');
		const transcript = writeTranscript(pytestSession());
		const first = await distilSession({ transcript, library: library(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.equal(first.proposals.length, 2);
		const again = await distilSession({ transcript, library: library(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.deepEqual(again.proposals, []);
		assert.deepEqual(again.notes, ['This session was distilled before: its 2 lessons were proposed or decided already. Nothing new was written.']);
		assert.deepEqual(Object.values(readLedger(staging).lessons).map(entry => [entry.state, entry.proposal]), [['proposed', 'pytest-module-resolution'], ['proposed', 'project-memory']]);
		assert.equal(listProposals(staging).length, 2);
	});
});

describe('writing with a language model', () => {
	const pytestLesson = (evidence: number[]) => ({ section: 'Failure Modes', text: 'Run pytest as a module (`python -m pytest`) when the package under test cannot be imported.', evidence });

	test('the answer is validated field by field: lines the session cites, a spec name, a plain description', () => {
		const request = { action: 'create' as const, session: '', evidence: new Map([[5, { line: 5, quote: 'x' }], [13, { line: 13, quote: 'y' }]]) };
		const answer = (value: unknown) => `Here you are:\n\`\`\`json\n${JSON.stringify(value)}\n\`\`\``;
		const good = parseModelAnswer(answer({ name: 'pytest-module-imports', description: 'Runs pytest so the package imports. Use when tests fail with ModuleNotFoundError.', lessons: [pytestLesson([5])] }), request);
		assert.deepEqual([good.name, good.lessons.map(lesson => lesson.evidence.map(evidence => evidence.line))], ['pytest-module-imports', [[5]]]);
		assert.throws(() => parseModelAnswer('I cannot help with that.', request), /no JSON object/);
		assert.throws(() => parseModelAnswer(answer({ name: 'x', description: 'Use when x happens to tests.', lessons: [pytestLesson([99])] }), request), /does not rest on lines of the session/);
		assert.throws(() => parseModelAnswer(answer({ name: 'PAY-1234 fix', description: 'Use when tests fail in CI.', lessons: [pytestLesson([5])] }), request), /the name "PAY-1234 fix"/);
		assert.throws(() => parseModelAnswer(answer({ name: 'pytest-imports', description: 'Use when **tests** fail.', lessons: [pytestLesson([5])] }), request), /Markdown emphasis/);
		assert.throws(() => parseModelAnswer(answer({ name: 'pytest-imports', description: 'Use when tests fail.', lessons: [{ ...pytestLesson([5]), text: `Push with ghp_${'A1b2C3d4E5'.repeat(4)} now.` }] }), request), /looks like a credential/);
	});

	test('the model\'s lessons are used when they check no worse, with the session condensed and redacted; any failure keeps the deterministic draft with the reason', async () => {
		const prompts: string[] = [];
		const model = (answer: () => string): LanguageModel => ({ name: 'fake/model', complete: async prompt => (prompts.push(prompt), answer()) });
		const good = model(() => JSON.stringify({ name: 'pytest-module-imports', description: 'Runs pytest so the package under test imports. Use when tests fail with ModuleNotFoundError.', lessons: [pytestLesson([5, 10])] }));
		const staging = temporaryFolder('staging-');
		const used = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: staging, today: testToday, placement: 'topLevel', model: good });
		const created = used.proposals.find(proposal => proposal.action === 'create');
		assert.equal(created?.name, 'pytest-module-imports');
		assert.match(created?.document ?? '', /^- Run pytest as a module \(`python -m pytest`\) when the package under test cannot be imported\.$/m);
		assert.equal(parseProposalRecord(fs.readFileSync(path.join(created?.dir as string, 'proposal.json'), 'utf8')).generalisedBy, 'fake/model');
		assert.ok(prompts.length > 0 && prompts.every(prompt => !prompt.includes('AKIA') && !prompt.includes('"type":"user"')), 'the model sees the condensed, redacted session only');
		assert.match(prompts[0], /## Episodes \(a check failing, then passing\)\n\n### `pytest`/);

		const refused = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', model: model(() => 'As an AI model I cannot do that.') });
		assert.equal(refused.proposals[0].name, 'pytest-module-resolution');
		assert.deepEqual(refused.notes, ['fake/model\'s answer was not used: the answer holds no JSON object; the lessons were written without it.']);
		const offline = await distilSession({ transcript: writeTranscript(pytestSession()), library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', model: { name: 'fake/offline', complete: () => Promise.reject(new Error('no network')) } });
		assert.deepEqual(offline.notes, ['fake/offline did not answer: no network; the lessons were written without it.']);
	});
});

describe('the proposal store', () => {
	const record: ProposalRecord = {
		action: 'create', name: 'pytest-module-resolution', target: null,
		session: { agent: 'claude-code', id: source.sessionId, path: '/home/dev/.claude/projects/-work-shop/x.jsonl' },
		triggers: [{ kind: 'resolved-failure', summary: '`pytest` failed and later passed', evidence: [{ line: 5, quote: 'ModuleNotFoundError' }] }],
		created: '2026-11-21T10:00:00.000Z', reason: 'no library skill covers this', checks: [],
		episodes: [{ check: 'pytest', symptom: { line: 5, quote: 'ModuleNotFoundError' }, attempts: [], resolution: { steps: [], passed: { line: 11, quote: 'python -m pytest' } }, personWords: [] }],
		noted: [{ summary: 'x', why: 'y', evidence: [{ line: 2, quote: 'z' }] }],
		lessons: [{ key: 'episode pytest', section: 'Failure Modes', text: 'Run pytest as a module.' }],
	};

	test('never overwrites a proposal, and reads back what it wrote, episodes and noted included', () => {
		const staging = temporaryFolder('staging-');
		const first = writeProposal(staging, record, 'first');
		const second = writeProposal(staging, record, 'second');
		assert.deepEqual([path.basename(first), path.basename(second)], ['pytest-module-resolution', 'pytest-module-resolution-2']);
		assert.deepEqual(parseProposalRecord(fs.readFileSync(path.join(second, 'proposal.json'), 'utf8')), record);
	});

	test('reads proposals of earlier versions, and rejects records with missing or mistyped fields', () => {
		assert.equal(parseProposalRecord(JSON.stringify({ ...record, triggers: [{ kind: 'workaround', summary: 's', evidence: [] }], episodes: undefined })).triggers[0].kind, 'workaround');
		assert.throws(() => parseProposalRecord('not json'), /not valid JSON/);
		assert.throws(() => parseProposalRecord(JSON.stringify({ ...record, action: 'update', target: null })), /"target" must name a file for an update/);
		assert.throws(() => parseProposalRecord(JSON.stringify({ ...record, triggers: [{ kind: 'vibes' }] })), /"triggers"/);
	});

	test('a file that is no transcript is refused with the reason', async () => {
		const file = path.join(temporaryFolder('transcript-'), 'notes.jsonl');
		fs.writeFileSync(file, '{"hello":"world"}\n');
		await assert.rejects(distilSession({ transcript: file, library: library(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel' }), (error: Error) => error instanceof UnknownTranscriptError && /not a transcript of a supported agent/.test(error.message));
	});
});
