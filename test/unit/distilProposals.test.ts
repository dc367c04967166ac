import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { SkillAnalysis } from '../../src/core/check/analyzeSkill';
import { placeLessons } from '../../src/core/distil/classify';
import { distilSession } from '../../src/core/distil/distilSession';
import { generalisationPrompt, type LanguageModel, parseGeneralisation } from '../../src/core/distil/generalise';
import type { Lesson, SessionFindings } from '../../src/core/distil/lessons';
import { listProposals, parseProposalRecord, type ProposalRecord, writeProposal } from '../../src/core/distil/proposalStore';
import { type DraftSource, mergeLessons, proposeName, renderNewSkill } from '../../src/core/distil/skillDraft';
import { indexedLibrary } from '../../src/core/library/distilLibrary';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { redactSecrets } from '../../src/core/secrets/redact';
import { UnknownTranscriptError } from '../../src/core/sessions/adapters';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { analyzeText, listFindings, temporaryFolder, testConfig, testRoot, testToday, writeTree } from './support';

const source: DraftSource = { agentLabel: 'Claude Code', agent: 'claude-code', sessionId: '4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234', today: testToday, triggers: ['repeated-error'] };

function findings(partial: Partial<SessionFindings>): SessionFindings {
	return {
		triggers: [], lessons: [], prompts: [], skillsUsed: [], skillsWritten: [], filesEdited: [], errors: [], failingPrograms: [],
		counts: { events: 0, userMessages: 0, toolCalls: 0, errors: 0 }, ...partial,
	};
}

function librarySkill(folder: string, description: string, body = '\n# Skill\n'): SkillAnalysis {
	return analyzeText({ folder, text: `---\nname: ${folder}\ndescription: ${description}\n---\n${body}` });
}

const failureMode: Lesson = { section: 'Failure Modes', trigger: 'repeated-error', text: '**Symptom:** `ModuleNotFoundError: No module named \'shop\'` (3 times running `pytest tests/payment`). **Fix:** run `python -m pytest tests/payment`.' };
const rule: Lesson = { section: 'Key Rules', trigger: 'user-correction', text: 'Never mock the payment gateway in integration tests.' };
const fact: Lesson = { section: 'Key Rules', trigger: 'user-correction', text: 'This repo uses uv, not pip.', projectFact: true };

/** A session that struggled with pytest three times, then found the way, then was corrected. */
function pytestSession(): ClaudeTranscript {
	const transcript = new ClaudeTranscript()
		.raw('{"type":"file-history-snapshot","messageId":"m0","snapshot":{"messageId":"m0","trackedFileBackups":{},"timestamp":"2026-11-20T10:00:00.000Z"},"isSnapshotUpdate":false}')
		.user('<command-name>/clear</command-name>', { isMeta: true })
		.user('Fix the failing payment tests in tests/payment');
	for (let attempt = 0; attempt < 3; attempt++) {
		transcript.bash('pytest tests/payment', `Traceback (most recent call last):\n  File "/work/shop/tests/payment/test_refund.py", line ${attempt + 3}\nModuleNotFoundError: No module named 'shop'`, 1);
	}
	return transcript
		.assistant('The issue is that pytest does not put the repository root on sys.path, so the package cannot be imported.')
		.bash('python -m pytest tests/payment', '5 passed in 0.31s')
		.user('No, don\'t pip install anything: this project uses uv. My key is AKIAQWERTYUIOPASDFGH.')
		.bash('uv sync', 'Resolved 12 packages');
}

function writeTranscript(transcript: ClaudeTranscript | string): string {
	const dir = temporaryFolder('transcript-');
	const file = path.join(dir, 'session.jsonl');
	fs.writeFileSync(file, transcript.toString());
	return file;
}

function emptyLibrary(skills: SkillAnalysis[] = []) {
	const index = new LibraryIndex(testConfig());
	skills.forEach(skill => index.add(skill));
	return indexedLibrary(index, testConfig(), { markdownlint: () => [], exists: () => false, modifiedDate: () => undefined }, testRoot);
}

