import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { detectAgent, openSession, UnknownTranscriptError } from '../../src/core/sessions/adapters';
import { claudeCodeAdapter } from '../../src/core/sessions/claudeCode';
import { codexAdapter } from '../../src/core/sessions/codex/codexAdapter';
import { copilotChatAdapter } from '../../src/core/sessions/copilotChat/copilotChatAdapter';
import { copilotCliAdapter } from '../../src/core/sessions/copilotCli';
import type { AgentKind, SessionEvent, SessionInfo, SessionReader } from '../../src/core/sessions/sessionEvents';
import { fixturesDir, temporaryFolder, writeTree } from './support';

const transcripts = path.join(fixturesDir, 'transcripts');
const workspace = '/home/dev/shop-api';

const claudeId = '5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90';
const claudeProject = path.join(transcripts, 'claude-code', 'projects', '-home-dev-shop-api');
const claudeFile = path.join(claudeProject, `${claudeId}.jsonl`);
const claudeSubagent = path.join(claudeProject, claudeId, 'subagents', 'agent-a1b2c3.jsonl');

const codexId = '019a9c2e-7d41-7c3a-b8f2-5e6d7c8b9a01';
const codexSessions = path.join(transcripts, 'codex', 'sessions');
const codexFile = path.join(codexSessions, '2026', '11', '20', `rollout-2026-11-20T09-14-03-${codexId}.jsonl`);
const codexZstId = '019a97aa-1111-7222-8333-944455566677';
const codexZst = path.join(codexSessions, '2026', '11', '19', `rollout-2026-11-19T16-40-00-${codexZstId}.jsonl.zst`);

const cliId = '7c1e4b9a-2f3d-4e5a-8b6c-0d1e2f3a4b5c';
const cliFile = path.join(transcripts, 'copilot-cli', 'session-state', cliId, 'events.jsonl');

const chatStorage = path.join(transcripts, 'copilot-chat', 'workspaceStorage', '3f9a1c7e5b2d4a6c8e0f1a2b3c4d5e6f');
const chatJsonId = '0b6f3c1d-8e2a-4f5b-9c7d-1e3f5a7b9c2d';
const chatJson = path.join(chatStorage, 'chatSessions', `${chatJsonId}.json`);
const chatLogId = '4d2e6f8a-1b3c-4d5e-8f7a-9b1c3d5e7f0a';
const chatLog = path.join(chatStorage, 'chatSessions', `${chatLogId}.jsonl`);
const chatTranscriptId = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const chatTranscript = path.join(chatStorage, 'GitHub.copilot-chat', 'transcripts', `${chatTranscriptId}.jsonl`);

const secrets = ['ghp_R7kq2VnX8bT4mW1cZ9pL3sD6fH0jY5aE2uNo', 'AKIAIOSFODNN7EXAMPLE'];

interface Read {
	reader: SessionReader;
	events: SessionEvent[];
}

async function readSession(file: string, agent?: AgentKind): Promise<Read> {
	const reader = await openSession(file, agent);
	const events: SessionEvent[] = [];
	for await (const event of reader.events()) {
		events.push(event);
	}
	return { reader, events };
}

function cut(text: string): string {
	const line = text.split('\n')[0];
	return line.length > 50 ? `${line.slice(0, 50).trimEnd()}…` : line;
}

/** One line per event, as a person reading the session would summarise it. */
function brief(event: SessionEvent): string {
	const where = `${event.line}${event.sidechain ? ` [${event.sidechain}]` : ''}`;
	switch (event.kind) {
		case 'user':
			return `${where} user${event.injected ? ' (injected)' : ''}: ${cut(event.text)}`;
		case 'assistant':
			return `${where} assistant: ${cut(event.text)}`;
		case 'tool-call': {
			const { category, name, command, paths } = event.tool;
			return `${where} call ${category} ${name}${command ? ` $ ${command}` : ''}${paths ? ` ${paths.join(' ')}` : ''}`;
		}
		case 'tool-result': {
			const { id, isError, exitCode } = event.result;
			return `${where} result ${id ?? '-'} ${isError ? 'error' : 'ok'}${exitCode === undefined ? '' : ` exit ${exitCode}`}`;
		}
		case 'rejection':
			return `${where} rejection ${event.toolId}`;
		case 'downvote':
			return `${where} downvote ${event.reason}`;
		default:
			return `${where} ${event.kind}`;
	}
}

function lineOf(file: string, line: number): string {
	return fs.readFileSync(file, 'utf8').split('\n')[line - 1] ?? '';
}

/** Each event's line must hold the record it came from: its call id or the start of its text. */
function assertLinesPointAtRecords(file: string, events: SessionEvent[]): void {
	for (const event of events) {
		const text = lineOf(event.file ?? file, event.line);
		const id = event.kind === 'tool-call' ? event.tool.id : event.kind === 'tool-result' ? event.result.id : event.kind === 'rejection' ? event.toolId : undefined;
		const words = event.kind === 'user' || event.kind === 'assistant' ? JSON.stringify(event.text.split('\n')[0].slice(0, 40)).slice(1, -1) : undefined;
		const expected = id ?? words;
		if (expected !== undefined) {
			assert.ok(text.includes(expected), `line ${event.line} of ${path.basename(event.file ?? file)} does not hold ${expected}: ${text.slice(0, 200)}`);
		}
	}
}

function assertProblems(reader: SessionReader, file: string, malformed: number, torn: number): void {
	assert.deepEqual(reader.problems.map(problem => [path.basename(problem.file), problem.line]), [[path.basename(file), malformed], [path.basename(file), torn]]);
	assert.match(reader.problems[0].message, /not valid JSON/);
	assert.match(reader.problems[1].message, /last line is incomplete/);
}

