import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asArray, asRecord, asString, openTranscript, readJsonLines } from './jsonLines';
import { isSameOrInside } from '../paths';
import { type FoundFile, filesIn, foldersIn, promptPreview, type SessionAdapter, type TranscriptSample } from './sessionAdapter';
import type { AgentHomes, SessionEvent, SessionInfo, SessionReader, ToolResult, TranscriptProblem } from './sessionEvents';
import { isUserRefusal, outputExcerpt, toolCallOf } from './toolCalls';

/**
 * Codex (CLI, IDE extension, Desktop): `~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`,
 * older rollouts compressed as `.jsonl.zst`, archived ones flat in `archived_sessions/`. Each
 * line is `{timestamp, type, payload}`. Format notes: `reference/transcript-formats.md` §2.
 */

const envelopeTypes = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted', 'world_state']);

export function codexHome(homes: AgentHomes): string {
	return homes.codex ?? process.env.CODEX_HOME ?? path.join(os.homedir(), '.codex');
}

type Base = { line: number; timestamp?: string };

/** The text the IDE extension puts before the person's own words. */
const ideRequestMarker = '## My request for Codex:';
const injectedText = /^\s*(?:<environment_context>|<user_instructions>|<INSTRUCTIONS>|<permissions instructions>|<developer_instructions>|<turn_aborted>|<user_shell_command>|<skill>|# AGENTS\.md instructions|# Context from my IDE setup:)/;
const exitCodeLine = /^(?:Exit code:|Process exited with code) (-?\d+)/m;
const failedOutput = /^(?:apply_patch verification failed|failed to apply patch|execution error|sandbox error)/i;

/** A person's message without the IDE wrapper, and whether the harness wrote it rather than the person. */
function userText(raw: string, kind?: string): { text: string; injected: boolean } {
	const marker = raw.indexOf(ideRequestMarker);
	if (marker !== -1) {
		return { text: raw.slice(marker + ideRequestMarker.length).trim(), injected: false };
	}
	const text = raw.trim();
	return { text, injected: injectedText.test(text) || (kind !== undefined && kind !== 'plain') };
}

function contentText(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}
	return asArray(content).map(item => asString(asRecord(item)?.text) ?? '').filter(Boolean).join('\n');
}

/**
 * The output of a tool call in the three shapes Codex has written: a JSON string holding
 * `{output, metadata: {exit_code}}`, plain text with an "Exit code: N" line, or content items.
 */
function parseOutput(raw: unknown): { text: string; exitCode?: number; failed?: boolean } {
	const record = asRecord(raw);
	if (record) {
		const parsed = parseOutput(record.content ?? record.output);
		return { ...parsed, failed: record.success === false || parsed.failed };
	}
	if (Array.isArray(raw)) {
		return parseOutput(contentText(raw));
	}
	const text = asString(raw) ?? '';
	if (text.startsWith('{')) {
		try {
			const json = asRecord(JSON.parse(text));
			const exitCode = asRecord(json?.metadata)?.exit_code;
			if (json && typeof json.output === 'string') {
				return { text: json.output, exitCode: typeof exitCode === 'number' ? exitCode : undefined };
			}
		} catch {
			// Not the JSON envelope: the output itself starts with a brace.
		}
	}
	const exit = exitCodeLine.exec(text);
	return { text, exitCode: exit ? Number(exit[1]) : undefined, failed: failedOutput.test(text) || undefined };
}

/**
 * Codex writes most messages more than once: a person's prompt as `event_msg/user_message` and,
 * in paginated history, as `item_completed`; an answer as `event_msg/agent_message`, as a
 * `response_item` message and as `item_completed`. Each copy stream is counted per text, and a
 * message is new only when its stream holds more copies of it than any other stream does, so a
 * text the person really sent twice still counts twice.
 */
class Echoes {
	private readonly counts = new Map<string, number[]>();

	fresh(key: string, stream: number): boolean {
		const counts = this.counts.get(key) ?? [0, 0, 0];
		counts[stream]++;
		this.counts.set(key, counts);
		return counts[stream] > Math.max(...counts.filter((_, index) => index !== stream));
	}
}