describe('redaction', () => {
	test('hides every kind of credential the issue names', () => {
		const secrets = [
			`ghp_${'A1b2C3d4E5'.repeat(4)}`, 'AKIAQWERTYUIOPASDFGH', `sk-proj-${'Ab3'.repeat(10)}`, `sk-ant-api03-${'x9Y'.repeat(10)}`,
			'xoxb-1234567890-abcdefghij', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
		];
		for (const secret of secrets) {
			const redacted = redactSecrets(`before ${secret} after`);
			assert.ok(!redacted.includes(secret), redacted);
			assert.match(redacted, /^before \[REDACTED [^\]]+\] after$/);
		}
		assert.equal(redactSecrets('git clone https://deploy:s3cretPassw0rd@git.example.com/repo.git'), 'git clone https://deploy:[REDACTED password in a URL]@git.example.com/repo.git');
		assert.equal(redactSecrets('export DATABASE_PASSWORD=hunter22hunter'), 'export DATABASE_PASSWORD=[REDACTED value assigned to a secret-named variable]');
		assert.equal(redactSecrets('curl -H "Authorization: Bearer abcdef0123456789abcdef0123"'), 'curl -H "Authorization: Bearer [REDACTED bearer token]"');
	});

	test('drops a private key block whole, keeping the text around it', () => {
		const text = 'key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAC3NzaC1lZDI1NTE5AAAAIFh\n-----END OPENSSH PRIVATE KEY-----\ndone';
		assert.equal(redactSecrets(text), 'key:\n[REDACTED private key]\ndone');
	});

	test('leaves references to secrets and ordinary text alone', () => {
		for (const text of ['export GITHUB_TOKEN=$GH_TOKEN', 'token = os.environ["TOKEN"]', 'Run npm test and read the tokenizer docs.', 'api_key = load_key()']) {
			assert.equal(redactSecrets(text), text);
		}
	});
});