function outputOf(events: SessionEvent[], id: string): string {
	const result = events.find(event => event.kind === 'tool-result' && event.result.id === id);
	assert.ok(result?.kind === 'tool-result', `no result for ${id}`);
	return result.result.output ?? '';
}

/** Copies fixture files into a fresh folder, each with the given modification time (seconds). */
function copyTree(files: { from: string; to: string; modified: number }[]): string {
	const base = temporaryFolder('sessions-');
	for (const { from, to, modified } of files) {
		const target = path.join(base, to);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(from, target);
		fs.utimesSync(target, modified, modified);
	}
	return base;
}

function setModified(file: string, modified: number): void {
	fs.utimesSync(file, modified, modified);
}

function listed(sessions: SessionInfo[]): string[] {
	return sessions.map(session => `${session.id} ${session.cwd ?? '(storage)'}: ${session.firstPrompt}`);
}

const day = 24 * 60 * 60;
const now = Math.floor(Date.now() / 1000);

describe('detecting the agent from the content', () => {
	const cases: [string, string, AgentKind][] = [
		['Claude Code session', claudeFile, 'claude-code'],
		['Claude Code subagent', claudeSubagent, 'claude-code'],
		['Codex rollout', codexFile, 'codex'],
		['compressed Codex rollout', codexZst, 'codex'],
		['Copilot CLI events', cliFile, 'copilot-cli'],
		['Copilot Chat v3 JSON', chatJson, 'copilot-chat'],
		['Copilot Chat mutation log', chatLog, 'copilot-chat'],
		['Copilot Chat extension transcript (Copilot CLI events in its folder)', chatTranscript, 'copilot-chat'],
	];
	for (const [label, file, agent] of cases) {
		test(label, async () => {
			assert.equal((await detectAgent(file)).agent, agent);
		});
	}

	test('a file whose name gives no hint is still recognised by its records', async () => {
		const dir = temporaryFolder();
		const renamed = path.join(dir, 'session.jsonl');
		fs.copyFileSync(codexFile, renamed);
		assert.equal((await detectAgent(renamed)).agent, 'codex');
		fs.copyFileSync(cliFile, renamed);
		assert.equal((await detectAgent(renamed)).agent, 'copilot-cli');
		fs.copyFileSync(chatLog, renamed);
		assert.equal((await detectAgent(renamed)).agent, 'copilot-chat');
	});

	test('other JSON and JSON-lines files are not transcripts', async () => {
		const dir = temporaryFolder();
		writeTree(dir, {
			'package.json': '{\n  "name": "shop-api",\n  "version": "1.0.0"\n}\n',
			'log.jsonl': '{"level":"info","msg":"started"}\n{"level":"warn","msg":"slow"}\n',
		});
		await assert.rejects(detectAgent(path.join(dir, 'package.json')), UnknownTranscriptError);
		await assert.rejects(detectAgent(path.join(dir, 'log.jsonl')), /not a transcript of a supported agent \(claude-code, codex, copilot-chat, copilot-cli\)/);
	});
});

describe('fields of the wrong type or missing never stop a reader', () => {
	const cases: [AgentKind, string, string[]][] = [
		['claude-code', 'session.jsonl', [
			'{"type":"user","sessionId":"s","message":{"content":[null,5,{"type":"tool_result","content":{"x":1}}]}}',
			'{"type":"assistant","sessionId":"s","message":{"content":"plain"}}',
			'{"type":"assistant","sessionId":"s","message":{"content":[{"type":"tool_use","name":5},{"type":"tool_use","name":"Bash","input":"ls"}]}}',
		]],
		['codex', 'rollout.jsonl', [
			'{"type":"session_meta","payload":{"id":5,"cwd":["x"]}}',
			'{"type":"response_item","payload":{"type":"function_call","name":5,"arguments":{"a":1}}}',
			'{"type":"response_item","payload":{"type":"function_call_output","call_id":7,"output":{"content":5}}}',
			'{"type":"response_item","payload":{"type":"local_shell_call","action":"ls"}}',
			'{"type":"event_msg","payload":{"type":"user_message","message":["x"]}}',
			'{"type":"event_msg","payload":{"type":"item_completed","item":"x"}}',
			'{"type":"event_msg","payload":{"type":"mcp_tool_call_end","call_id":"m1","result":{"Err":{"code":1}}}}',
			'{"type":"event_msg","payload":{"type":"patch_apply_end","success":false}}',
			'{"type":"event_msg","payload":null}',
			'[1,2]',
			'"text"',
		]],
		['copilot-cli', 'events.jsonl', [
			'{"type":"session.start","data":{"sessionId":5,"context":"x"}}',
			'{"type":"user.message","data":{"content":7}}',
			'{"type":"assistant.message","data":{"content":null,"toolRequests":"x"}}',
			'{"type":"assistant.message","data":{"toolRequests":[null,{"name":5},{"name":"bash","arguments":"ls -la","toolCallId":9}]}}',
			'{"type":"tool.execution_complete","data":{"toolCallId":5,"success":"no","result":[1],"error":{"message":7}}}',
			'{"type":"abort"}',
		]],
		['copilot-chat', 'chat.jsonl', [
			'{"kind":1,"k":"requests","v":1}',
			'{"kind":0,"v":{"requests":"no"}}',
			'{"kind":2,"k":["requests"],"v":"x"}',
			'{"kind":2,"k":["requests",-1],"v":[1]}',
			'{"kind":"0","v":{}}',
			'{"kind":3,"k":[]}',
			'{"kind":2,"k":["requests"],"v":[5,null,{"message":"x","response":"y","result":{"metadata":{"toolCallRounds":"z","toolCallResults":[1]}}}]}',
			'{"kind":1,"k":["requests",2,"response"],"v":[null,{"value":5},{"kind":"toolInvocationSerialized","toolId":5},{"kind":"toolInvocationSerialized","toolId":"run_in_terminal","isConfirmed":{"type":"0"},"isComplete":true,"toolSpecificData":{"terminalCommandState":{"exitCode":"1"}},"resultDetails":{"output":"x"}}]}',
			'{"kind":1,"k":["requests",2,"modelState"],"v":{"value":"2"}}',
		]],
		['copilot-chat', 'chat.json', [
			'{"version":3,"sessionId":5,"requests":[5,null,{"timestamp":1e300,"message":{"text":["x"]},"response":[{"kind":"toolInvocationSerialized","toolId":"copilot_readFile","invocationMessage":{"uris":{"file:///a%20b.ts":1,"not a uri":2}}}],"result":{"errorDetails":"boom","metadata":[]},"vote":"0"}]}',
		]],
	];
	for (const [agent, name, lines] of cases) {
		test(`${agent} (${name})`, async () => {
			const file = path.join(temporaryFolder(), name);
			fs.writeFileSync(file, lines.join('\n') + '\n');
			const { events } = await readSession(file, agent);
			for (const event of events) {
				assert.ok(Number.isInteger(event.line) && event.line >= 1, brief(event));
			}
		});
	}
});