const responseStream = 0;
const eventStream = 1;
const itemStream = 2;

/** Maps one rollout's records to events, remembering what it needs to avoid duplicates. */
class CodexRecordMapper {
	private readonly echoes = new Echoes();
	/** Call ids whose result was emitted, with whether it was an error; a call has one result. */
	private readonly results = new Map<string, boolean>();
	private lastWasCompaction = false;

	eventsOf(record: Record<string, unknown>, line: number, out: SessionEvent[]): void {
		const before = out.length;
		this.map(record, { line, timestamp: asString(record.timestamp) }, out);
		if (out.length > before) {
			this.lastWasCompaction = out[out.length - 1].kind === 'compaction';
		}
	}

	private map(record: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const payload = asRecord(record.payload);
		const type = asString(record.type);
		if (type === 'compacted') {
			this.compaction(base, out);
			return;
		}
		if (!payload) {
			return;
		}
		if (type === 'response_item') {
			this.responseItem(payload, base, out);
		} else if (type === 'event_msg') {
			this.eventMessage(payload, base, out);
		}
	}

	private compaction(base: Base, out: SessionEvent[]): void {
		// The `compacted` record and the `context_compacted` event describe the same compaction.
		if (!this.lastWasCompaction) {
			out.push({ ...base, kind: 'compaction' });
		}
	}

	private user(raw: string, kind: string | undefined, stream: number, base: Base, out: SessionEvent[]): void {
		const { text, injected } = userText(raw, kind);
		if (text !== '' && this.echoes.fresh(`user:${text}`, stream)) {
			out.push({ ...base, kind: 'user', text, injected: injected || undefined });
		}
	}

	private assistant(raw: string, stream: number, base: Base, out: SessionEvent[]): void {
		const text = raw.trim();
		if (text !== '' && this.echoes.fresh(`assistant:${text}`, stream)) {
			out.push({ ...base, kind: 'assistant', text });
		}
	}

	private result(result: ToolResult, base: Base, out: SessionEvent[]): void {
		if (result.id !== undefined) {
			if (this.results.has(result.id)) {
				return;
			}
			this.results.set(result.id, result.isError);
		}
		out.push({ ...base, kind: 'tool-result', result });
	}

	private responseItem(payload: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const id = asString(payload.call_id) ?? asString(payload.id);
		switch (payload.type) {
			case 'message': {
				const text = contentText(payload.content);
				if (payload.role === 'assistant') {
					this.assistant(text, responseStream, base, out);
				} else if (payload.role === 'user' && injectedText.test(text) && !text.includes(ideRequestMarker)) {
					// The person's own prompts are taken from `event_msg/user_message`; only the
					// context the harness injects lives here alone.
					out.push({ ...base, kind: 'user', text: text.trim(), injected: true });
				}
				return;
			}
			case 'function_call':
			case 'custom_tool_call':
				if (asString(payload.name)) {
					out.push({ ...base, kind: 'tool-call', tool: toolCallOf(payload.name as string, payload.arguments ?? payload.input, id) });
				}
				return;
			case 'local_shell_call':
				out.push({ ...base, kind: 'tool-call', tool: toolCallOf('local_shell_call', payload.action, id) });
				return;
			case 'web_search_call':
				out.push({ ...base, kind: 'tool-call', tool: toolCallOf('web_search', payload.action, id) });
				return;
			case 'function_call_output':
			case 'custom_tool_call_output': {
				const { text, exitCode, failed } = parseOutput(payload.output);
				if (isUserRefusal(text)) {
					out.push({ ...base, kind: 'rejection', toolId: id });
					if (id !== undefined) {
						this.results.set(id, true);
					}
					return;
				}
				const isError = exitCode !== undefined ? exitCode !== 0 : failed === true;
				this.result({ id, isError, exitCode, output: outputExcerpt(text) }, base, out);
				return;
			}
			case 'compaction':
			case 'context_compaction':
				this.compaction(base, out);
				return;
		}
	}