describe('placing lessons', () => {
	const library = [
		librarySkill('python-testing', 'Runs and debugs pytest suites. Use when pytest fails, tests cannot import modules, or fixtures break.'),
		librarySkill('deploying-previews', 'Deploys preview environments to Kubernetes. Use when a pull request needs a preview.'),
	];

	test('a procedure that fits no skill becomes a new skill', () => {
		const placements = placeLessons(findings({ firstPrompt: 'Fix the flaky checkout page', lessons: [{ ...failureMode, text: '**Symptom:** `TimeoutError: waiting for selector` (3 times running `playwright test`).' }] }), library);
		assert.deepEqual(placements.map(placement => placement.action), ['create']);
	});

	test('a procedure that fits a skill updates it', () => {
		const placements = placeLessons(findings({ firstPrompt: 'Fix the failing payment tests', lessons: [failureMode], errors: ['ModuleNotFoundError: No module named \'shop\''] }), library);
		assert.deepEqual(placements.map(placement => [placement.action, placement.target?.name]), [['update', 'python-testing']]);
		assert.match(placements[0].reason, /match its name and description \(.*pytest/);
	});

	test('a skill the agent loaded is preferred over a closer stranger', () => {
		const placements = placeLessons(findings({ firstPrompt: 'Ship the preview for pull request 12', lessons: [{ ...failureMode, text: '**Symptom:** `ImagePullBackOff` (3 times). **Fix:** push the image first.' }], skillsUsed: ['deploying-previews'] }), library);
		assert.deepEqual(placements.map(placement => [placement.action, placement.target?.name]), [['update', 'deploying-previews']]);
	});

	test('a lone rule with no skill to go into is memory, not a pseudo-skill', () => {
		const placements = placeLessons(findings({ firstPrompt: 'Add the refund endpoint', lessons: [rule] }), library);
		assert.deepEqual(placements.map(placement => placement.action), ['memory']);
	});

	test('facts about this project go to memory beside the skill', () => {
		const placements = placeLessons(findings({ firstPrompt: 'Fix the flaky checkout page', lessons: [{ ...failureMode, text: '**Symptom:** `TimeoutError` (3 times running `playwright test`).' }, fact] }), library);
		assert.deepEqual(placements.map(placement => [placement.action, placement.lessons.length]), [['create', 1], ['memory', 1]]);
	});

	test('a skill the session wrote is the one to update', () => {
		const placements = placeLessons(findings({ lessons: [rule], skillsWritten: [library[1].file] }), library);
		assert.deepEqual(placements.map(placement => [placement.action, placement.target?.name]), [['update', 'deploying-previews']]);
	});
});

describe('drafts', () => {
	test('a new draft is spec-clean and carries the lifecycle keys and provenance', () => {
		const text = renderNewSkill({ name: 'fixing-payment-tests', description: 'Use when fixing payment tests. Fix: run `python -m pytest`.', lessons: [failureMode, rule], source, placement: 'topLevel', task: 'Fix the failing payment tests' });
		const analysis = analyzeText({ folder: 'fixing-payment-tests', text });
		assert.deepEqual(analysis.findings.filter(finding => finding.severity !== 'info'), [], listFindings(analysis.findings));
		assert.equal(analysis.lifecycle?.status, 'draft');
		assert.equal(analysis.lifecycle?.priority, 'high');
		assert.equal(analysis.lifecycle?.createdFrom, 'Claude Code session 4f2c1a9b (2026-11-21)');
		assert.match(text, /## Key Rules\n\n- Never mock the payment gateway in integration tests\.\n\n## Failure Modes\n\n- \*\*Symptom:\*\*/);
		assert.match(text, /## Iteration Log\n\n- 2026-11-21: proposed from Claude Code session 4f2c1a9b \(repeated-error\)\.\n\n<!-- skill-distiller: proposed from claude-code session 4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234 on 2026-11-21 -->\n$/);
	});

	test('the strict profile puts lifecycle keys under metadata', () => {
		const text = renderNewSkill({ name: 'fixing-payment-tests', description: 'Use when fixing payment tests.', lessons: [rule], source, placement: 'metadata' });
		assert.match(text, /^metadata:\n {2}status: draft\n {2}priority: high\n/m);
	});

	test('names come from the first request, or the failing program', () => {
		assert.equal(proposeName(findings({ firstPrompt: 'Can you fix the flaky payment tests in CI? They time out.' })), 'fixing-flaky-payment-tests');
		assert.equal(proposeName(findings({ firstPrompt: 'Please set up the release workflow' })), 'setting-up-release-workflow');
		assert.equal(proposeName(findings({ firstPrompt: 'hmm' }), 'pytest'), 'handling-pytest-failures');
		assert.equal(proposeName(findings({ firstPrompt: 'The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?' })), 'fixing-checkout-tests');
	});

	test('an update files each lesson under the section it belongs in and leaves the rest as it was', () => {
		const original = [
			'---', 'name: python-testing', 'description: Runs pytest. Use when tests fail.', '---', '', '# Python Testing', '',
			'## Common Mistakes', '', '- Forgetting `-x`.', '', '## Example', '', '```text', '## Not a heading', '```', '',
			'## Iteration Log', '', '- 2026-10-01: created.', '',
		].join('\r\n');
		const merged = mergeLessons(original, [failureMode, rule], source);
		assert.ok(merged.includes('\r\n') && !/[^\r]\n/.test(merged), 'CRLF line endings are kept');
		const lines = merged.split('\r\n');
		assert.deepEqual(lines.slice(0, 10), original.split('\r\n').slice(0, 10), 'everything before the insertions is unchanged');
		assert.equal(lines[9], '- Forgetting `-x`.');
		assert.equal(lines[10], `- ${failureMode.text}`, 'the failure mode goes under Common Mistakes');
		assert.deepEqual(lines.slice(11, 18), original.split('\r\n').slice(10, 17), 'the fenced "heading" is not a section');
		const text = lines.join('\n');
		assert.match(text, /## Key Rules\n\n- Never mock the payment gateway in integration tests\.\n\n## Iteration Log\n\n- 2026-10-01: created\.\n- 2026-11-21: updated from Claude Code session 4f2c1a9b \(repeated-error\)\.\n\n<!-- skill-distiller/);
		assert.equal(mergeLessons(merged, [failureMode, rule], source).split(failureMode.text).length, 2, 'a lesson already there is not added twice');
	});

	test('an update of a skill without an Iteration Log adds one at the end', () => {
		const merged = mergeLessons('---\nname: a\ndescription: b\n---\n\n# A\n\nText.\n', [rule], source);
		assert.match(merged, /Text\.\n\n## Key Rules\n\n- Never mock .*\n\n## Iteration Log\n\n- 2026-11-21: updated from .*\n\n<!-- skill-distiller: .* -->\n$/);
	});
});

describe('the proposal store', () => {
	const record: ProposalRecord = {
		action: 'create', name: 'fixing-payment-tests', target: null,
		session: { agent: 'claude-code', id: source.sessionId, path: '/home/dev/.claude/projects/-work-shop/x.jsonl' },
		triggers: [{ kind: 'repeated-error', summary: 'The same error came back 3 times', evidence: [{ line: 5, quote: 'ModuleNotFoundError' }] }],
		created: '2026-11-21T10:00:00.000Z', reason: 'no library skill covers this', checks: [],
	};

	test('never overwrites a proposal: a second one of the same name goes beside it', () => {
		const staging = temporaryFolder('staging-');
		const first = writeProposal(staging, record, 'first');
		const second = writeProposal(staging, record, 'second');
		assert.equal(path.basename(first), 'fixing-payment-tests');
		assert.equal(path.basename(second), 'fixing-payment-tests-2');
		assert.equal(fs.readFileSync(path.join(first, 'SKILL.md'), 'utf8'), 'first');
		assert.deepEqual(parseProposalRecord(fs.readFileSync(path.join(second, 'proposal.json'), 'utf8')), record);
	});

	test('lists pending proposals, skipping rejected ones and reporting unreadable records', () => {
		const staging = temporaryFolder('staging-');
		writeProposal(staging, record, 'x');
		writeProposal(staging, { ...record, action: 'memory', name: 'memory-uv', target: '/work/shop/MEMORY.md' }, '- uv');
		writeTree(staging, { 'by-hand/SKILL.md': '---\nname: by-hand\n---\n', 'broken/proposal.json': '{"action":"explode"}', '.rejected/old/SKILL.md': 'x', 'notes/readme.txt': 'x' });
		const entries = listProposals(staging);
		assert.deepEqual(entries.map(entry => [entry.name, path.basename(entry.document), entry.record?.action, entry.problem]), [
			['broken', 'SKILL.md', undefined, 'proposal.json: "action" must be create, update or memory'],
			['by-hand', 'SKILL.md', undefined, undefined],
			['fixing-payment-tests', 'SKILL.md', 'create', undefined],
			['memory-uv', 'MEMORY.md', 'memory', undefined],
		]);
	});

	test('rejects records with missing or mistyped fields', () => {
		assert.throws(() => parseProposalRecord('not json'), /not valid JSON/);
		assert.throws(() => parseProposalRecord(JSON.stringify({ ...record, action: 'update', target: null })), /"target" must name a file for an update/);
		assert.throws(() => parseProposalRecord(JSON.stringify({ ...record, session: { agent: 'cursor' } })), /"session"/);
		assert.throws(() => parseProposalRecord(JSON.stringify({ ...record, triggers: [{ kind: 'vibes' }] })), /"triggers"/);
	});
});

describe('generalising with a language model', () => {
	test('the prompt asks for the general principle and shows only what it is given', () => {
		const prompt = generalisationPrompt({ description: 'Use when x.', lessons: ['a', 'b'] });
		assert.match(prompt, /general principle behind the specific fix/);
		assert.match(prompt, /exactly 2 lessons, in the same order/);
	});

	test('answers are validated field by field', () => {
		const input = { description: 'Use when fixing things.', lessons: ['First lesson text.', 'Second lesson text.'] };
		assert.deepEqual(parseGeneralisation('Sure!\n```json\n{"description":"Use when a Python import fails in tests.","lessons":["Run pytest as a module.","Keep the root importable."]}\n```', input),
			{ description: 'Use when a Python import fails in tests.', lessons: ['Run pytest as a module.', 'Keep the root importable.'] });
		assert.throws(() => parseGeneralisation('I cannot help with that.', input), /no JSON object/);
		assert.throws(() => parseGeneralisation('{"description":"Use when x happens to you.","lessons":["only one lesson"]}', input), /1 lessons instead of 2/);
		assert.throws(() => parseGeneralisation('{"description":"Loads when needed, always.","lessons":["First lesson.","Second lesson."]}', input), /does not start with "Use when"/);
		assert.throws(() => parseGeneralisation(`{"description":"Use when deploying the app.","lessons":["Use ghp_${'A1b2C3d4E5'.repeat(4)} to push.","Second lesson."]}`, input), /looks like a credential/);
		assert.throws(() => parseGeneralisation('{"description":"Use when deploying the app.","lessons":["Safe\u202Etext here.","Second lesson."]}', input), /invisible Unicode/);
	});
});

describe('distilling a session', () => {
	test('writes a create proposal and a memory proposal with cited, redacted evidence', async () => {
		const staging = temporaryFolder('staging-');
		// The last line is torn: the agent was still writing it.
		const transcript = writeTranscript(pytestSession().raw('{"type":"mystery-record","x":1}').raw('{"type":"user","message":').toString().trimEnd());
		const outcome = await distilSession({ transcript, library: emptyLibrary(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.deepEqual(outcome.session, { agent: 'claude-code', id: '4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234', path: transcript });
		assert.deepEqual(outcome.triggers.map(trigger => trigger.kind), ['workaround', 'repeated-error', 'user-correction']);
		assert.deepEqual(outcome.proposals.map(proposal => [proposal.action, proposal.name, path.basename(proposal.dir ?? '')]), [
			['create', 'fixing-failing-payment-tests', 'fixing-failing-payment-tests'],
			['memory', 'memory-fixing-failing-payment-tests', 'memory-fixing-failing-payment-tests'],
		]);
		assert.deepEqual(outcome.problems.map(problem => [problem.line, problem.message]), [[17, 'the last line is incomplete (the agent may still be writing the file); it was skipped']]);

		const dir = outcome.proposals[0].dir as string;
		const record = parseProposalRecord(fs.readFileSync(path.join(dir, 'proposal.json'), 'utf8'));
		assert.equal(record.action, 'create');
		assert.equal(record.target, null);
		assert.deepEqual(record.session.agent, 'claude-code');
		const repeated = record.triggers.find(trigger => trigger.kind === 'repeated-error');
		assert.deepEqual(repeated?.evidence.map(evidence => evidence.line), [5, 7, 9]);
		const skillText = fs.readFileSync(path.join(dir, 'SKILL.md'), 'utf8');
		assert.match(skillText, /^name: fixing-failing-payment-tests$/m);
		assert.match(skillText, /\*\*Fix:\*\* run `python -m pytest tests\/payment`\./);
		assert.match(skillText, /^<!-- skill-distiller: proposed from claude-code session 4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234 on 2026-11-21 -->$/m);
		const everything = fs.readdirSync(staging, { recursive: true }).map(name => path.join(staging, String(name))).filter(file => fs.statSync(file).isFile()).map(file => fs.readFileSync(file, 'utf8')).join('\n');
		assert.ok(!everything.includes('AKIAQWERTYUIOPASDFGH'), 'the planted key is written nowhere');
		const memory = fs.readFileSync(path.join(outcome.proposals[1].dir as string, 'MEMORY.md'), 'utf8');
		assert.match(memory, /^- Don't pip install anything: this project uses uv\.$/m);
	});

	test('updates the skill the lessons belong in, with its findings recorded', async () => {
		const staging = temporaryFolder('staging-');
		const libraryDir = temporaryFolder('library-');
		const skillText = '---\nname: python-testing\ndescription: Runs and debugs pytest suites. Use when pytest fails or tests cannot import modules.\n---\n\n# Python Testing\n\n## Gotchas\n\n- Run from the repository root.\n';
		writeTree(libraryDir, { 'python-testing/SKILL.md': skillText });
		const root = { path: libraryDir, label: 'skills', scope: 'folder' as const };
		const analysis = analyzeText({ folder: 'python-testing', text: skillText, root });
		const outcome = await distilSession({ transcript: writeTranscript(pytestSession()), library: emptyLibrary([analysis]), stagingDir: staging, today: testToday, placement: 'topLevel' });
		const update = outcome.proposals.find(proposal => proposal.action === 'update');
		assert.equal(update?.target, path.join(libraryDir, 'python-testing', 'SKILL.md'));
		assert.equal(path.basename(update?.dir ?? ''), 'python-testing');
		const proposed = fs.readFileSync(path.join(update?.dir as string, 'SKILL.md'), 'utf8');
		assert.ok(proposed.startsWith(skillText.trimEnd()), 'the target is kept as it was, lessons added after it');
		assert.match(proposed, /## Failure Modes\n\n- \*\*Symptom:\*\* `ModuleNotFoundError/);
		assert.equal(fs.readFileSync(path.join(libraryDir, 'python-testing', 'SKILL.md'), 'utf8'), skillText, 'the library itself is untouched');
	});

	test('a session with nothing worth keeping writes nothing and says so', async () => {
		const staging = temporaryFolder('staging-');
		const transcript = writeTranscript(new ClaudeTranscript().user('List the files').bash('ls', 'a.txt').assistant('There is one file.').user('Thanks, now count the lines of a.txt').bash('wc -l a.txt', '3 a.txt'));
		const outcome = await distilSession({ transcript, library: emptyLibrary(), stagingDir: staging, today: testToday, placement: 'topLevel' });
		assert.deepEqual(outcome.triggers, []);
		assert.deepEqual(outcome.proposals, []);
		assert.match(outcome.notes[0], /^Nothing worth distilling in this session/);
		assert.deepEqual(fs.readdirSync(staging), []);
	});

	test('a file that is no transcript is refused with the reason', async () => {
		const file = path.join(temporaryFolder('transcript-'), 'notes.jsonl');
		fs.writeFileSync(file, '{"hello":"world"}\n');
		await assert.rejects(distilSession({ transcript: file, library: emptyLibrary(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel' }), (error: Error) => error instanceof UnknownTranscriptError && /not a transcript of a supported agent/.test(error.message));
		const binary = path.join(temporaryFolder('transcript-'), 'image.jsonl');
		fs.writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
		await assert.rejects(distilSession({ transcript: binary, library: emptyLibrary(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel' }), /binary file/);
	});

	test('a model\'s wording is used when it passes the checks, and the draft kept when it does not', async () => {
		const prompts: string[] = [];
		const model = (answer: (prompt: string) => string): LanguageModel => ({
			name: 'fake/model',
			complete: async prompt => {
				prompts.push(prompt);
				return answer(prompt);
			},
		});
		const good = model(prompt => {
			const input = JSON.parse(prompt.slice(prompt.lastIndexOf('\n{') + 1)) as { lessons: string[] };
			return JSON.stringify({ description: 'Use when Python tests cannot import the package under test.', lessons: input.lessons.map((_, index) => `General principle number ${index + 1}.`) });
		});
		const used = await distilSession({ transcript: writeTranscript(pytestSession()), library: emptyLibrary(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', model: good });
		const created = used.proposals.find(proposal => proposal.action === 'create');
		assert.match(created?.document ?? '', /^description: Use when Python tests cannot import the package under test\.$/m);
		assert.match(created?.document ?? '', /^- General principle number 1\.$/m);
		assert.equal(parseProposalRecord(fs.readFileSync(path.join(created?.dir as string, 'proposal.json'), 'utf8')).generalisedBy, 'fake/model');
		assert.ok(prompts.every(prompt => !prompt.includes('AKIA')), 'the model sees only redacted text');

		const refused = await distilSession({ transcript: writeTranscript(pytestSession()), library: emptyLibrary(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', model: model(() => 'As an AI model I cannot do that.') });
		assert.match(refused.proposals[0].document, /\*\*Fix:\*\* run `python -m pytest tests\/payment`/);
		assert.deepEqual(refused.notes, ['fake/model\'s answer was not used: the answer holds no JSON object; the deterministic draft was kept.']);

		const failing: LanguageModel = { name: 'fake/offline', complete: () => Promise.reject(new Error('no network')) };
		const offline = await distilSession({ transcript: writeTranscript(pytestSession()), library: emptyLibrary(), stagingDir: temporaryFolder(), today: testToday, placement: 'topLevel', model: failing });
		assert.deepEqual(offline.notes, ['fake/offline did not answer: no network; the deterministic draft was kept.']);
	});
});