describe('Claude Code', () => {
	test('the session reads as the person saw it, subagent included', async () => {
		const { reader, events } = await readSession(claudeFile);
		assert.equal(reader.agent, 'claude-code');
		assert.equal(reader.id, claudeId);
		assert.deepEqual(events.map(brief), [
			'1 user (injected): Caveat: The messages below were generated by the u…',
			'2 user: The checkout tests fail with ECONNREFUSED since ye…',
			'3 assistant: I\'ll run the checkout tests first.',
			'4 call shell Bash $ npm test -- checkout',
			'5 result toolu_01 error exit 1',
			'6 call shell Bash $ npm test -- checkout',
			'7 result toolu_02 error exit 1',
			'9 call shell Bash $ npx jest test/checkout.test.ts --runInBand',
			'10 result toolu_03 error exit 1',
			'12 call edit Edit /home/dev/shop-api/src/db.ts',
			'13 rejection toolu_04',
			'14 user: No, don\'t touch db.ts. The tests need the database…',
			'15 call shell Bash $ docker compose up -d db',
			'16 result toolu_05 ok',
			'17 call shell Bash $ npm test -- checkout',
			'18 result toolu_06 ok',
			'19 call shell Bash $ printenv GITHUB_TOKEN AWS_ACCESS_KEY_ID',
			'20 result toolu_07 ok',
			'21 call agent Task',
			'22 result toolu_08 ok',
			'23 call edit Write /home/dev/shop-api/.claude/skills/db-backed-tests/SKILL.md',
			'24 result toolu_09 ok',
			'25 interrupt',
			'26 compaction',
			'27 user (injected): This session is being continued from a previous co…',
			'28 user: Now document the docker step in the README.',
			'1 [a1b2c3] user (injected): Find the test suites besides checkout that open a…',
			'2 [a1b2c3] call search Grep test',
			'3 [a1b2c3] result toolu_s1 ok',
			'4 [a1b2c3] assistant: Found 2 more suites: test/orders.test.ts, test/ref…',
		]);
		assert.ok(events.filter(event => event.sidechain).every(event => event.file === claudeSubagent), 'subagent events name their file');
		assert.ok(events.filter(event => !event.sidechain).every(event => event.file === undefined), 'main events have no file');
		assertLinesPointAtRecords(claudeFile, events);
	});

	test('an unknown record type, a malformed line and a torn last line', async () => {
		const { reader, events } = await readSession(claudeFile);
		assert.equal(events.filter(event => event.line === 8 && !event.file).length, 0, 'the mystery-record line gives no event');
		assertProblems(reader, claudeFile, 11, 29);
		assert.ok(events.some(event => event.line === 28 && event.kind === 'user'), 'the line before the torn one is read');
	});

	test('tool outputs are kept (with their secrets) for the redaction step', async () => {
		const { events } = await readSession(claudeFile);
		const output = outputOf(events, 'toolu_07');
		for (const secret of secrets) {
			assert.ok(output.includes(secret));
		}
		assert.match(outputOf(events, 'toolu_01'), /ECONNREFUSED 127\.0\.0\.1:5432/);
	});

	test('findSessions: sub-folder sessions are listed, sessions of another folder with a similar slug are not', async () => {
		const subId = '6a1b2c3d-0000-4000-8000-000000000001';
		const otherId = '7b2c3d4e-0000-4000-8000-000000000002';
		const record = (cwd: string, sessionId: string, text: string) => JSON.stringify({ parentUuid: null, type: 'user', cwd, sessionId, uuid: `${sessionId}-1`, timestamp: '2026-11-19T10:00:00.000Z', message: { role: 'user', content: text } });
		const home = copyTree([
			{ from: claudeFile, to: `projects/-home-dev-shop-api/${claudeId}.jsonl`, modified: now - day },
			{ from: claudeSubagent, to: `projects/-home-dev-shop-api/${claudeId}/subagents/agent-a1b2c3.jsonl`, modified: now - day },
		]);
		writeTree(home, {
			[`projects/-home-dev-shop-api-services-payments/${subId}.jsonl`]: `${record(`${workspace}/services/payments`, subId, 'Why does the payments webhook return 401?')}\n`,
			[`projects/-home-dev-shop-api-legacy/${otherId}.jsonl`]: `${record('/home/dev/shop-api-legacy', otherId, 'Bump express.')}\n`,
		});
		setModified(path.join(home, `projects/-home-dev-shop-api-services-payments/${subId}.jsonl`), now);
		const sessions = await claudeCodeAdapter.findSessions(workspace, { claude: home }, 10);
		assert.deepEqual(listed(sessions), [
			`${subId} ${workspace}/services/payments: Why does the payments webhook return 401?`,
			`${claudeId} ${workspace}: The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?`,
		]);
		const main = sessions[1];
		assert.equal(main.size, fs.statSync(claudeFile).size + fs.statSync(claudeSubagent).size, 'the size counts the subagent transcript');
		assert.equal(main.modified, (now - day) * 1000);
	});
});

