import * as os from 'node:os';
import * as path from 'node:path';
import { isSameOrInside } from '../util/paths';
import { asArray, asRecord, asString, firstJsonLines, type JsonRecord, readJsonLines } from './jsonLines';
import { type FoundFile, filesIn, foldersIn, promptPreview, type SessionAdapter, type TranscriptSample } from './sessionAdapter';
import type { AgentHomes, SessionEvent, SessionInfo, SessionReader, SessionStart, ToolResult, TranscriptProblem } from './sessionEvents';
import { outputExcerpt, toolCallOf } from './toolCalls';

/**
 * Claude Code: `~/.claude/projects/<slug>/<sessionId>.jsonl`, one record per line, with subagent
 * transcripts in `<sessionId>/subagents/` (older versions: `agent-*.jsonl` beside the session).
 * Format notes: docs/transcript-formats.md.
 */

type Base = { line: number; timestamp?: string; sidechain?: string };

const conversationTypes = new Set(['user', 'assistant', 'system', 'summary', 'file-history-snapshot', 'queue-operation', 'attachment', 'progress']);

/** The project folder name Claude Code derives from a working directory (lossy; confirmed by each record's `cwd`). */
export function claudeProjectSlug(cwd: string): string {
	return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}

export function claudeHome(homes: AgentHomes): string {
	return homes.claude ?? process.env.CLAUDE_CONFIG_DIR?.split(',')[0] ?? path.join(os.homedir(), '.claude');
}

const interruptText = /^\[Request interrupted by user(?: for tool use)?\]/;
const toolUseInterrupt = /^\[Request interrupted by user for tool use\]/;
const rejectionText = /^The user doesn't want to proceed with this tool use/;
const injectedText = /^(?:Caveat: The messages below were generated|This session is being continued from a previous conversation|Base directory for this skill: |<(?:command-name|command-message|command-args|local-command-stdout|local-command-stderr|local-command-caveat|system-reminder|bash-input|bash-stdout|bash-stderr|task-notification|bash-notification|user-prompt-submit-hook)>)/;
const systemReminder = /<system-reminder>[\s\S]*?<\/system-reminder>/g;
/** A slash command typed while the agent worked (`/export`): it runs a command, it says nothing to the agent. */
const slashCommand = /^\/[A-Za-z][\w:.-]*(?:\s|$)/;
/** Notices the harness queues itself, as opposed to text the person typed. */
const queuedNotice = /^<(?:task-notification|bash-notification)>/;
/**
 * Results of calls that never ran: Claude Code cancels the rest of a parallel batch when one call
 * fails or is refused, and a call cut short by the person's interrupt ends "canceled" or with the
 * interrupt marker.
 */
const cancelledOutput = /^(?:<tool_use_error>)?(?:Error: )?(?:Sibling tool call errored|Cancelled: parallel tool call|Streaming fallback - tool execution discarded|The user doesn't want to take this action right now|cancell?ed$|(?:Exit code \d+\n)?\[Request interrupted by user for tool use\])/;
/** Calls the harness refused for how they were made, before anything was checked. */
const misuseOutput = /^(?:<tool_use_error>)?(?:Error: )?(?:File has not been read yet|File has been modified since read|File has been unexpectedly modified|Found \d+ matches of the string to replace|String to replace not found in file|No changes to make: old_string and new_string are exactly the same|No task found with ID|File content \([^)]*\) exceeds maximum allowed (?:tokens|size)|EISDIR: illegal operation on a directory|InputValidationError|No such tool available)/;
/** At most this many queued messages are remembered: a notice that is never delivered must not be kept for ever. */
const maxQueued = 64;

function blockText(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	return asArray(content).map(block => asString(asRecord(block)?.text) ?? '').filter(Boolean).join('\n');
}

function noiseOf(output: string): ToolResult['noise'] {
	return cancelledOutput.test(output) ? 'cancelled' : misuseOutput.test(output) ? 'tool-misuse' : undefined;
}

/**
 * Maps one transcript's Claude Code records to events. It remembers what one user action leaves
 * behind in several records: a message typed while the agent worked (`queue-operation` records,
 * then maybe a user record when it is delivered as a turn) and a refusal (the rejected result,
 * then an interrupt marker). What it remembers is bounded, so a reader stays small.
 */
