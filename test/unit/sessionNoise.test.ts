import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { openSession } from '../../src/core/sessions/adapters';
import type { AgentKind, SessionEvent, ToolResult } from '../../src/core/sessions/sessionEvents';
import { fixturesDir, temporaryFolder } from './support';

/**
 * What the adapters make of the noise of real sessions: text the harness wrote in the person's
 * place, one act recorded in several records, calls that never ran and harness refusals. The
 * Claude Code and Copilot fixtures are excerpts of published sessions (see their README); the
 * Codex records follow the shapes of real rollouts, none with an open licence having been found.
 */

const excerpts = path.join(fixturesDir, 'transcripts', 'real-excerpts');

/** The line of the source session an excerpt's line comes from (`name.L<first>-<last>.jsonl`). */
function sourceLine(file: string, line: number): number {
	const first = /\.L(\d+)-\d+\.jsonl$/.exec(file);
	return first ? Number(first[1]) + line - 1 : line;
}

function cut(text: string): string {
	const line = text.split('\n')[0];
	return line.length > 50 ? `${line.slice(0, 50).trimEnd()}…` : line;
}

function resultBrief(result: ToolResult): string {
	const exit = result.exitCode === undefined ? '' : ` exit ${result.exitCode}`;
	return `result ${result.isError ? 'error' : 'ok'}${exit}${result.noise ? ` (${result.noise})` : ''}`;
}

/** One line per event, at the line of the source session, as a person reading it would summarise it. */
function brief(file: string, event: SessionEvent): string {
	const where = sourceLine(file, event.line);
	switch (event.kind) {
		case 'user':
			return `${where} user${event.injected ? ' (injected)' : ''}: ${cut(event.text)}`;
		case 'assistant':
			return `${where} assistant: ${cut(event.text)}`;
		case 'tool-call':
			return `${where} call ${event.tool.category} ${event.tool.name}${event.tool.paths ? ` ${event.tool.paths.join(' ')}` : ''}`;
		case 'tool-result':
			return `${where} ${resultBrief(event.result)}`;
		case 'rejection':
			return `${where} rejection${event.feedback ? `: ${cut(event.feedback)}` : ''}`;
		default:
			return `${where} ${event.kind}`;
	}
}

async function read(file: string, agent?: AgentKind): Promise<SessionEvent[]> {
	const reader = await openSession(file, agent);
	const events: SessionEvent[] = [];
	for await (const event of reader.events()) {
		events.push(event);
	}
	assert.deepEqual(reader.problems, [], `${path.basename(file)} reads without problems`);
	return events;
}

/** The events of an excerpt, each summarised at its line of the source session. */
async function excerpt(name: string, only?: (event: SessionEvent) => boolean): Promise<string[]> {
	const file = path.join(excerpts, name);
	return (await read(file)).filter(event => only?.(event) ?? true).map(event => brief(name, event));
}

const said = (event: SessionEvent) => event.kind === 'user' || event.kind === 'interrupt' || event.kind === 'rejection';

