import * as os from 'node:os';
import * as path from 'node:path';
import { isSameOrInside } from '../util/paths';
import { asArray, asRecord, asString, listingLineBytes, readJsonLines } from './jsonLines';
import { type FoundFile, filesIn, foldersIn, promptPreview, type SessionAdapter, type TranscriptSample } from './sessionAdapter';
import type { AgentHomes, AgentKind, SessionEvent, SessionInfo, SessionReader, SessionStart, TranscriptProblem } from './sessionEvents';
import { isUserRefusal, outputExcerpt, toolCallOf } from './toolCalls';

/**
 * GitHub Copilot CLI: `~/.copilot/session-state/<id>/events.jsonl` (older: `session-state/<id>.jsonl`),
 * one `{type, data, id, timestamp, parentId}` event per line. Copilot Chat writes the same
 * vocabulary as its extension transcripts, so the mapping is shared (see `copilotChat.ts`).
 * Format notes: docs/transcript-formats.md.
 */

export function copilotHome(homes: AgentHomes): string {
	return homes.copilot ?? process.env.COPILOT_HOME ?? path.join(os.homedir(), '.copilot');
}

type Base = { line: number; timestamp?: string; sidechain?: string };

const eventType = /^[a-z]+(?:\.[a-z_]+)+$|^abort$/;
const exitCodeText = /<exited with exit code (-?\d+)>/;
const refusalCodes = new Set(['rejected', 'denied', 'user_rejected', 'user-rejected']);

/** Whether a record has the Copilot event envelope. */
export function isCopilotEvent(value: unknown): boolean {
	const record = asRecord(value);
	return record !== undefined && eventType.test(asString(record.type) ?? '') && asRecord(record.data) !== undefined;
}

function textOf(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}
	return asArray(value).map(item => asString(asRecord(item)?.text) ?? '').filter(Boolean).join('\n');
}

/**
 * Maps Copilot events to normalised events. One mapper reads one file: it remembers the calls it
 * has seen, because a call is announced both in `assistant.message.toolRequests` and in
 * `tool.execution_start`, and results name their tool only by call id.
 */
export class CopilotEventMapper {
	private readonly calls = new Map<string, string>();
	private lastWasCompaction = false;

	eventsOf(record: Record<string, unknown>, line: number, out: SessionEvent[]): void {
		const before = out.length;
		this.map(record, line, out);
		if (out.length > before) {
			this.lastWasCompaction = out[out.length - 1].kind === 'compaction';
		}
	}

	/** The session id and working folder a `session.start` or `session.resume` record names. */
	static sessionOf(record: Record<string, unknown>): { id?: string; cwd?: string; start?: SessionStart } {
		if (record.type !== 'session.start' && record.type !== 'session.resume') {
			return {};
		}
		const data = asRecord(record.data);
		const context = asRecord(data?.context);
		const start = record.type === 'session.start' ? { time: asString(data?.startTime), commit: asString(context?.headCommit), branch: asString(context?.branch) } : undefined;
		return { id: asString(data?.sessionId), cwd: asString(context?.cwd), start };
	}

	private map(record: Record<string, unknown>, line: number, out: SessionEvent[]): void {
		const type = asString(record.type) ?? '';
		const data = asRecord(record.data) ?? {};
		// Events of a subagent carry the id of the tool call that started it.
		const sidechain = asString(data.parentToolCallId);
		const base = { line, timestamp: asString(record.timestamp), sidechain };
		if (type.startsWith('session.compaction') || type === 'session.truncation') {
			// Start and completion of one compaction are one event.
			if (!this.lastWasCompaction) {
				out.push({ ...base, kind: 'compaction' });
			}
			return;
		}
		switch (type) {
			case 'user.message': {
				// `transformedContent` is the prompt with the harness's additions; the person wrote `content`.
				const text = asString(data.content)?.trim();
				if (text) {
					out.push({ ...base, kind: 'user', text, injected: sidechain !== undefined || undefined });
				}
				return;
			}
			case 'assistant.message': {
				const text = asString(data.content)?.trim();
				if (text) {
					out.push({ ...base, kind: 'assistant', text });
				}
				for (const request of asArray(data.toolRequests)) {
					const call = asRecord(request);
					this.call(asString(call?.name), call?.arguments, asString(call?.toolCallId), base, out);
				}
				return;
			}
			case 'tool.execution_start':
				this.call(asString(data.toolName), data.arguments, asString(data.toolCallId), base, out);
				return;
			case 'tool.execution_complete':
				this.result(data, base, out);
				return;
			case 'abort':
				out.push({ ...base, kind: 'interrupt' });
				return;
		}
	}

