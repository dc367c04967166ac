import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCorrection, ruleOf } from '../../src/core/distil/corrections';
import { errorLine, errorSignature } from '../../src/core/distil/errorSignature';
import type { SessionFindings, TriggerKind } from '../../src/core/distil/lessons';
import { TriggerDetector } from '../../src/core/distil/triggers';
import type { SessionEvent, ToolCall } from '../../src/core/sessions/sessionEvents';
import { toolCallOf } from '../../src/core/sessions/toolCalls';

/** An event without its line: each kind of the union keeps its own fields. */
type Unlined = SessionEvent extends infer Event ? Event extends SessionEvent ? Omit<Event, 'line'> : never : never;

/** Builds a session event by event; each event gets the next line number. */
class Session {
	readonly events: SessionEvent[] = [];
	private calls = 0;

	private push(event: Unlined): this {
		this.events.push({ line: this.events.length + 1, ...event });
		return this;
	}

	user(text: string, injected = false): this {
		return this.push({ kind: 'user', text, injected: injected || undefined });
	}

	says(text: string): this {
		return this.push({ kind: 'assistant', text });
	}

	call(tool: ToolCall): string {
		const id = `call-${++this.calls}`;
		this.push({ kind: 'tool-call', tool: { ...tool, id } });
		return id;
	}

	/** A shell command and its result. */
	run(command: string, output: string, exitCode = 0): this {
		const id = this.call(toolCallOf('Bash', { command }));
		return this.push({ kind: 'tool-result', result: { id, isError: exitCode !== 0, exitCode, output } });
	}

	edit(file: string, error?: string): this {
		const id = this.call(toolCallOf('Edit', { file_path: file, old_string: 'a', new_string: 'b' }));
		return this.push({ kind: 'tool-result', result: { id, isError: error !== undefined, output: error ?? 'ok' } });
	}

	reject(command: string, feedback?: string): this {
		const id = this.call(toolCallOf('Bash', { command }));
		return this.push({ kind: 'rejection', toolId: id, feedback });
	}

	interrupt(): this {
		return this.push({ kind: 'interrupt' });
	}

	detect(): SessionFindings {
		const detector = new TriggerDetector();
		for (const event of this.events) {
			detector.push(event);
		}
		return detector.finish();
	}
}

function kinds(findings: SessionFindings): TriggerKind[] {
	return findings.triggers.map(trigger => trigger.kind);
}

function only(findings: SessionFindings, kind: TriggerKind) {
	const found = findings.triggers.filter(trigger => trigger.kind === kind);
	assert.equal(found.length, 1, `expected one ${kind}, got ${JSON.stringify(kinds(findings))}`);
	return found[0];
}

const moduleError = 'Traceback (most recent call last):\n  File "/repo/tests/test_a.py", line 3, in <module>\nModuleNotFoundError: No module named \'shop\'';