/** A Claude Code transcript written from records, one a line, with the envelope every record has. */
function claudeFile(records: Record<string, unknown>[]): string {
	const file = path.join(temporaryFolder('noise-'), 'session.jsonl');
	const lines = records.map((record, index) => JSON.stringify(record.type === 'queue-operation'
		? { sessionId: 's1', timestamp: `2026-01-01T10:00:${String(index).padStart(2, '0')}.000Z`, ...record }
		: { parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/dev/app', sessionId: 's1', uuid: `u${index}`, timestamp: '2026-01-01T10:00:00.000Z', ...record }));
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

const person = (content: unknown, extra: Record<string, unknown> = {}) => ({ type: 'user', message: { role: 'user', content }, ...extra });
const queue = (operation: string, content?: string) => ({ type: 'queue-operation', operation, ...(content === undefined ? {} : { content }) });
const toolResult = (id: string, content: string, isError = true) => person([{ type: 'tool_result', tool_use_id: id, content, is_error: isError }]);

describe('Claude Code: text typed while the agent worked (queue-operation)', () => {
	test('a message that exists only as `enqueue` is one user event at that line; its `remove` adds nothing', async () => {
		assert.deepEqual(await excerpt('cc-cwc-tui-crash.L43-49.jsonl', said), [
			'45 user: i didn\'t do server i did tui',
		]);
	});

	test('notices queued by the harness are injected, the person\'s questions are theirs, and nothing is said twice', async () => {
		const events = await excerpt('cc-sshare-subagents.L12-85.jsonl', said);
		assert.deepEqual(events.filter(line => !/ user \(injected\): <(?:local-)?command|Caveat|Publish the current/.test(line)), [
			'13 user (injected): <task-notification>',
			'14 user (injected): <task-notification>',
			'15 user (injected): <task-notification>',
			'16 user: is the 3rd tool still running?',
			'17 user: ??',
			'34 user: are they still being written?',
			'57 user (injected): <task-notification>',
			'62 user (injected): <task-notification>',
			'74 user: why won\'t you run it?',
			'83 interrupt',
		]);
		// popAll (18, 19) pulled 16 and 17 back to edit; the notice delivered at 22, 60 and 66 and the
		// question delivered at 82 were already said at their enqueue lines.
		for (const line of [18, 19, 22, 60, 66, 82]) {
			assert.ok(!events.some(event => event.startsWith(`${line} `)), `nothing at ${line}`);
		}
	});

	test('`remove` takes the person\'s message before a notice, and messages delivered together are said once', async () => {
		// The notice (426) stays queued while /export (427) is handed over mid-turn (428); the notice and
		// the second /export (433) come back as one user record (439), which is not a new message.
		assert.deepEqual(await excerpt('cc-sung-ci-loop.L424-444.jsonl', said), [
			'426 user (injected): <task-notification>',
			'427 user (injected): /export',
			'433 user (injected): /export',
			'440 interrupt',
			'442 user (injected): <local-command-caveat>Caveat: The messages below w…',
			'443 user (injected): <command-name>/export</command-name>',
			'444 user (injected): <local-command-stdout>Conversation exported to: .c…',
		]);
	});

	test('six queued notices delivered as one user record are not said again', async () => {
		const events = await excerpt('cc-mclaude-win-hooks.L575-610.jsonl', said);
		assert.deepEqual(events, [
			...[575, 576, 577, 578, 579, 580].map(line => `${line} user (injected): <task-notification>`),
			'600 rejection',
		]);
	});

	test('a message pulled back to edit and sent unchanged is one event; one sent again after its delivery is two', async () => {
		const file = claudeFile([
			person('Fix the login test.'),
			queue('enqueue', 'use the staging database'),
			queue('popAll', 'use the staging database'),
			person('use the staging database'),
			queue('enqueue', 'continue'),
			queue('remove'),
			person('continue'),
			queue('enqueue', 'also run the linter'),
			queue('dequeue'),
			person('also run the linter'),
			person('also run the linter'),
		]);
		assert.deepEqual((await read(file)).map(event => brief(file, event)), [
			'1 user: Fix the login test.',
			'2 user: use the staging database',
			'5 user: continue',
			'7 user: continue',
			'8 user: also run the linter',
			'11 user: also run the linter',
		]);
	});
});

describe('Claude Code: system text is never the person\'s words', () => {
	test('the skill body written after a Skill call is injected', async () => {
		assert.deepEqual(await excerpt('cc-cwc-wrong-dir.L252-254.jsonl'), [
			'252 call skill Skill',
			'253 result ok',
			'254 user (injected): Base directory for this skill: /home/ubuntu/charmi…',
		]);
	});

	test('a compaction is one event and its summary is injected', async () => {
		assert.deepEqual(await excerpt('cc-sung-charm-debug.L692-696.jsonl', event => event.kind !== 'tool-call' && event.kind !== 'tool-result'), [
			'694 compaction',
			'695 user (injected): This session is being continued from a previous co…',
		]);
	});

	test('slash commands, their caveats and expansions are injected', async () => {
		const events = await excerpt('cc-sshare-subagents.L12-85.jsonl', said);
		assert.deepEqual(events.filter(line => /^(?:3[6-9]|4[0-5]|7[01]) /.test(line)), [
			'36 user (injected): <local-command-caveat>Caveat: The messages below w…',
			'37 user (injected): <command-name>/plugin</command-name>',
			'38 user (injected): <local-command-stdout>(no content)</local-command-…',
			'40 user (injected): <local-command-caveat>Caveat: The messages below w…',
			'41 user (injected): <command-name>/plugin</command-name>',
			'42 user (injected): <local-command-stdout>(no content)</local-command-…',
			'44 user (injected): <command-message>publish-session</command-message>',
			'45 user (injected): Publish the current session transcript by running:',
			'70 user (injected): <command-message>publish-session</command-message>',
			'71 user (injected): Publish the current session transcript by running:',
		]);
	});

	test('notices and skill bodies are injected however they are recorded', async () => {
		const file = claudeFile([
			person('<task-notification>\n<task-id>b1</task-id>\n<status>completed</status>\n</task-notification>'),
			person('<bash-notification>\n<shell-id>b2</shell-id>\n<status>failed</status>\n</bash-notification>'),
			person([{ type: 'text', text: 'Base directory for this skill: /home/dev/app/.claude/skills/release\n\n# Release' }]),
			person([{ type: 'text', text: '# Release\n\nSteps to cut a release.' }], { sourceToolUseID: 'toolu_1' }),
			queue('enqueue', '/rate-limit-options'),
			queue('enqueue', '/home/dev/app/README.md is out of date'),
		]);
		assert.deepEqual((await read(file)).map(event => brief(file, event)), [
			'1 user (injected): <task-notification>',
			'2 user (injected): <bash-notification>',
			'3 user (injected): Base directory for this skill: /home/dev/app/.clau…',
			'4 user (injected): # Release',
			'5 user (injected): /rate-limit-options',
			'6 user: /home/dev/app/README.md is out of date',
		]);
	});

	test('no excerpt yields a person\'s message that the harness wrote', async () => {
		const harness = /^(?:<[a-z-]+>|Caveat: |This session is being continued|Base directory for this skill|Publish the current session|\[Request interrupted)/;
		for (const name of fs.readdirSync(excerpts).filter(file => file.endsWith('.jsonl'))) {
			for (const event of await read(path.join(excerpts, name))) {
				if (event.kind === 'user' && !event.injected) {
					assert.doesNotMatch(event.text, harness, `${name}:${event.line}`);
				}
			}
		}
	});
});

describe('Claude Code: synthetic assistant text is not the agent\'s', () => {
	test('a rate-limit notice and "No response requested." are dropped', async () => {
		assert.deepEqual(await excerpt('cc-sung-ci-loop.L8-14.jsonl'), [
			'9 user: It seems like we should build the rock and push it…',
			'10 user (injected): /rate-limit-options',
			'14 user: Can you organise thst?',
		]);
		assert.deepEqual(await excerpt('cc-cwc-fp-review.L94-98.jsonl'), [
			'98 user: i changed my mind, let\'s leave thise for last and…',
		]);
	});
});

describe('Claude Code: one user action is one event', () => {
	test('a refusal is one rejection: the interrupt marker written after it is not a second event', async () => {
		assert.deepEqual(await excerpt('cc-vsla-gpu-bench.L280-285.jsonl'), [
			'280 assistant: Let me first try to build the competitor GPU bench…',
			'281 call shell Bash',
			'282 rejection',
			'284 user: What do you mean theres no matrix multiplication f…',
			'285 assistant: You\'re absolutely right to question that! Let me c…',
		]);
	});

	test('the calls of a refused batch that never ran are cancelled results, not more refusals', async () => {
		const events = await excerpt('cc-mclaude-win-hooks.L742-753.jsonl', event => event.kind !== 'tool-call');
		assert.deepEqual(events, [
			'743 result error exit 128',
			'749 rejection',
			'750 result error (cancelled)',
			'751 result error (cancelled)',
			'752 result error (cancelled)',
		]);
	});

	test('a call cut short by a refusal in its batch is cancelled, and the marker after both is no interrupt', async () => {
		const events = await excerpt('cc-mclaude-win-hooks.L575-610.jsonl', event => event.line >= 26);
		assert.deepEqual(events, [
			'600 rejection',
			'607 result error (cancelled)',
		]);
	});

	test('a command the person stopped is cancelled, and their interrupt is one event', async () => {
		assert.deepEqual(await excerpt('cc-mclaude-ps-network.L399-404.jsonl', event => event.kind !== 'tool-call' && event.kind !== 'assistant'), [
			'401 result error exit 137 (cancelled)',
			'402 interrupt',
			'404 user: I think we should investigate the claude code npm…',
		]);
		assert.deepEqual(await excerpt('cc-sung-ci-loop.L144-149.jsonl', event => event.kind !== 'tool-call'), [
			'146 result error (cancelled)',
			'147 interrupt',
			'149 user: I authenticated gh for you. **Do nit use it with a…',
		]);
	});

	test('siblings cancelled because one parallel call failed keep their error, marked cancelled', async () => {
		const file = claudeFile([
			toolResult('toolu_1', 'Exit code 1\ngrep: docs/plans: No such file or directory'),
			toolResult('toolu_2', '<tool_use_error>Sibling tool call errored</tool_use_error>'),
			toolResult('toolu_3', '<tool_use_error>Cancelled: parallel tool call Bash(pwd) errored</tool_use_error>'),
			person([{ type: 'text', text: '[Request interrupted by user]' }]),
		]);
		assert.deepEqual((await read(file)).map(event => brief(file, event)), [
			'1 result error exit 1',
			'2 result error (cancelled)',
			'3 result error (cancelled)',
			'4 interrupt',
		]);
	});
});

describe('Claude Code: harness refusals are tool misuse, not failed checks', () => {
	const misuse = (event: SessionEvent) => event.kind === 'tool-result' && event.result.isError;
	const cases: [string, string[]][] = [
		['cc-sung-ci-loop.L394-397.jsonl', ['396 result error (tool-misuse)']],
		['cc-vsla-gpu-bench.L486-487.jsonl', ['487 result error (tool-misuse)']],
		['cc-cwc-tui-crash.L256-260.jsonl', ['258 result error (tool-misuse)']],
		['cc-mclaude-win-hooks.L575-610.jsonl', ['581 result error exit 1', '583 result error (tool-misuse)', '589 result error exit 1', '607 result error (cancelled)']],
		['cc-sshare-subagents.L12-85.jsonl', ['49 result error (tool-misuse)']],
		// A command that failed is a failure, whatever it says.
		['cc-cwc-tui-crash.L43-49.jsonl', ['48 result error exit 1']],
	];
	for (const [name, expected] of cases) {
		test(name, async () => {
			assert.deepEqual(await excerpt(name, misuse), expected);
		});
	}

	test('a replacement that found nothing is tool misuse too', async () => {
		const file = claudeFile([toolResult('toolu_1', '<tool_use_error>String to replace not found in file.\nString: foo</tool_use_error>')]);
		assert.deepEqual((await read(file)).map(event => brief(file, event)), ['1 result error (tool-misuse)']);
	});
});

describe('Codex', () => {
	const codexFile = (payloads: [string, Record<string, unknown>][]) => {
		const file = path.join(temporaryFolder('noise-'), 'rollout-2026-01-01T10-00-00-019a0000-0000-7000-8000-000000000009.jsonl');
		const lines = [
			{ timestamp: '2026-01-01T10:00:00.000Z', type: 'session_meta', payload: { id: '019a0000-0000-7000-8000-000000000009', cwd: '/home/dev/app', originator: 'codex_vscode', cli_version: '0.40.0' } },
			...payloads.map(([type, payload]) => ({ timestamp: '2026-01-01T10:00:01.000Z', type, payload })),
		];
		fs.writeFileSync(file, `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
		return file;
	};
	const userItem = (text: string): [string, Record<string, unknown>] => ['response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }];
	const userEvent = (message: string): [string, Record<string, unknown>] => ['event_msg', { type: 'user_message', message, kind: 'plain', images: [] }];

	test('only the request of an IDE prompt is the person\'s; instructions and context are injected', async () => {
		const prompt = '# Context from my IDE setup:\n\n## Active file: src/db.ts\n\n## Active selection of the file:\nexport const port = 5432;\n## Open tabs:\n- db.ts: src/db.ts\n\n## My request for Codex:\nWhy do the tests time out?\n';
		const file = codexFile([
			userItem('# AGENTS.md instructions for /home/dev/app\n\n<INSTRUCTIONS>\nRun npm test before committing.\n</INSTRUCTIONS>'),
			userItem('<user_instructions>\nAnswer briefly.\n</user_instructions>'),
			userItem('<environment_context>\n  <cwd>/home/dev/app</cwd>\n  <sandbox_mode>workspace-write</sandbox_mode>\n</environment_context>'),
			userItem(prompt),
			userEvent(prompt),
		]);
		assert.deepEqual((await read(file)).map(event => brief(file, event)), [
			'2 user (injected): # AGENTS.md instructions for /home/dev/app',
			'3 user (injected): <user_instructions>',
			'4 user (injected): <environment_context>',
			'6 user: Why do the tests time out?',
		]);
	});

	test('a command the sandbox refused or that exited non-zero is a failed result with its exit code', async () => {
		const call = (id: string, command: string): [string, Record<string, unknown>] => ['response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', command] }), call_id: id }];
		const output = (id: string, value: unknown): [string, Record<string, unknown>] => ['response_item', { type: 'function_call_output', call_id: id, output: value }];
		const file = codexFile([
			call('c1', 'npm test'),
			output('c1', JSON.stringify({ output: 'npm ERR! code EACCES\nnpm ERR! syscall mkdir\n', metadata: { exit_code: 243, duration_seconds: 0.4 } })),
			call('c2', 'pytest -q'),
			output('c2', 'sandbox error: command was killed by a signal'),
			call('c3', 'git push'),
			output('c3', JSON.stringify({ output: 'failed in sandbox MacosSeatbelt with execution error: Denied', metadata: { duration_seconds: 0.1 } })),
			call('c4', 'make'),
			['event_msg', { type: 'exec_command_end', call_id: 'c4', command: ['bash', '-lc', 'make'], stdout: '', stderr: 'make: *** No targets.  Stop.', aggregated_output: 'make: *** No targets.  Stop.', exit_code: 2, duration: { secs: 0, nanos: 1 } }],
			output('c4', 'Exit code: 2\nWall time: 0 seconds\nOutput:\nmake: *** No targets.  Stop.'),
			call('c5', 'curl https://example.com'),
			output('c5', { content: 'Network access to "example.com" is blocked by policy.', success: false }),
			call('c6', 'rm -rf build'),
			['event_msg', { type: 'exec_command_end', call_id: 'c6', status: 'declined', exit_code: -1, aggregated_output: '' }],
			output('c6', 'exec command rejected by user'),
			call('c7', 'ls'),
			output('c7', 'Exit code: 0\nWall time: 0 seconds\nOutput:\nsrc\n'),
		]);
		const results = (await read(file)).filter(event => event.kind !== 'tool-call').map(event => brief(file, event));
		assert.deepEqual(results, [
			'3 result error exit 243',
			'5 result error',
			'7 result error',
			'9 result error exit 2',
			'12 result error',
			'14 rejection',
			'17 result ok exit 0',
		]);
	});
});

describe('Copilot Chat "Export Chat" JSON', () => {
	const name = 'cp-peckjon-brainstorm.requests-4-5.json';

	test('a retry button\'s words are injected, every rendered call is matched to its round once, and no empty code block is an answer', async () => {
		const events = await read(path.join(excerpts, name));
		assert.deepEqual(events.map(event => brief(name, event)), [
			'16 user: Perfect. Yes do this now:',
			'16 assistant: I\'ll create the BRAINSTORM.md file with our conver…',
			'16 result error',
			'159 user (injected): @agent Try Again',
			'159 assistant: I\'ll create the BRAINSTORM.md file and update the…',
			'159 call edit copilot_replaceString /Users/peckjon/githubs/repo-organizer/PRD.md',
			'159 result ok',
			'159 call edit copilot_replaceString /Users/peckjon/githubs/repo-organizer/PRD.md',
			'159 result ok',
			'159 assistant: Now let me update the copilot instructions to refl…',
			'159 call edit copilot_replaceString /Users/peckjon/githubs/repo-organizer/.github/copilot-instructions.md',
			'159 result ok',
			'159 assistant: Perfect! I\'ve completed both tasks:',
		]);
		const results = events.filter(event => event.kind === 'tool-result' && !event.result.isError);
		assert.ok(results.every(event => event.kind === 'tool-result' && /^The following files were successfully edited:/.test(event.result.output ?? '')), 'results carry the text of their round');
		const last = events[events.length - 1];
		assert.match(last.kind === 'assistant' ? last.text : '', /## 1\. ✅ Created `BRAINSTORM\.md`\n/);
	});

	test('only the fences around an edit are dropped: a code block of the answer stays whole', async () => {
		const file = path.join(temporaryFolder('noise-'), 'chat.json');
		const edit = { kind: 'codeblockUri', uri: { $mid: 1, fsPath: '/home/dev/app/src/db.ts', path: '/home/dev/app/src/db.ts', scheme: 'file' }, isEdit: true };
		fs.writeFileSync(file, JSON.stringify({
			version: 3, sessionId: 'fences', requests: [{
				message: { text: 'Use port 5433.' },
				response: [
					{ value: 'The port is set here:\n```ts\nexport const port = 5432;\n```\n\n```\n' },
					edit,
					{ kind: 'textEditGroup', uri: edit.uri, edits: [] },
					{ value: '\n```\nChanged it to 5433.' },
				],
			}],
		}, null, 2));
		const events = await read(file, 'copilot-chat');
		const answer = events.find(event => event.kind === 'assistant');
		assert.equal(answer?.kind === 'assistant' ? answer.text : '', 'The port is set here:\n```ts\nexport const port = 5432;\n```\n\n\nChanged it to 5433.');
	});
});