class ClaudeRecordMapper {
	/** Text typed while the agent worked, already emitted at its `enqueue` line, oldest first. */
	private readonly queued: string[] = [];
	/** `dequeue` records whose user record has not come yet. */
	private delivering = 0;
	/** Queued messages the person pulled back into the prompt (`popAll`) to edit them. */
	private popped: string[] = [];
	/** A refusal was the last thing said: the interrupt marker that follows belongs to it. */
	private afterRejection = false;

	eventsOf(record: Record<string, unknown>, line: number, sidechain: string | undefined, out: SessionEvent[]): void {
		const base = { line, timestamp: asString(record.timestamp), sidechain };
		const type = asString(record.type);
		if (type === 'queue-operation') {
			this.queueOperation(record, base, out);
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
			// Rate-limit notices and "No response requested." are written by Claude Code, not said by the model.
			if (record.isApiErrorMessage === true || message.model === '<synthetic>') {
				return;
			}
			this.afterRejection = false;
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
		if (type === 'user') {
			this.user(record, message, base, out);
		}
	}

	/**
	 * A message typed while the agent was busy is recorded only here: `enqueue` with its text, then
	 * `remove` (handed to the model mid-turn, no user record follows) or `dequeue` (written again
	 * as a user record when the turn ends), or `popAll` (pulled back into the prompt to edit).
	 * It is one event, at its `enqueue` line.
	 */
	private queueOperation(record: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const text = asString(record.content)?.trim();
		switch (record.operation) {
			case 'enqueue':
				if (text) {
					const injected = base.sidechain !== undefined || injectedText.test(text) || slashCommand.test(text);
					out.push({ ...base, kind: 'user', text, injected: injected || undefined });
					this.queued.push(text);
					if (this.queued.length > maxQueued) {
						this.queued.shift();
					}
				}
				return;
			case 'dequeue':
				this.delivering = Math.min(this.delivering + 1, this.queued.length);
				return;
			case 'remove': {
				// The record does not say which message went; in real sessions the person's own text goes before the harness's notices.
				const index = text ? this.queued.indexOf(text) : Math.max(0, this.queued.findIndex(entry => !queuedNotice.test(entry)));
				if (index !== -1) {
					this.queued.splice(index, 1);
				}
				this.delivering = Math.min(this.delivering, this.queued.length);
				return;
			}
			case 'popAll': {
				const index = text ? this.queued.indexOf(text) : -1;
				if (index !== -1) {
					this.queued.splice(index, 1);
					this.popped.push(text as string);
					this.delivering = Math.min(this.delivering, this.queued.length);
				}
				return;
			}
		}
	}

	/**
	 * What a user record says that the queue has not already said: delivered queued messages come
	 * back as one user record, joined by newlines; a message pulled back to edit and sent unchanged
	 * is the same message.
	 */
	private unqueued(text: string, person: boolean): string {
		let rest = text;
		if (person && this.popped.length > 0) {
			if (this.popped.includes(rest) || this.popped.join('\n') === rest) {
				rest = '';
			}
			this.popped = [];
		}
		while (rest !== '' && this.delivering > 0) {
			const index = this.queued.findIndex(entry => rest === entry || rest.startsWith(`${entry}\n`));
			if (index === -1) {
				break;
			}
			rest = rest.slice(this.queued[index].length).trim();
			this.queued.splice(index, 1);
			this.delivering--;
		}
		return rest;
	}

	private user(record: Record<string, unknown>, message: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		// Skill bodies (`sourceToolUseID`), command expansions and caveats are written by the harness.
		const injected = record.isMeta === true || record.isCompactSummary === true || asString(record.sourceToolUseID) !== undefined || base.sidechain !== undefined;
		const texts: string[] = [];
		const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content);
		for (const block of blocks) {
			const content = asRecord(block);
			if (content?.type === 'text') {
				texts.push(asString(content.text) ?? '');
			} else if (content?.type === 'tool_result') {
				this.toolResult(record, content, base, out);
			}
		}
		for (const raw of texts) {
			const text = raw.replace(systemReminder, '').trim();
			if (text === '') {
				continue;
			}
			if (interruptText.test(text)) {
				// Claude Code writes "[Request interrupted by user for tool use]" after every refusal: one act, one event.
				const ofRejection = this.afterRejection && toolUseInterrupt.test(text);
				this.afterRejection = false;
				if (!ofRejection && record.interruptedByShutdown !== true) {
					out.push({ ...base, kind: 'interrupt' });
				}
				continue;
			}
			this.afterRejection = false;
			const isInjected = injected || injectedText.test(text);
			const fresh = this.unqueued(text, !isInjected);
			if (fresh !== '') {
				out.push({ ...base, kind: 'user', text: fresh, injected: isInjected || injectedText.test(fresh) || undefined });
			}
		}
	}