describe('Codex', () => {
	test('the rollout reads as one stream: prompts once, the IDE wrapper removed, every tool output shape', async () => {
		const { reader, events } = await readSession(codexFile);
		assert.equal(reader.agent, 'codex');
		assert.equal(reader.id, codexId);
		assert.deepEqual(events.map(brief), [
			'2 user (injected): <environment_context>',
			'4 user: The checkout tests fail with ECONNREFUSED since ye…',
			'8 call shell shell $ npm test -- checkout',
			'9 result call_a1 error exit 1',
			'10 call shell exec_command $ npm test -- checkout',
			'11 result call_a2 error exit 1',
			'14 call shell local_shell_call $ npx jest test/checkout.test.ts --runInBand',
			'15 result call_a3 error exit 1',
			'16 call edit apply_patch src/db.ts',
			'17 rejection call_a4',
			'18 assistant: I won\'t change db.ts then. What should I do instea…',
			'22 user: No, don\'t touch db.ts. The tests need the database…',
			'24 call shell shell $ docker compose up -d db',
			'25 result call_b1 ok exit 0',
			'26 call shell shell $ npm test -- checkout',
			'27 result call_b2 ok exit 0',
			'28 call shell shell $ printenv GITHUB_TOKEN AWS_ACCESS_KEY_ID',
			'29 result call_b3 ok exit 0',
			'30 call edit apply_patch .agents/skills/db-backed-tests/SKILL.md',
			'32 result call_b4 ok exit 0',
			'33 call edit apply_patch README.md',
			'34 result call_b5 error',
			'36 interrupt',
			'37 compaction',
			'39 user: Now document the docker step in the README.',
			'41 assistant: Added a Testing section to README.md.',
			'42 interrupt',
		]);
		assertLinesPointAtRecords(codexFile, events);
	});

	test('outputs are unwrapped from their envelope, a failed patch keeps its error', async () => {
		const { events } = await readSession(codexFile);
		assert.ok(outputOf(events, 'call_a1').startsWith('FAIL test/checkout.test.ts'), 'the JSON envelope is removed');
		assert.match(outputOf(events, 'call_a3'), /^Exit code: 1\n[\s\S]*ECONNREFUSED/);
		assert.equal(outputOf(events, 'call_b5'), 'Failed to find expected lines in README.md:\n## Testing');
		for (const secret of secrets) {
			assert.ok(outputOf(events, 'call_b3').includes(secret));
		}
	});

	test('an unknown record type, a malformed line and a torn last line', async () => {
		const { reader, events } = await readSession(codexFile);
		assert.equal(events.filter(event => event.line === 12).length, 0, 'the ghost_state record gives no event');
		assertProblems(reader, codexFile, 13, 43);
	});

	test('a compressed rollout is read decompressed', async () => {
		const { reader, events } = await readSession(codexZst);
		assert.equal(reader.id, codexZstId);
		assert.deepEqual(reader.problems, []);
		assert.deepEqual(events.map(brief), [
			'2 user (injected): <environment_context>',
			'3 user: Why does the payments webhook return 401?',
			'5 call shell shell $ curl -si localhost:3000/webhooks/stripe',
			'6 result call_c1 ok exit 0',
			'7 assistant: The webhook rejects requests without a Stripe-Sign…',
		]);
	});

	test('a message written to several streams counts once, and twice when the person sent it twice', async () => {
		const dir = temporaryFolder();
		const file = path.join(dir, 'rollout-2026-11-21T10-00-00-019a0000-0000-7000-8000-000000000001.jsonl');
		const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: '2026-11-21T10:00:00.000Z', type, payload });
		const user = (text: string) => [
			line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }),
			line('event_msg', { type: 'user_message', message: text, kind: 'plain' }),
		];
		const answer = (text: string) => [
			line('event_msg', { type: 'agent_message', message: text }),
			line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }),
		];
		fs.writeFileSync(file, [
			line('session_meta', { id: '019a0000-0000-7000-8000-000000000001', cwd: workspace }),
			...user('continue'), line('turn_context', { cwd: workspace }), ...answer('Done.'),
			...user('continue'), line('turn_context', { cwd: workspace }), ...answer('Done.'),
		].join('\n') + '\n');
		const { events } = await readSession(file);
		assert.deepEqual(events.map(brief), ['3 user: continue', '5 assistant: Done.', '8 user: continue', '10 assistant: Done.']);
	});

	test('findSessions: newest first, sub-folder sessions and the archive listed, other projects and duplicates not', async () => {
		const archivedId = '019a8000-3333-7444-8555-966677788899';
		const otherId = '019a92f0-2222-7333-8444-955566677788';
		const home = copyTree([
			{ from: codexFile, to: `sessions/2026/11/20/${path.basename(codexFile)}`, modified: now - day },
			{ from: codexZst, to: `sessions/2026/11/19/${path.basename(codexZst)}`, modified: now - 2 * day },
			{ from: path.join(codexSessions, '2026', '11', '18', `rollout-2026-11-18T08-00-00-${otherId}.jsonl`), to: `sessions/2026/11/18/rollout-2026-11-18T08-00-00-${otherId}.jsonl`, modified: now },
			// The same rollout compressed beside its plain file: the plain file wins.
			{ from: codexFile, to: `sessions/2026/11/20/${path.basename(codexFile)}.zst`, modified: now - day },
		]);
		const archived = JSON.stringify({ timestamp: '2026-10-01T10:00:00.000Z', type: 'session_meta', payload: { id: archivedId, cwd: `${workspace}/web` } });
		const prompt = JSON.stringify({ timestamp: '2026-10-01T10:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'Make the cart button bigger.', kind: 'plain' } });
		writeTree(home, { [`archived_sessions/rollout-2026-10-01T10-00-00-${archivedId}.jsonl`]: `${archived}\n${prompt}\n` });
		setModified(path.join(home, `archived_sessions/rollout-2026-10-01T10-00-00-${archivedId}.jsonl`), now - 30 * day);

		const sessions = await codexAdapter.findSessions(workspace, { codex: home }, 10);
		assert.deepEqual(listed(sessions), [
			`${codexId} ${workspace}: The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?`,
			`${codexZstId} ${workspace}/services/payments: Why does the payments webhook return 401?`,
			`${archivedId} ${workspace}/web: Make the cart button bigger.`,
		]);
		assert.ok(sessions[0].path.endsWith('.jsonl'), sessions[0].path);
		assert.ok(sessions[1].path.endsWith('.jsonl.zst'), sessions[1].path);
		assert.equal(sessions[0].size, fs.statSync(codexFile).size);
		assert.deepEqual(listed(await codexAdapter.findSessions(workspace, { codex: home }, 1)), [listed(sessions)[0]]);
	});

	test('findSessions reads $CODEX_HOME when no home is given', async () => {
		const home = copyTree([{ from: codexFile, to: `sessions/2026/11/20/${path.basename(codexFile)}`, modified: now }]);
		const saved = process.env.CODEX_HOME;
		process.env.CODEX_HOME = home;
		try {
			assert.deepEqual((await codexAdapter.findSessions(workspace, {}, 10)).map(session => session.id), [codexId]);
		} finally {
			if (saved === undefined) {
				delete process.env.CODEX_HOME;
			} else {
				process.env.CODEX_HOME = saved;
			}
		}
	});
});

