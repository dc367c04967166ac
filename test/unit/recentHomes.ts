import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repositoryRoot } from '../../scripts/repository';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import { temporaryFolder } from './support';

/**
 * Machines whose agents worked in one workspace: the transcript fixtures of every agent (the same
 * `ECONNREFUSED 127.0.0.1:5432` story told by Claude Code, Codex and Copilot CLI) and the real pair
 * of Claude Code sessions in which the wrong commit identity was chosen twice, each moved into a
 * temporary home as if the agent had worked in the temporary workspace.
 */

const fixtures = path.join(repositoryRoot, 'test', 'fixtures', 'transcripts');

export interface FixtureHome {
	home: string;
	workspace: string;
	env: Record<string, string>;
}

let workspaces = 0;

/** An empty home and workspace; every agent's home points inside it. */
export function emptyHome(prefix = 'recent-'): FixtureHome {
	const home = temporaryFolder(`${prefix}home-`);
	// A short path of plain names, as long as the real sessions' own (/home/kenth56/vsla): a random
	// name in a quoted path (mkdtemp's) reads as a credential to the redaction, and a long one makes
	// the person's words, which quote paths, too long to keep.
	const base = path.join(fs.realpathSync(os.tmpdir()), `sd${process.pid}`);
	if (workspaces === 0) {
		process.on('exit', () => fs.rmSync(base, { recursive: true, force: true }));
	}
	const workspace = path.join(base, String(++workspaces), 'vsla');
	fs.mkdirSync(workspace, { recursive: true });
	return {
		home, workspace,
		env: { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot'), XDG_CACHE_HOME: path.join(home, '.cache') },
	};
}

/** Copies a transcript with its recorded folder replaced by the workspace, and sets its modification time. */
export function placeTranscript(source: string, target: string, fromCwd: string, workspace: string, modified: Date): void {
	fs.mkdirSync(path.dirname(target), { recursive: true });
	const text = fs.readFileSync(source, 'utf8').split(fromCwd).join(workspace).split(JSON.stringify(fromCwd).slice(1, -1)).join(JSON.stringify(workspace).slice(1, -1));
	fs.writeFileSync(target, text);
	fs.utimesSync(target, modified, modified);
}

/** The three agents' ECONNREFUSED sessions (Claude Code, Codex, Copilot CLI) in a home of their own. */
export function addShopSessions(fixture: FixtureHome): { claude: string; codex: string; copilot: string } {
	const { home, workspace } = fixture;
	const claude = path.join(home, '.claude', 'projects', claudeProjectSlug(workspace), '5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90.jsonl');
	placeTranscript(path.join(fixtures, 'claude-code', 'projects', '-home-dev-shop-api', '5f0c2a8e-3b1d-4c6e-9a7f-2d8e1b4c6a90.jsonl'), claude, '/home/dev/shop-api', workspace, new Date('2026-11-20T10:00:00Z'));
	const codexName = 'rollout-2026-11-20T09-14-03-019a9c2e-7d41-7c3a-b8f2-5e6d7c8b9a01.jsonl';
	const codex = path.join(home, '.codex', 'sessions', '2026', '11', '20', codexName);
	placeTranscript(path.join(fixtures, 'codex', 'sessions', '2026', '11', '20', codexName), codex, '/home/dev/shop-api', workspace, new Date('2026-11-20T11:00:00Z'));
	const copilotId = '7c1e4b9a-2f3d-4e5a-8b6c-0d1e2f3a4b5c';
	const copilot = path.join(home, '.copilot', 'session-state', copilotId, 'events.jsonl');
	placeTranscript(path.join(fixtures, 'copilot-cli', 'session-state', copilotId, 'events.jsonl'), copilot, '/home/dev/shop-api', workspace, new Date('2026-11-20T12:00:00Z'));
	return { claude, codex, copilot };
}

/** The real pair of sessions two minutes apart that chose the wrong commit identity (`cc-vsla-git-author-1` and `-2`). */
export function addGitAuthorSessions(fixture: FixtureHome): { first: string; second: string } {
	const folder = path.join(fixture.home, '.claude', 'projects', claudeProjectSlug(fixture.workspace));
	const first = path.join(folder, 'dc7e9081-a507-4c59-9c3b-f9b714e4a44c.jsonl');
	const second = path.join(folder, '6dc88126-2048-43a9-b5c2-b9747d5a0301.jsonl');
	placeTranscript(path.join(fixtures, 'real-excerpts', 'cc-vsla-git-author-1.jsonl'), first, '/home/kenth56/vsla', fixture.workspace, new Date('2026-11-22T09:00:00Z'));
	placeTranscript(path.join(fixtures, 'real-excerpts', 'cc-vsla-git-author-2.jsonl'), second, '/home/kenth56/vsla', fixture.workspace, new Date('2026-11-22T09:02:00Z'));
	return { first, second };
}

/** A Codex rollout of the workspace: the session's meta record, the person's request, and shell calls with their output. */
export function codexRollout(id: string, workspace: string, prompt: string, calls: { command: string; output: string }[], start = '2026-11-21T09:00:00.000Z'): string {
	let second = 0;
	const at = () => new Date(Date.parse(start) + 1000 * second++).toISOString();
	const lines = [
		{ timestamp: at(), type: 'session_meta', payload: { id, timestamp: start, cwd: workspace, originator: 'codex_cli_rs', cli_version: '0.63.0' } },
		{ timestamp: at(), type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] } },
		{ timestamp: at(), type: 'event_msg', payload: { type: 'user_message', message: prompt, kind: 'plain' } },
		...calls.flatMap((call, index) => [
			{ timestamp: at(), type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', call.command], workdir: workspace }), call_id: `call_${index}` } },
			{ timestamp: at(), type: 'response_item', payload: { type: 'function_call_output', call_id: `call_${index}`, output: JSON.stringify({ output: call.output, metadata: { exit_code: 0, duration_seconds: 0.1 } }) } },
		]),
	];
	return `${lines.map(line => JSON.stringify(line)).join('\n')}\n`;
}

/** A Copilot CLI session of the workspace: its start record, the person's request, and tool calls. */
export function copilotEvents(id: string, workspace: string, prompt: string, tools: { name: string; arguments: Record<string, unknown>; result: string }[], start = '2026-11-21T10:00:00.000Z'): string {
	let second = 0;
	let event = 0;
	const envelope = (type: string, data: Record<string, unknown>) => ({ type, data, id: `e${++event}`, timestamp: new Date(Date.parse(start) + 1000 * second++).toISOString(), parentId: event > 1 ? `e${event - 1}` : null });
	const lines = [
		envelope('session.start', { sessionId: id, version: 1, producer: 'copilot-agent', copilotVersion: '1.0.11', startTime: start, context: { cwd: workspace, gitRoot: workspace, branch: 'main' } }),
		envelope('user.message', { content: prompt, transformedContent: prompt, attachments: [], interactionId: 'int-1' }),
		...tools.flatMap((tool, index) => [
			envelope('assistant.message', { messageId: `msg-${index}`, content: '', toolRequests: [{ toolCallId: `call_${index}`, name: tool.name, arguments: tool.arguments, type: 'function' }], interactionId: 'int-1' }),
			envelope('tool.execution_complete', { toolCallId: `call_${index}`, success: true, result: { content: tool.result } }),
		]),
	];
	return `${lines.map(line => JSON.stringify(line)).join('\n')}\n`;
}