	private toolResult(record: Record<string, unknown>, content: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const output = blockText(content.content);
		const id = asString(content.tool_use_id);
		const isError = content.is_error === true;
		if (rejectionText.test(output) || record.toolUseResult === 'User rejected tool use' || record.toolDenialKind === 'user-rejected') {
			const feedback = /the user said:\s*\n([\s\S]*)$/i.exec(output)?.[1].trim();
			out.push({ ...base, kind: 'rejection', toolId: id, feedback: feedback || undefined });
			this.afterRejection = true;
			return;
		}
		const exit = /^Exit code (\d+)/.exec(output);
		const noise = isError ? noiseOf(output) : undefined;
		out.push({
			...base, kind: 'tool-result',
			result: { id, isError, exitCode: exit ? Number(exit[1]) : undefined, output: outputExcerpt(output), ...(noise ? { noise } : {}) },
		});
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

const isAgent = (name: string) => name.startsWith('agent-') && name.endsWith('.jsonl');

/**
 * The subagent transcripts of a session, in both the current and the older layout. `beside` is
 * the older layout's `agent-*.jsonl` files of the session's folder, when the caller listed them
 * once for all its sessions (a folder of a thousand sessions is not listed a thousand times).
 */
async function subagentFiles(file: string, sessionId: string, beside: readonly FoundFile[] = filesIn(path.dirname(file), isAgent)): Promise<FoundFile[]> {
	const folder = path.join(path.dirname(file), sessionId, 'subagents');
	const workflows = foldersIn(path.join(folder, 'workflows')).map(name => path.join(folder, 'workflows', name));
	const found = [folder, ...workflows].flatMap(dir => filesIn(dir, isAgent));
	for (const older of beside) {
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
	start?: SessionStart;

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
		const mapper = new ClaudeRecordMapper();
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
				const time = asString(record.timestamp);
				const branch = asString(record.gitBranch);
				this.start ??= time === undefined ? undefined : { time };
				if (this.start && !this.start.branch && branch && branch !== 'HEAD') {
					this.start.branch = branch;
				}
			}
			// Older versions wrote subagent lines into the main file.
			const sidechain = subagent ?? (record.isSidechain === true ? asString(record.agentId) ?? 'sidechain' : undefined);
			mapper.eventsOf(record, line, sidechain, out);
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
	// Most sessions say both in their first records: a folder of a thousand sessions is listed without parsing 200 lines of each.
	const head = describeRecords(await firstJsonLines(file, 12));
	return head.cwd !== undefined && head.firstPrompt !== undefined ? head : describeRecords(await firstJsonLines(file, 200));
}

function describeRecords(lines: readonly JsonRecord[]): { cwd?: string; firstPrompt?: string; id?: string } {
	let cwd: string | undefined;
	let id: string | undefined;
	let firstPrompt: string | undefined;
	const mapper = new ClaudeRecordMapper();
	const events: SessionEvent[] = [];
	for (const { line, record } of lines) {
		cwd ??= asString(record.cwd);
		id ??= asString(record.sessionId);
		if (firstPrompt === undefined && record.isSidechain !== true) {
			mapper.eventsOf(record, line, undefined, events);
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
		const agentsBeside = new Map<string, FoundFile[]>();
		for (const candidate of candidates) {
			if (sessions.length >= limit) {
				break;
			}
			const { cwd, id, firstPrompt } = await describe(candidate.path);
			if (cwd ? !isSameOrInside(workspace, cwd) : !candidate.exact) {
				continue;
			}
			const sessionId = id ?? path.basename(candidate.path, '.jsonl');
			const folder = path.dirname(candidate.path);
			const beside = agentsBeside.get(folder) ?? filesIn(folder, isAgent);
			agentsBeside.set(folder, beside);
			const subagents = await subagentFiles(candidate.path, sessionId, beside);
			const size = subagents.reduce((total, sub) => total + sub.size, candidate.size);
			sessions.push({ agent: 'claude-code', id: sessionId, path: candidate.path, cwd, firstPrompt, modified: candidate.modified, size });
		}
		return sessions;
	},
};