describe('Copilot CLI', () => {
	test('the events read as the person saw them, the subagent marked', async () => {
		const { reader, events } = await readSession(cliFile);
		assert.equal(reader.agent, 'copilot-cli');
		assert.equal(reader.id, cliId);
		assert.deepEqual(events.map(brief), [
			'3 user: The checkout tests fail with ECONNREFUSED since ye…',
			'5 assistant: I\'ll run the checkout tests first.',
			'5 call shell bash $ npm test -- checkout',
			'7 result call_1 error exit 1',
			'8 call shell bash $ npm test -- checkout',
			'9 result call_2 error exit 1',
			'12 call shell bash $ npx jest test/checkout.test.ts --runInBand',
			'14 result call_3 error exit 1',
			'15 call edit edit /home/dev/shop-api/src/db.ts',
			'16 rejection call_4',
			'17 user: No, don\'t touch db.ts. The tests need the database…',
			'18 call shell bash $ docker compose up -d db',
			'19 result call_5 ok exit 0',
			'20 call shell bash $ npm test -- checkout',
			'21 result call_6 ok exit 0',
			'22 call shell bash $ printenv GITHUB_TOKEN AWS_ACCESS_KEY_ID',
			'23 result call_7 ok exit 0',
			'24 call agent task',
			'26 [call_8] call search grep test',
			'27 [call_8] result call_s1 ok',
			'28 [call_8] assistant: Found 2 more suites: test/orders.test.ts, test/ref…',
			'30 result call_8 ok',
			'31 call edit create /home/dev/shop-api/.github/skills/db-backed-tests/SKILL.md',
			'32 result call_9 ok',
			'33 interrupt',
			'34 compaction',
			'36 user: Now document the docker step in the README.',
		]);
		assertLinesPointAtRecords(cliFile, events);
		const result = events.find(event => event.kind === 'tool-result' && event.result.id === 'call_1');
		assert.equal(result?.kind === 'tool-result' && result.result.name, 'bash', 'a result names its tool from the call');
		for (const secret of secrets) {
			assert.ok(outputOf(events, 'call_7').includes(secret));
		}
	});

	test('an unknown event type, a malformed line and a torn last line', async () => {
		const { reader, events } = await readSession(cliFile);
		assert.equal(events.filter(event => event.line === 10).length, 0, 'the telemetry event gives no event');
		assertProblems(reader, cliFile, 11, 37);
	});

	test('findSessions: current and legacy layouts, sub-folders kept, other folders dropped', async () => {
		const legacyId = '8d2f5c0b-3e4f-4a5b-9c6d-1e2f3a4b5c6d';
		const otherId = '9e3a6d1c-4f5a-4b6c-8d7e-2f3a4b5c6d7e';
		const start = (id: string, cwd: string) => JSON.stringify({ type: 'session.start', data: { sessionId: id, context: { cwd } }, id: 'e1', timestamp: '2026-11-19T09:00:00.000Z', parentId: null });
		const prompt = (text: string) => JSON.stringify({ type: 'user.message', data: { content: text, transformedContent: `<current_datetime>now</current_datetime>\n${text}` }, id: 'e2', timestamp: '2026-11-19T09:00:01.000Z', parentId: 'e1' });
		const home = copyTree([{ from: cliFile, to: `session-state/${cliId}/events.jsonl`, modified: now - day }]);
		writeTree(home, {
			[`session-state/${legacyId}.jsonl`]: `${start(legacyId, `${workspace}/services/payments`)}\n${prompt('Why does the payments webhook return 401?')}\n`,
			[`session-state/${otherId}/events.jsonl`]: `${start(otherId, '/home/dev/shop-api-legacy')}\n${prompt('Bump express.')}\n`,
			[`session-state/${otherId}/workspace.yaml`]: 'cwd: /home/dev/shop-api-legacy\n',
		});
		setModified(path.join(home, `session-state/${legacyId}.jsonl`), now - 2 * day);
		setModified(path.join(home, `session-state/${otherId}/events.jsonl`), now);
		const sessions = await copilotCliAdapter.findSessions(workspace, { copilot: home }, 10);
		assert.deepEqual(listed(sessions), [
			`${cliId} ${workspace}: The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?`,
			`${legacyId} ${workspace}/services/payments: Why does the payments webhook return 401?`,
		]);
		assert.equal(sessions[0].size, fs.statSync(cliFile).size);
		assert.equal(sessions[0].agent, 'copilot-cli');
	});
});

