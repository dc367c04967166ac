import * as os from 'node:os';
import * as path from 'node:path';
import { isSameOrInside } from '../util/paths';
import { asArray, asRecord, asString, firstJsonLines, readJsonLines } from './jsonLines';
import { type FoundFile, filesIn, foldersIn, promptPreview, type SessionAdapter, type TranscriptSample } from './sessionAdapter';
import type { AgentHomes, SessionEvent, SessionInfo, SessionReader, TranscriptProblem } from './sessionEvents';
import { outputExcerpt, toolCallOf } from './toolCalls';

/**
 * Claude Code: `~/.claude/projects/<slug>/<sessionId>.jsonl`, one record per line, with subagent
 * transcripts in `<sessionId>/subagents/` (older versions: `agent-*.jsonl` beside the session).
 * Format notes: docs/transcript-formats.md.
 */

const conversationTypes = new Set(['user', 'assistant', 'system', 'summary', 'file-history-snapshot', 'queue-operation', 'attachment', 'progress']);

/** The project folder name Claude Code derives from a working directory (lossy; confirmed by each record's `cwd`). */
export function claudeProjectSlug(cwd: string): string {
	return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

export function claudeHome(homes: AgentHomes): string {
	return homes.claude ?? process.env.CLAUDE_CONFIG_DIR?.split(',')[0] ?? path.join(os.homedir(), '.claude');
}

const interruptText = /^\[Request interrupted by user(?: for tool use)?\]/;
const rejectionText = /^The user doesn't want to (?:proceed with this tool use|take this action)/;
const injectedText = /^(?:Caveat: The messages below were generated|This session is being continued from a previous conversation|<(?:command-name|command-message|local-command-stdout|local-command-stderr|local-command-caveat|system-reminder|bash-input|bash-stdout|bash-stderr)>)/;
const systemReminder = /<system-reminder>[\s\S]*?<\/system-reminder>/g;

function blockText(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	return asArray(content).map(block => asString(asRecord(block)?.text) ?? '').filter(Boolean).join('\n');
}

/** Maps one Claude Code record to events; records of unknown types map to none. */
function eventsOfRecord(record: Record<string, unknown>, line: number, sidechain: string | undefined, out: SessionEvent[]): void {
	const base = { line, timestamp: asString(record.timestamp), sidechain };
	const type = asString(record.type);
	if (type === 'queue-operation' && record.operation === 'remove') {
		// Text the person typed while the agent was working: steering, as good as a message.
		const text = asString(record.content);
		if (text) {
			out.push({ ...base, kind: 'user', text });
		}
		return;
	}
	if (type === 'system') {
		if (record.subtype === 'compact_boundary') {
			out.push({ ...base, kind: 'compaction' });
		}
		return;
	}
	const message = asRecord(record.message);
	if (!message) {
		return;
	}
	if (type === 'assistant') {
		if (record.isApiErrorMessage === true) {
			return;
		}
		for (const block of asArray(message.content)) {
			const content = asRecord(block);
			if (content?.type === 'text' && asString(content.text)) {
				out.push({ ...base, kind: 'assistant', text: content.text as string });
			} else if (content?.type === 'tool_use' && asString(content.name)) {
				out.push({ ...base, kind: 'tool-call', tool: toolCallOf(content.name as string, content.input, asString(content.id)) });
			}
		}
		return;
	}
	if (type !== 'user') {
		return;
	}
	const injected = record.isMeta === true || record.isCompactSummary === true || sidechain !== undefined;
	const texts: string[] = [];
	const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content);
	for (const block of blocks) {
		const content = asRecord(block);
		if (content?.type === 'text') {
			texts.push(asString(content.text) ?? '');
		} else if (content?.type === 'tool_result') {
			const output = blockText(content.content);
			const id = asString(content.tool_use_id);
			if (rejectionText.test(output) || record.toolUseResult === 'User rejected tool use' || record.toolDenialKind === 'user-rejected') {
				const feedback = /the user said:\s*\n([\s\S]*)$/i.exec(output)?.[1].trim();
				out.push({ ...base, kind: 'rejection', toolId: id, feedback: feedback || undefined });
				continue;
			}
			const exit = /^Exit code (\d+)/.exec(output);
			out.push({
				...base, kind: 'tool-result',
				result: { id, isError: content.is_error === true, exitCode: exit ? Number(exit[1]) : undefined, output: outputExcerpt(output) },
			});
		}
	}
	for (const raw of texts) {
		const text = raw.replace(systemReminder, '').trim();
		if (text === '') {
			continue;
		}
		if (interruptText.test(text)) {
			if (record.interruptedByShutdown !== true) {
				out.push({ ...base, kind: 'interrupt' });
			}
			continue;
		}
		out.push({ ...base, kind: 'user', text, injected: injected || injectedText.test(text) || undefined });
	}
}

function isClaudeRecord(value: unknown): boolean {
	const record = asRecord(value);
	if (!record) {
		return false;
	}
	const type = asString(record.type);
	return type !== undefined && conversationTypes.has(type) && ('sessionId' in record || 'parentUuid' in record || 'leafUuid' in record || 'messageId' in record);
}