	private eventMessage(payload: Record<string, unknown>, base: Base, out: SessionEvent[]): void {
		const id = asString(payload.call_id);
		switch (payload.type) {
			case 'user_message': {
				const message = asString(payload.message);
				if (message) {
					this.user(message, asString(payload.kind), eventStream, base, out);
				}
				return;
			}
			case 'agent_message': {
				const message = asString(payload.message);
				if (message) {
					this.assistant(message, eventStream, base, out);
				}
				return;
			}
			case 'item_completed': {
				const item = asRecord(payload.item);
				const text = contentText(item?.content) || asString(item?.text) || asString(item?.message) || '';
				if (item?.type === 'UserMessage') {
					this.user(text, undefined, itemStream, base, out);
				} else if (item?.type === 'AgentMessage') {
					this.assistant(text, itemStream, base, out);
				}
				return;
			}
			case 'turn_aborted':
				if (payload.reason === 'interrupted') {
					out.push({ ...base, kind: 'interrupt' });
				}
				return;
			case 'thread_rolled_back':
				// The person undid turns: the agent was going the wrong way.
				out.push({ ...base, kind: 'interrupt' });
				return;
			case 'context_compacted':
				this.compaction(base, out);
				return;
			case 'patch_apply_end':
				// A failed patch is an error even when its output record said nothing of it.
				if (payload.success === false && id !== undefined && this.results.get(id) !== true) {
					this.results.delete(id);
					const output = asString(payload.stderr) || asString(payload.stdout) || 'the patch could not be applied';
					this.result({ id, name: 'apply_patch', isError: true, output: outputExcerpt(output) }, base, out);
				}
				return;
			case 'exec_command_end': {
				const exitCode = typeof payload.exit_code === 'number' ? payload.exit_code : undefined;
				const output = asString(payload.aggregated_output) ?? [asString(payload.stdout), asString(payload.stderr)].filter(Boolean).join('\n');
				this.result({ id, isError: exitCode !== undefined && exitCode !== 0, exitCode, output: outputExcerpt(output) }, base, out);
				return;
			}
			case 'mcp_tool_call_end': {
				const result = asRecord(payload.result);
				const ok = asRecord(result?.Ok);
				const error = result?.Err;
				const output = error === undefined ? contentText(ok?.content) : typeof error === 'string' ? error : JSON.stringify(error);
				this.result({ id, isError: error !== undefined || ok?.isError === true, output: outputExcerpt(output) }, base, out);
				return;
			}
		}
	}
}

const rolloutId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl(?:\.zst)?$/i;

function idFromName(file: string): string {
	return rolloutId.exec(file)?.[1] ?? path.basename(file).replace(/\.jsonl(?:\.zst)?$/, '');
}

class CodexSessionReader implements SessionReader {
	readonly agent = 'codex' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;
	cwd?: string;
	private knowsId = false;

	constructor(private readonly file: string) {
		this.id = idFromName(file);
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const mapper = new CodexRecordMapper();
		const out: SessionEvent[] = [];
		for await (const { line, value } of readJsonLines(this.file, this.problems)) {
			const record = asRecord(value);
			if (!record) {
				continue;
			}
			if (record.type === 'session_meta' && !this.knowsId) {
				// A resumed or forked rollout repeats session_meta; the first names this thread.
				const id = asString(asRecord(record.payload)?.id);
				this.cwd ??= asString(asRecord(record.payload)?.cwd);
				if (id) {
					this.id = id;
					this.knowsId = true;
				}
			}
			mapper.eventsOf(record, line, out);
			yield* out;
			out.length = 0;
		}
	}
}

/** Longer first lines than this are not a rollout header worth waiting for. */
const maxHeaderBytes = 4 * 1024 * 1024;

/**
 * The first line of a rollout, read in small pieces: session lists read it from every rollout
 * on disk and must not read whole files to learn a working folder.
 */