describe('Copilot Chat', () => {
	test('v3 JSON: each request\'s events carry the line where the request starts', async () => {
		const { reader, events } = await readSession(chatJson);
		assert.equal(reader.agent, 'copilot-chat');
		assert.equal(reader.id, chatJsonId);
		assert.deepEqual(reader.problems, []);
		assert.deepEqual(events.map(brief), [
			'13 user: The checkout tests fail with ECONNREFUSED since ye…',
			'13 assistant: I\'ll run the checkout tests first.',
			'13 call shell run_in_terminal $ npm test -- checkout',
			'13 result tc_1 error exit 1',
			'13 call shell run_in_terminal $ npm test -- checkout',
			'13 result tc_2 error exit 1',
			'13 call shell run_in_terminal $ npx jest test/checkout.test.ts --runInBand',
			'13 result tc_3 error exit 1',
			'13 assistant: The database port looks wrong; I will change it.',
			'13 call edit copilot_replaceString /home/dev/shop-api/src/db.ts',
			'13 rejection tc_4',
			'13 downvote didNotFollowInstructions',
			'250 user: No, don\'t touch db.ts. The tests need the database…',
			'250 call shell run_in_terminal $ docker compose up -d db',
			'250 result tc_5 ok exit 0',
			'250 call shell run_in_terminal $ npm test -- checkout',
			'250 result tc_6 ok exit 0',
			'250 call shell run_in_terminal $ printenv GITHUB_TOKEN AWS_ACCESS_KEY_ID',
			'250 result tc_7 ok exit 0',
			'250 call agent runSubagent',
			'250 result tc_8 ok',
			'250 [tc_8] call search copilot_findTextInFiles',
			'250 [tc_8] result tc_9 ok',
			'250 call edit copilot_createFile /home/dev/shop-api/.github/skills/db-backed-tests/SKILL.md',
			'250 result tc_10 ok',
			'250 assistant: The tests pass once the database runs. I saved the…',
			'250 call other get_errors /home/dev/shop-api/test/checkout.test.ts',
			'250 result tc_11 ok',
			'535 user: Now document the docker step in the README.',
			'535 assistant: I\'ll add a Testing section',
			'535 interrupt',
			'570 user: Try again, please.',
			'570 result - error',
		]);
		for (const line of [13, 250, 535, 570]) {
			assert.equal(lineOf(chatJson, line).trim(), '{', `line ${line} opens a request`);
			assert.match(lineOf(chatJson, line + 1), /"requestId": "request_\d"/);
		}
		for (const secret of secrets) {
			assert.ok(outputOf(events, 'tc_7').includes(secret));
		}
		const failure = events.find(event => event.kind === 'tool-result' && event.result.id === undefined);
		assert.match(failure?.kind === 'tool-result' ? failure.result.output ?? '' : '', /^Sorry, your request failed/);
	});

	test('v3 JSON on one line, and with a byte order mark and CRLF line ends', async () => {
		const chat = JSON.parse(fs.readFileSync(chatJson, 'utf8')) as unknown;
		const expected = (await readSession(chatJson)).events;
		const dir = temporaryFolder();
		const minified = path.join(dir, `${chatJsonId}.json`);
		fs.writeFileSync(minified, JSON.stringify(chat));
		const one = await readSession(minified);
		assert.deepEqual(one.events.map(event => event.line), expected.map(() => 1));
		assert.deepEqual(one.events.map(event => ({ ...event, line: 0 })), expected.map(event => ({ ...event, line: 0 })));

		const windows = path.join(dir, 'windows.json');
		fs.writeFileSync(windows, `\uFEFF${fs.readFileSync(chatJson, 'utf8').replace(/\n/g, '\r\n')}`);
		assert.deepEqual((await readSession(windows, 'copilot-chat')).events.map(brief), expected.map(brief));
	});

	test('v3 JSON cut short or broken in the middle keeps the requests before the damage', async () => {
		const text = fs.readFileSync(chatJson, 'utf8');
		const lines = text.split('\n');
		const dir = temporaryFolder();
		const torn = path.join(dir, 'torn.json');
		fs.writeFileSync(torn, lines.slice(0, 540).join('\n'));
		const cut = await readSession(torn, 'copilot-chat');
		assert.deepEqual([...new Set(cut.events.map(event => event.line))], [13, 250]);
		assert.equal(cut.reader.problems.length, 1);
		assert.match(cut.reader.problems[0].message, /ends in the middle of the chat/);

		const broken = path.join(dir, 'broken.json');
		fs.writeFileSync(broken, [...lines.slice(0, 537), '      "message": {"text": oops},', ...lines.slice(538)].join('\n'));
		const bad = await readSession(broken, 'copilot-chat');
		assert.deepEqual([...new Set(bad.events.map(event => event.line))], [13, 250]);
		assert.deepEqual(bad.reader.problems.map(problem => problem.line), [538]);
		assert.match(bad.reader.problems[0].message, /not valid JSON near line 538/);
	});

	test('mutation log: set, push with truncation and delete are replayed; each request has the line that added it', async () => {
		const { reader, events } = await readSession(chatLog);
		assert.equal(reader.id, chatLogId);
		assert.deepEqual(events.map(brief), [
			'2 user: Why does the payments webhook return 401?',
			'2 assistant: Let me call the webhook.',
			'2 call shell run_in_terminal $ curl -si localhost:3000/webhooks/stripe',
			'2 result tc_w1 error exit 22',
			'9 user: Use the STRIPE_WEBHOOK_SECRET from .env.test, not…',
			'9 assistant: Switching to the test secret.',
			'14 user: Run the webhook tests again, with the test secret.',
			'14 assistant: All 6 webhook tests pass.',
		]);
		assertProblems(reader, chatLog, 7, 16);
	});

	test('mutation log: a later snapshot starts over, and a request set by index takes that entry\'s line', async () => {
		const dir = temporaryFolder();
		const file = path.join(dir, 'chat.jsonl');
		const request = (text: string) => ({ requestId: text, message: { text }, response: [{ value: `answer to ${text}` }] });
		fs.writeFileSync(file, [
			{ kind: 0, v: { sessionId: 'first', requests: [request('old one')] } },
			{ kind: 0, v: { sessionId: 'compacted', requests: [request('kept'), request('replaced')] } },
			{ kind: 1, k: ['requests', 1], v: request('set by index') },
			{ kind: 1, k: ['requests', 0, 'vote'], v: 0 },
			{ kind: 1, k: ['requests', 0, 'voteDownReason'], v: 'incorrectCode' },
			{ kind: 2, k: ['requests', 0, 'response'], i: 0, v: [{ value: 'rewritten answer' }] },
			{ kind: 1, k: ['__proto__', 'polluted'], v: true },
			{ kind: 2, k: ['nothing', 'here'], v: [1] },
		].map(entry => JSON.stringify(entry)).join('\r\n') + '\r\n');
		const { reader, events } = await readSession(file, 'copilot-chat');
		assert.equal(reader.id, 'compacted');
		assert.deepEqual(reader.problems, []);
		assert.deepEqual(events.map(brief), [
			'2 user: kept',
			'2 assistant: rewritten answer',
			'2 downvote incorrectCode',
			'3 user: set by index',
			'3 assistant: answer to set by index',
		]);
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
	});

	test('extension transcripts use the Copilot CLI mapping under the copilot-chat agent', async () => {
		const { reader, events } = await readSession(chatTranscript);
		assert.equal(reader.agent, 'copilot-chat');
		assert.equal(reader.id, chatTranscriptId);
		assert.deepEqual(events.map(brief), [
			'2 user: Add an index on orders.customer_id.',
			'3 assistant: Adding a migration.',
			'3 call edit create_file /home/dev/shop-api/migrations/0042_orders_customer_idx.sql',
			'5 result tu_1 ok',
			'6 call shell run_in_terminal $ npm run migrate',
			'7 result tu_2 error',
			'8 interrupt',
		]);
		assertLinesPointAtRecords(chatTranscript, events);
	});

	test('findSessions: storage folders confirmed by workspace.json, the log preferred over its JSON, empty chats left out', async () => {
		const fixture = (name: string) => path.join(chatStorage, name);
		const storages = copyTree([
			{ from: chatJson, to: `ws-main/chatSessions/${chatJsonId}.json`, modified: now - 3 * day },
			{ from: chatLog, to: `ws-main/chatSessions/${chatLogId}.jsonl`, modified: now - day },
			// An older JSON copy of the same chat as the log: the log is the live one.
			{ from: chatJson, to: `ws-main/chatSessions/${chatLogId}.json`, modified: now },
			{ from: chatTranscript, to: `ws-main/GitHub.copilot-chat/transcripts/${chatTranscriptId}.jsonl`, modified: now - 2 * day },
			{ from: fixture('workspace.json'), to: 'ws-main/workspace.json', modified: now },
			{ from: chatLog, to: 'ws-other/chatSessions/other.jsonl', modified: now },
			{ from: chatJson, to: 'ws-unconfirmed/chatSessions/own.json', modified: now - 4 * day },
		]);
		writeTree(storages, {
			'ws-sub/workspace.json': JSON.stringify({ folder: 'file:///home/dev/shop-api/services/payments' }),
			'ws-sub/chatSessions/sub.json': JSON.stringify({ version: 3, sessionId: 'sub', requests: [{ message: { text: 'Explain the refund flow.' }, response: [] }] }),
			'ws-sub/chatSessions/empty.json': JSON.stringify({ version: 3, sessionId: 'empty', requests: [] }),
			'ws-other/workspace.json': JSON.stringify({ folder: 'file:///home/dev/shop-api-legacy' }),
			'ws-remote/workspace.json': JSON.stringify({ folder: 'vscode-remote://ssh-remote+box/home/dev/shop-api' }),
			'ws-remote/chatSessions/remote.json': JSON.stringify({ version: 3, sessionId: 'remote', requests: [{ message: { text: 'remote' } }] }),
		});
		setModified(path.join(storages, 'ws-sub/chatSessions/sub.json'), now - 5 * day);
		const folders = ['ws-main', 'ws-sub', 'ws-other', 'ws-remote', 'ws-unconfirmed', 'ws-missing'].map(name => path.join(storages, name));
		const sessions = await copilotChatAdapter.findSessions(workspace, { vscodeWorkspaceStorage: folders }, 10);
		assert.deepEqual(listed(sessions), [
			`${chatLogId} ${workspace}: Why does the payments webhook return 401?`,
			`${chatTranscriptId} ${workspace}: Add an index on orders.customer_id.`,
			`${chatJsonId} ${workspace}: The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?`,
			`own (storage): The checkout tests fail with ECONNREFUSED since yesterday. Can you fix them?`,
			`sub ${workspace}/services/payments: Explain the refund flow.`,
		]);
		assert.ok(sessions[0].path.endsWith(`${chatLogId}.jsonl`));
		assert.equal(sessions[0].size, fs.statSync(chatLog).size);
		assert.ok(sessions.every(session => session.agent === 'copilot-chat'));
	});

	test('findSessions searches the usual VS Code user-data folders when no storage is given', { skip: process.platform === 'win32' ? 'the home folder follows HOME on Linux and macOS only' : false }, async () => {
		const home = copyTree([
			{ from: chatJson, to: `.config/Code/User/workspaceStorage/abc/chatSessions/${chatJsonId}.json`, modified: now },
			{ from: path.join(chatStorage, 'workspace.json'), to: '.config/Code/User/workspaceStorage/abc/workspace.json', modified: now },
			{ from: chatLog, to: `.vscode-server/data/User/workspaceStorage/def/chatSessions/${chatLogId}.jsonl`, modified: now - day },
			{ from: path.join(chatStorage, 'workspace.json'), to: '.vscode-server/data/User/workspaceStorage/def/workspace.json', modified: now },
		]);
		const saved = process.env.HOME;
		process.env.HOME = home;
		try {
			assert.deepEqual((await copilotChatAdapter.findSessions(workspace, {}, 10)).map(session => session.id), [chatJsonId, chatLogId]);
		} finally {
			process.env.HOME = saved;
		}
	});

	test('a 30 MB v3 chat is streamed: its first events arrive while the rest is still being written', { skip: process.platform === 'win32' ? 'needs a named pipe (mkfifo)' : false }, async () => {
		const dir = temporaryFolder();
		const pipe = path.join(dir, 'big.json');
		execFileSync('mkfifo', [pipe]);
		const count = 10_000;
		// One request per line after a four-line header, so request i starts on line 5 + i.
		const request = (index: number) => `    ${JSON.stringify({ requestId: `r${index}`, message: { text: `prompt ${index}` }, response: [{ value: `answer ${index} `.padEnd(3000, '.') }] })}${index < count - 1 ? ',' : ''}\n`;
		const writer = fs.createWriteStream(pipe);
		const write = async (text: string) => {
			if (!writer.write(text)) {
				await new Promise<void>(resolve => writer.once('drain', () => resolve()));
			}
		};
		const reader = await openSession(pipe, 'copilot-chat');
		const events = reader.events()[Symbol.asyncIterator]();
		// Asking for the first event opens the pipe for reading; the writer cannot finish opening before that.
		const firstEvent = events.next();
		try {
			await write('{\n  "version": 3,\n  "sessionId": "big",\n  "requests": [\n');
			for (let index = 0; index < 20; index++) {
				await write(request(index));
			}
			let timer: NodeJS.Timeout | undefined;
			const first = await Promise.race([
				firstEvent,
				new Promise<never>((_, reject) => {
					timer = setTimeout(() => reject(new Error('no event arrived while the file was still being written: the whole file is being read first')), 10_000);
				}),
			]);
			clearTimeout(timer);
			assert.equal(first.done, false);
			assert.equal(brief(first.value as SessionEvent), '5 user: prompt 0');

			const rest = (async () => {
				let prompts = 1;
				let last: SessionEvent | undefined;
				for (let next = await events.next(); !next.done; next = await events.next()) {
					if (next.value.kind === 'user') {
						prompts++;
						last = next.value;
					}
				}
				return { prompts, last };
			})();
			let written = 0;
			for (let index = 20; index < count; index++) {
				const text = request(index);
				written += text.length;
				await write(text);
			}
			await write('  ]\n}\n');
			writer.end();
			const { prompts, last } = await rest;
			assert.ok(written > 29_000_000, `${written} bytes written`);
			assert.equal(prompts, count);
			assert.equal(last && brief(last), `${5 + count - 1} user: prompt ${count - 1}`);
			assert.deepEqual(reader.problems, []);
		} finally {
			writer.end();
		}
	});
});