/** The subagent transcripts of a session, in both the current and the older layout. */
async function subagentFiles(file: string, sessionId: string): Promise<FoundFile[]> {
	const isAgent = (name: string) => name.startsWith('agent-') && name.endsWith('.jsonl');
	const folder = path.join(path.dirname(file), sessionId, 'subagents');
	const workflows = foldersIn(path.join(folder, 'workflows')).map(name => path.join(folder, 'workflows', name));
	const found = [folder, ...workflows].flatMap(dir => filesIn(dir, isAgent));
	for (const older of filesIn(path.dirname(file), isAgent)) {
		const [first] = await firstJsonLines(older.path, 1);
		if (asString(first?.record.sessionId) === sessionId) {
			found.push(older);
		}
	}
	return found.sort((a, b) => (a.path < b.path ? -1 : 1));
}

class ClaudeSessionReader implements SessionReader {
	readonly agent = 'claude-code' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;
	cwd?: string;

	constructor(private readonly file: string) {
		this.id = path.basename(file, '.jsonl');
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const seen = new Set<string>();
		yield* this.eventsOf(this.file, undefined, seen);
		for (const sub of await subagentFiles(this.file, this.id)) {
			yield* this.eventsOf(sub.path, path.basename(sub.path, '.jsonl').replace(/^agent-/, ''), seen);
		}
	}

	private async *eventsOf(file: string, subagent: string | undefined, seen: Set<string>): AsyncGenerator<SessionEvent> {
		const out: SessionEvent[] = [];
		for await (const { line, record } of readJsonLines(file, this.problems)) {
			// Resumed sessions re-log records; each uuid counts once.
			const uuid = asString(record.uuid);
			if (uuid !== undefined) {
				if (seen.has(uuid)) {
					continue;
				}
				seen.add(uuid);
			}
			if (subagent === undefined && line <= 50) {
				this.id = asString(record.sessionId) ?? this.id;
				this.cwd ??= asString(record.cwd);
			}
			// Older versions wrote subagent lines into the main file.
			const sidechain = subagent ?? (record.isSidechain === true ? asString(record.agentId) ?? 'sidechain' : undefined);
			eventsOfRecord(record, line, sidechain, out);
			for (const event of out) {
				if (subagent !== undefined) {
					event.file = file;
				}
				yield event;
			}
			out.length = 0;
		}
	}
}

/** The folder and first prompt of a session, from its first records. */
async function describe(file: string): Promise<{ cwd?: string; firstPrompt?: string; id?: string }> {
	const lines = await firstJsonLines(file, 200);
	let cwd: string | undefined;
	let id: string | undefined;
	let firstPrompt: string | undefined;
	const events: SessionEvent[] = [];
	for (const { line, record } of lines) {
		cwd ??= asString(record.cwd);
		id ??= asString(record.sessionId);
		if (firstPrompt === undefined && record.isSidechain !== true) {
			eventsOfRecord(record, line, undefined, events);
			const prompt = events.find(event => event.kind === 'user' && !event.injected);
			firstPrompt = prompt?.kind === 'user' ? prompt.text : undefined;
			events.length = 0;
		}
		if (cwd !== undefined && firstPrompt !== undefined) {
			break;
		}
	}
	return { cwd, id, firstPrompt: firstPrompt === undefined ? undefined : promptPreview(firstPrompt) };
}

export const claudeCodeAdapter: SessionAdapter = {
	agent: 'claude-code',

	recognises(sample: TranscriptSample): boolean {
		return sample.lines.some(line => isClaudeRecord(line.record));
	},

	read(file: string): SessionReader {
		return new ClaudeSessionReader(file);
	},

	async findSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
		const projects = path.join(claudeHome(homes), 'projects');
		const slug = claudeProjectSlug(path.resolve(workspace));
		// Sessions started in a sub-folder live under a longer slug; long slugs are cut at 200 characters.
		const prefix = slug.slice(0, 200);
		const candidates = foldersIn(projects)
			.filter(name => name.startsWith(prefix))
			.flatMap(name => filesIn(path.join(projects, name), file => file.endsWith('.jsonl') && !file.startsWith('agent-')).map(found => ({ ...found, exact: name === slug })))
			.sort((a, b) => b.modified - a.modified);
		const sessions: SessionInfo[] = [];
		for (const candidate of candidates) {
			if (sessions.length >= limit) {
				break;
			}
			const { cwd, id, firstPrompt } = await describe(candidate.path);
			if (cwd ? !isSameOrInside(workspace, cwd) : !candidate.exact) {
				continue;
			}
			const sessionId = id ?? path.basename(candidate.path, '.jsonl');
			const subagents = await subagentFiles(candidate.path, sessionId);
			const size = subagents.reduce((total, sub) => total + sub.size, candidate.size);
			sessions.push({ agent: 'claude-code', id: sessionId, path: candidate.path, cwd, firstPrompt, modified: candidate.modified, size });
		}
		return sessions;
	},
};