describe('user-correction', () => {
	test('fires when the person says the agent was wrong, with the rule as a Key Rules lesson', () => {
		const findings = new Session()
			.user('Add a retry to the payment client')
			.run('npm install axios-retry', 'added 1 package')
			.user('No, don\'t add dependencies for this. Write the retry loop yourself in src/payments/client.ts.')
			.detect();
		const trigger = only(findings, 'user-correction');
		assert.deepEqual(trigger.evidence.map(evidence => evidence.line), [4]);
		assert.match(trigger.evidence[0].quote, /^No, don't add dependencies/);
		assert.equal(findings.lessons[0].section, 'Key Rules');
		assert.match(findings.lessons[0].text, /^Don't add dependencies for this\. Write the retry loop yourself/);
	});

	test('fires on a redirect after an interrupt even without correcting words', () => {
		const findings = new Session()
			.user('Clean up the build folder')
			.run('rm -rf build dist node_modules', '')
			.interrupt()
			.user('Only the build folder, please.')
			.detect();
		assert.deepEqual(kinds(findings), ['interrupt', 'user-correction']);
		assert.deepEqual(only(findings, 'user-correction').evidence.map(evidence => evidence.line), [4, 5]);
		assert.match(only(findings, 'interrupt').summary, /interrupted the agent while it ran `rm -rf build dist node_modules`/);
	});

	test('does not fire on new requests, thanks or a first message', () => {
		const findings = new Session()
			.user('No tests exist yet; please write some for the parser.')
			.run('npm test', 'ok')
			.user('Great, thanks! Now add tests for the tokenizer as well.')
			.run('npm test', 'ok')
			.user('No problem if it takes a while. Can you also update the README?')
			.detect();
		assert.deepEqual(kinds(findings), []);
		assert.equal(findings.lessons.length, 0);
	});

	test('does not fire on text the harness injected', () => {
		const findings = new Session()
			.user('Fix the flaky test')
			.run('npm test', 'ok')
			.user('<system-reminder>You should not do X</system-reminder>', true)
			.detect();
		assert.deepEqual(kinds(findings), []);
	});

	test('the correcting phrases', () => {
		for (const text of ['No, use pnpm.', 'That is wrong: the config lives in app/config.', 'Stop. Revert that.', 'You forgot to run the linter', 'Use pnpm instead', 'Why did you delete the lockfile?', 'it still fails']) {
			assert.ok(isCorrection(text), text);
		}
		for (const text of ['Now add a test', 'No problem, go ahead', 'Don\'t forget the changelog', 'Looks good', 'Can you explain the design?', 'No need to ask, just do it']) {
			assert.ok(!isCorrection(text), text);
		}
	});

	test('the rule drops interjections and sentences holding a credential', () => {
		assert.equal(ruleOf('No, no. use the staging database [REDACTED a password]. Never the production one.'), 'Never the production one.');
		assert.equal(ruleOf('nope!'), '');
		assert.equal(ruleOf('Stop - run the migrations with make migrate'), 'Run the migrations with make migrate.');
	});
});

describe('rejection', () => {
	test('fires when the person refuses a tool call; their words become a rule', () => {
		const findings = new Session()
			.user('Deploy the preview')
			.reject('git push --force origin main', 'Never force-push main; open a pull request instead.')
			.detect();
		const trigger = only(findings, 'rejection');
		assert.match(trigger.summary, /rejected `git push --force origin main`: "Never force-push main/);
		assert.deepEqual(findings.lessons.map(lesson => lesson.section), ['Key Rules']);
		assert.match(findings.lessons[0].text, /^Never force-push main; open a pull request instead\. \(The user refused `git push --force origin main`\.\)$/);
	});

	test('without words, the next message is the redirect', () => {
		const findings = new Session()
			.user('Deploy the preview')
			.reject('kubectl delete namespace preview')
			.user('Scale the deployment to zero rather than deleting anything.')
			.detect();
		assert.deepEqual(kinds(findings), ['rejection', 'user-correction']);
	});

	test('does not fire for a failed call that nobody refused', () => {
		const findings = new Session().user('Deploy').run('kubectl apply -f x.yaml', 'error: the server has asked for the client to provide credentials', 1).detect();
		assert.deepEqual(kinds(findings), []);
	});
});

describe('interrupt', () => {
	test('fires on an interrupt', () => {
		const findings = new Session().user('Run the whole suite').run('npm test', 'ok').interrupt().detect();
		assert.deepEqual(kinds(findings), ['interrupt']);
		assert.equal(findings.lessons.length, 0, 'an interrupt alone teaches nothing');
	});

	test('does not fire without one', () => {
		assert.deepEqual(kinds(new Session().user('Run the whole suite').run('npm test', 'ok').detect()), []);
	});
});

describe('repeated-error', () => {
	test('fires when the same error comes back three times, paths and line numbers aside', () => {
		const findings = new Session()
			.user('Fix the failing payment tests')
			.run('pytest tests/payment', moduleError, 1)
			.run('pytest tests/payment -x', moduleError.replace('line 3', 'line 9'), 1)
			.says('The issue is that pytest does not put the repository root on sys.path.')
			.run('pytest tests/payment/test_refund.py', moduleError.replace('test_a', 'test_refund'), 1)
			.run('python -m pytest tests/payment', '5 passed')
			.detect();
		const trigger = only(findings, 'repeated-error');
		assert.equal(trigger.summary, 'The same error came back 3 times: "ModuleNotFoundError: No module named \'shop\'"');
		assert.deepEqual(trigger.evidence.map(evidence => evidence.line), [3, 5, 8]);
		const lesson = findings.lessons.find(candidate => candidate.trigger === 'repeated-error');
		assert.equal(lesson?.section, 'Failure Modes');
		assert.match(lesson?.text ?? '', /^\*\*Symptom:\*\* `ModuleNotFoundError: No module named 'shop'` \(3 times running `pytest tests\/payment`, `pytest tests\/payment -x`\)\. \*\*Diagnosis:\*\* The issue is that pytest does not put the repository root on sys\.path\. \*\*Fix:\*\* run `python -m pytest tests\/payment`\.$/);
	});

	test('does not fire for an error seen twice, or three different errors', () => {
		const twice = new Session().user('Build').run('make', 'error: missing header foo.h', 2).run('make', 'error: missing header foo.h', 2).detect();
		assert.ok(!kinds(twice).includes('repeated-error'));
		const different = new Session().user('Build')
			.run('make', 'error: missing header foo.h', 2)
			.run('make', 'error: undefined reference to bar', 2)
			.run('make', 'error: linker command failed', 2)
			.detect();
		assert.ok(!kinds(different).includes('repeated-error'));
	});

	test('counts failures of file tools too', () => {
		const findings = new Session().user('Rename the option')
			.edit('/repo/src/config.ts', 'String to replace not found in file.')
			.edit('/repo/src/config.ts', 'String to replace not found in file.')
			.edit('/repo/src/config.ts', 'String to replace not found in file.')
			.detect();
		assert.deepEqual(kinds(findings), ['repeated-error']);
	});
});

describe('workaround', () => {
	test('fires when a failed command is replaced by a different one that works', () => {
		const findings = new Session()
			.user('Start the dev server')
			.run('npm run dev', 'Error: listen EADDRINUSE: address already in use :::3000', 1)
			.says('Port 3000 is taken, so let me use another port instead.')
			.run('ls', 'package.json')
			.run('PORT=3001 npm run dev', 'ready on http://localhost:3001')
			.detect();
		const trigger = only(findings, 'workaround');
		assert.deepEqual(trigger.evidence.map(evidence => evidence.line), [3, 8]);
		assert.equal(findings.lessons[0].section, 'Gotchas');
		assert.match(findings.lessons[0].text, /^Instead of `npm run dev` \(fails with `Error: listen EADDRINUSE: address already in use :::3000`\), run `PORT=3001 npm run dev`\./);
	});

	test('a step before a successful retry is a workflow', () => {
		const findings = new Session()
			.user('Run the tests')
			.run('npm test', 'Error: Cannot find module \'vitest\'', 1)
			.run('npm install', 'added 200 packages')
			.run('npm test', '12 passed')
			.detect();
		const trigger = only(findings, 'workaround');
		assert.match(trigger.summary, /worked before retrying it$/);
		assert.equal(findings.lessons[0].section, 'Key Workflows');
		assert.match(findings.lessons[0].text, /^When `npm test` fails with `Error: Cannot find module 'vitest'`, run `npm install` first, then `npm test` again\.$/);
	});

	test('does not fire for a plain retry, a look around, or after the person steps in', () => {
		const retry = new Session().user('Test').run('npm test', 'Error: flaky', 1).run('npm test', 'ok').detect();
		assert.deepEqual(kinds(retry), []);
		const looked = new Session().user('Test').run('cargo build', 'error[E0425]: cannot find value `x`', 101).run('ls src', 'main.rs').run('cat src/main.rs', 'fn main() {}').detect();
		assert.deepEqual(kinds(looked), []);
		const unrelated = new Session().user('Test').run('cargo build', 'error[E0425]: cannot find value `x`', 101).run('docker ps', 'CONTAINER ID').detect();
		assert.deepEqual(kinds(unrelated), []);
		const otherScript = new Session().user('Test').run('npm test -w billing', 'Error: connect ECONNREFUSED 127.0.0.1:6379', 1).run('npm run build -w test', 'built').detect();
		assert.deepEqual(kinds(otherScript), [], 'another script of the same tool is not another way to run the tests');
		const steered = new Session().user('Test').run('cargo build', 'error: linking failed', 1).user('Leave the build; write the docs.').run('cargo doc', 'Finished').detect();
		assert.ok(!kinds(steered).includes('workaround'));
	});
});

describe('skill-written', () => {
	test('fires when the session writes a SKILL.md, once per file', () => {
		const session = new Session().user('Write a skill for our release process');
		session.edit('/repo/.claude/skills/releasing/SKILL.md');
		session.edit('/repo/.claude/skills/releasing/SKILL.md');
		const findings = session.detect();
		assert.deepEqual(kinds(findings), ['skill-written']);
		assert.deepEqual(findings.skillsWritten, ['/repo/.claude/skills/releasing/SKILL.md']);
	});

	test('does not fire for reading one or writing other Markdown', () => {
		const session = new Session().user('Read the skill');
		session.call(toolCallOf('Read', { file_path: '/repo/.claude/skills/releasing/SKILL.md' }));
		session.edit('/repo/docs/SKILLS.md');
		const findings = session.detect();
		assert.deepEqual(kinds(findings), []);
		assert.deepEqual(findings.skillsUsed, ['/repo/.claude/skills/releasing/SKILL.md']);
	});
});

describe('evidence', () => {
	test('quotes are redacted before they are cut, and at most 200 characters', () => {
		const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
		const findings = new Session().user('Publish').run('npm publish', 'ok').user(`No, wrong token: use ${token} ${'and more words '.repeat(20)}`).detect();
		const quote = only(findings, 'user-correction').evidence[0].quote;
		assert.ok(!quote.includes('ghp_'), quote);
		assert.match(quote, /\[REDACTED GitHub token\]/);
		assert.ok(quote.length <= 200);
	});
});

describe('error lines and signatures', () => {
	test('a traceback names its last error; a compiler its first', () => {
		assert.equal(errorLine(moduleError), 'ModuleNotFoundError: No module named \'shop\'');
		assert.equal(errorLine('src/a.ts(3,5): error TS2322: Type \'string\' is not assignable\nsrc/b.ts(1,1): error TS1005: \';\' expected'), 'src/a.ts(3,5): error TS2322: Type \'string\' is not assignable');
		assert.equal(errorLine('Exit code 1\n\u001b[31mnpm ERR! missing script: start\u001b[0m'), 'npm ERR! missing script: start');
	});

	test('signatures ignore paths, numbers and hashes but not names', () => {
		assert.equal(errorSignature('/a/b.ts:12: cannot find x'), errorSignature('/c/d.ts:40: cannot find x'));
		assert.equal(errorSignature('commit 1a2b3c4d5e failed'), errorSignature('commit 9f8e7d6c5b failed'));
		assert.notEqual(errorSignature('No module named \'shop\''), errorSignature('No module named \'cart\''));
	});
});