async function firstLineOf(file: string): Promise<string | undefined> {
	const stream = file.endsWith('.zst') ? openTranscript(file) : fs.createReadStream(file, { highWaterMark: 64 * 1024 });
	const decoder = new TextDecoder('utf-8');
	let text = '';
	let bytes = 0;
	try {
		for await (const chunk of stream) {
			const buffer = chunk as Buffer;
			bytes += buffer.length;
			const end = buffer.indexOf(10);
			if (end !== -1) {
				return text + decoder.decode(buffer.subarray(0, end));
			}
			text += decoder.decode(buffer, { stream: true });
			if (bytes > maxHeaderBytes) {
				return undefined;
			}
		}
		return text + decoder.decode();
	} catch {
		return undefined;
	} finally {
		stream.destroy();
	}
}

/** A rollout's thread id and working folder, from its `session_meta` line. */
async function headerOf(file: string): Promise<{ id?: string; cwd?: string }> {
	const line = await firstLineOf(file);
	try {
		const record = asRecord(JSON.parse(line ?? ''));
		const payload = record?.type === 'session_meta' ? asRecord(record.payload) : undefined;
		return { id: asString(payload?.id), cwd: asString(payload?.cwd) };
	} catch {
		return {};
	}
}

/** How far into a rollout a session list looks for the first prompt. */
const promptSearchLines = 200;

async function firstPromptOf(file: string): Promise<string | undefined> {
	const mapper = new CodexRecordMapper();
	const out: SessionEvent[] = [];
	for await (const { line, value } of readJsonLines(file, [])) {
		const record = asRecord(value);
		if (record) {
			mapper.eventsOf(record, line, out);
			const prompt = out.find(event => event.kind === 'user' && !event.injected);
			if (prompt?.kind === 'user') {
				return promptPreview(prompt.text);
			}
			out.length = 0;
		}
		if (line >= promptSearchLines) {
			return undefined;
		}
	}
	return undefined;
}

const isRollout = (name: string) => name.startsWith('rollout-') && (name.endsWith('.jsonl') || name.endsWith('.jsonl.zst'));

/** Rollouts in one folder; of a rollout stored both plain and compressed, the plain file. */
function rolloutsIn(folder: string): FoundFile[] {
	const found = filesIn(folder, isRollout);
	const plain = new Set(found.filter(file => file.path.endsWith('.jsonl')).map(file => file.path));
	return found.filter(file => !(file.path.endsWith('.zst') && plain.has(file.path.slice(0, -'.zst'.length))));
}

/** Every rollout file, the date folders walked newest first, then the archive. */
function allRollouts(home: string): FoundFile[] {
	const sessions = path.join(home, 'sessions');
	const newestFirst = (names: string[]) => names.sort().reverse();
	const found: FoundFile[] = [];
	for (const year of newestFirst(foldersIn(sessions))) {
		for (const month of newestFirst(foldersIn(path.join(sessions, year)))) {
			for (const day of newestFirst(foldersIn(path.join(sessions, year, month)))) {
				found.push(...rolloutsIn(path.join(sessions, year, month, day)));
			}
		}
	}
	found.push(...rolloutsIn(path.join(home, 'archived_sessions')));
	// A resumed session is written to its old date folder: recency is the file's, not the folder's.
	return found.sort((a, b) => b.modified - a.modified);
}

export const codexAdapter: SessionAdapter = {
	agent: 'codex',

	recognises(sample: TranscriptSample): boolean {
		return sample.lines.some(({ value }) => {
			const record = asRecord(value);
			return record !== undefined && envelopeTypes.has(asString(record.type) ?? '') && asRecord(record.payload) !== undefined;
		});
	},

	read(file: string): SessionReader {
		return new CodexSessionReader(file);
	},

	async findSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
		const sessions: SessionInfo[] = [];
		for (const rollout of allRollouts(codexHome(homes))) {
			if (sessions.length >= limit) {
				break;
			}
			const { id, cwd } = await headerOf(rollout.path);
			if (!cwd || !isSameOrInside(workspace, cwd)) {
				continue;
			}
			sessions.push({
				agent: 'codex', id: id ?? idFromName(rollout.path), path: rollout.path, cwd,
				firstPrompt: await firstPromptOf(rollout.path), modified: rollout.modified, size: rollout.size,
			});
		}
		return sessions;
	},
};