	private call(name: string | undefined, input: unknown, id: string | undefined, base: Base, out: SessionEvent[]): void {
		if (!name || (id !== undefined && this.calls.has(id))) {
			return;
		}
		if (id !== undefined) {
			this.calls.set(id, name);
		}
		out.push({ ...base, kind: 'tool-call', tool: toolCallOf(name, input, id) });
	}

	private result(data: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const id = asString(data.toolCallId);
		const result = asRecord(data.result);
		const error = asRecord(data.error);
		const errorText = asString(error?.message) ?? asString(data.error) ?? '';
		const text = textOf(result?.content) || asString(data.result) || '';
		if (refusalCodes.has(asString(error?.code) ?? '') || isUserRefusal(errorText || text)) {
			out.push({ ...base, kind: 'rejection', toolId: id });
			return;
		}
		const exit = exitCodeText.exec(text);
		const exitCode = exit ? Number(exit[1]) : undefined;
		out.push({
			...base, kind: 'tool-result',
			result: {
				id,
				name: asString(data.toolName) ?? (id === undefined ? undefined : this.calls.get(id)),
				isError: data.success === false || (exitCode !== undefined && exitCode !== 0),
				exitCode,
				output: outputExcerpt([errorText, text].filter(Boolean).join('\n')),
			},
		});
	}
}

/** Reads a file of Copilot events; the agent is the caller's, since Copilot Chat writes the same events. */
export class CopilotEventsReader implements SessionReader {
	readonly problems: TranscriptProblem[] = [];
	cwd?: string;
	start?: SessionStart;

	constructor(readonly agent: AgentKind, private readonly file: string, public id: string) {}

	async *events(): AsyncGenerator<SessionEvent> {
		const mapper = new CopilotEventMapper();
		const out: SessionEvent[] = [];
		for await (const { line, record } of readJsonLines(this.file, this.problems)) {
			const session = CopilotEventMapper.sessionOf(record);
			this.id = session.id ?? this.id;
			this.cwd ??= session.cwd;
			this.start ??= session.start;
			mapper.eventsOf(record, line, out);
			yield* out;
			out.length = 0;
		}
	}
}

/** How far into a file a session list looks for the working folder and the first prompt. */
const describeLines = 200;

/**
 * The working folder, session id and first prompt of an events file, read only as far as needed:
 * a session of another folder is dropped as soon as its `session.start` says so.
 */
export async function describeCopilotEvents(file: string, keep: (cwd: string) => boolean): Promise<{ id?: string; cwd?: string; firstPrompt?: string } | undefined> {
	const mapper = new CopilotEventMapper();
	const out: SessionEvent[] = [];
	let id: string | undefined;
	let cwd: string | undefined;
	let firstPrompt: string | undefined;
	for await (const { line, record } of readJsonLines(file, [], { maxLineBytes: listingLineBytes })) {
		const session = CopilotEventMapper.sessionOf(record);
		id ??= session.id;
		cwd ??= session.cwd;
		if (cwd !== undefined && !keep(cwd)) {
			return undefined;
		}
		mapper.eventsOf(record, line, out);
		const prompt = out.find(event => event.kind === 'user' && !event.injected);
		firstPrompt ??= prompt?.kind === 'user' ? promptPreview(prompt.text) : undefined;
		out.length = 0;
		if ((cwd !== undefined && firstPrompt !== undefined) || line >= describeLines) {
			break;
		}
	}
	return { id, cwd, firstPrompt };
}

/** The session id a file's name gives: the folder of an `events.jsonl`, else the file's own name. */
function idFromPath(file: string): string {
	return path.basename(file) === 'events.jsonl' ? path.basename(path.dirname(file)) : path.basename(file, '.jsonl');
}

export const copilotCliAdapter: SessionAdapter = {
	agent: 'copilot-cli',

	recognises(sample: TranscriptSample): boolean {
		return sample.lines.some(line => isCopilotEvent(line.record));
	},

	read(file: string): SessionReader {
		return new CopilotEventsReader('copilot-cli', file, idFromPath(file));
	},

	async findSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
		const state = path.join(copilotHome(homes), 'session-state');
		const candidates: FoundFile[] = [
			...foldersIn(state).flatMap(name => filesIn(path.join(state, name), file => file === 'events.jsonl')),
			...filesIn(state, name => name.endsWith('.jsonl')),
		].sort((a, b) => b.modified - a.modified);
		const sessions: SessionInfo[] = [];
		for (const candidate of candidates) {
			if (sessions.length >= limit) {
				break;
			}
			const found = await describeCopilotEvents(candidate.path, cwd => isSameOrInside(workspace, cwd));
			if (!found?.cwd) {
				continue;
			}
			sessions.push({
				agent: 'copilot-cli', id: found.id ?? idFromPath(candidate.path), path: candidate.path, cwd: found.cwd,
				firstPrompt: found.firstPrompt, modified: candidate.modified, size: candidate.size,
			});
		}
		return sessions;
	},
};
