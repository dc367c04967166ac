import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSONParser, Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { isCopilotEvent, CopilotEventsReader, describeCopilotEvents } from './copilotCli';
import { asArray, asRecord, asString, type JsonLine, openTranscript, ProblemLog } from './jsonLines';
import { isSameOrInside } from '../paths';
import { type FoundFile, filesIn, foldersIn, promptPreview, type SessionAdapter, type TranscriptSample } from './sessionAdapter';
import type { AgentHomes, SessionEvent, SessionInfo, SessionReader, TranscriptProblem } from './sessionEvents';
import { normalisedName, outputExcerpt, toolCallOf } from './toolCalls';

/**
 * GitHub Copilot Chat in VS Code, in the three forms VS Code has stored it, all under
 * `<UserData>/workspaceStorage/<wsId>/`: `chatSessions/<id>.json` (one v3 JSON object),
 * `chatSessions/<id>.jsonl` (a mutation log replayed into that object) and
 * `GitHub.copilot-chat/transcripts/<id>.jsonl` (Copilot CLI events). The first two can be
 * hundreds of megabytes; both are parsed as a token stream, never as one string.
 * Format notes: `reference/transcript-formats.md` §3.1–3.4.
 */

type Base = { line: number; timestamp?: string; sidechain?: string };

/**
 * `modelState.value` of a request the person stopped. VS Code's `ResponseModelState` names 2
 * Cancelled; files read by other tools (microsoft/typeagent-py) show 4 for cancelled requests,
 * which the current enum calls NeedsInput: a response left waiting on the person. Both mean the
 * person did not let the request finish.
 */
const stoppedStates = new Set([2, 4]);
/** `isConfirmed.type` of a refused tool call: `ToolConfirmKind.Denied` and `Skipped`. */
const refusedConfirmations = new Set([0, 5]);
/** `vote` of a thumbs down (`ChatAgentVoteDirection.Down`). */
const voteDown = 0;

interface RoundCall {
	id?: string;
	name: string;
	arguments: unknown;
	used: boolean;
}

/** The tool calls the model made, from the metadata Copilot keeps of each round. */
function roundCallsOf(metadata: Record<string, unknown> | undefined): RoundCall[] {
	return asArray(metadata?.toolCallRounds)
		.flatMap(round => asArray(asRecord(round)?.toolCalls))
		.flatMap(raw => {
			const call = asRecord(raw);
			return call && asString(call.name) ? [{ id: asString(call.id), name: call.name as string, arguments: call.arguments, used: false }] : [];
		});
}

/** The round call a rendered tool invocation stands for: the same id, else the next one of the same tool. */
function takeRound(rounds: RoundCall[], id: string | undefined, name: string): RoundCall | undefined {
	const round = rounds.find(call => !call.used && id !== undefined && call.id === id)
		?? rounds.find(call => !call.used && normalisedName(call.name) === normalisedName(name));
	if (round) {
		round.used = true;
	}
	return round;
}

function messageText(message: unknown): string | undefined {
	return asString(message) ?? asString(asRecord(message)?.value);
}

function valuesText(content: unknown): string | undefined {
	const text = asArray(content).map(item => asString(asRecord(item)?.value) ?? asString(asRecord(item)?.text) ?? '').filter(Boolean).join('\n');
	return text === '' ? undefined : text;
}

/** The files an invocation message links to (`{value, uris: {"file:///…": …}}`). */
function linkedFiles(message: unknown): string[] {
	return Object.keys(asRecord(asRecord(message)?.uris) ?? {}).flatMap(uri => {
		try {
			return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
		} catch {
			return [];
		}
	});
}

function invocationEvents(part: Record<string, unknown>, rounds: RoundCall[], roundResults: Record<string, unknown> | undefined, base: Base, out: SessionEvent[]): void {
	const name = asString(part.toolId);
	if (!name) {
		return;
	}
	const id = asString(part.toolCallId);
	const eventBase = { ...base, sidechain: asString(part.subAgentInvocationId) };
	const round = takeRound(rounds, id, name);
	const specific = asRecord(part.toolSpecificData);
	const shown = specific?.kind === 'input' ? asRecord(specific.rawInput) : specific;
	const input = round?.arguments ?? { ...shown, files: linkedFiles(part.pastTenseMessage ?? part.invocationMessage) };
	out.push({ ...eventBase, kind: 'tool-call', tool: toolCallOf(name, input, id) });
	const confirmed = part.isConfirmed;
	const confirmation = asRecord(confirmed)?.type;
	if (confirmed === false || (typeof confirmation === 'number' && refusedConfirmations.has(confirmation))) {
		out.push({ ...eventBase, kind: 'rejection', toolId: id });
		return;
	}
	if (part.isComplete !== true) {
		return;
	}
	const state = asRecord(specific?.terminalCommandState);
	const exitCode = typeof state?.exitCode === 'number' ? state.exitCode : undefined;
	const details = asRecord(part.resultDetails);
	const output = asString(asRecord(specific?.terminalCommandOutput)?.text)
		?? valuesText(details?.output)
		?? valuesText(asRecord(roundResults?.[round?.id ?? id ?? ''])?.content)
		?? messageText(part.pastTenseMessage)
		?? '';
	out.push({
		...eventBase, kind: 'tool-result',
		result: { id, name, isError: details?.isError === true || (exitCode !== undefined && exitCode !== 0), exitCode, output: outputExcerpt(output) },
	});
}

/** An epoch-milliseconds time as ISO text; nothing for a value that is not a time. */
function isoTime(value: unknown): string | undefined {
	const date = typeof value === 'number' ? new Date(value) : undefined;
	return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** Maps one request of a chat (the person's message and Copilot's whole response to it) to events. */
function eventsOfRequest(request: Record<string, unknown>, line: number, out: SessionEvent[]): void {
	const base: Base = { line, timestamp: isoTime(request.timestamp) };
	const prompt = asString(asRecord(request.message)?.text)?.trim();
	if (prompt) {
		out.push({ ...base, kind: 'user', text: prompt });
	}
	const result = asRecord(request.result);
	const metadata = asRecord(result?.metadata);
	const rounds = roundCallsOf(metadata);
	const roundResults = asRecord(metadata?.toolCallResults);
	// Copilot streams an answer as many markdown parts; consecutive parts are one answer.
	let markdown = '';
	const flush = () => {
		const text = markdown.trim();
		if (text !== '') {
			out.push({ ...base, kind: 'assistant', text });
		}
		markdown = '';
	};
	for (const raw of asArray(request.response)) {
		const part = asRecord(raw);
		const kind = asString(part?.kind);
		if (!part) {
			continue;
		} else if (kind === undefined && typeof part.value === 'string') {
			markdown += part.value;
		} else if (kind === 'markdownContent') {
			markdown += messageText(part.content) ?? '';
		} else if (kind === 'toolInvocationSerialized' || kind === 'toolInvocation') {
			flush();
			invocationEvents(part, rounds, roundResults, base, out);
		}
	}
	flush();
	// Calls the response did not render (older versions ran tools out of sight).
	for (const call of rounds.filter(round => !round.used)) {
		out.push({ ...base, kind: 'tool-call', tool: toolCallOf(call.name, call.arguments, call.id) });
		const output = valuesText(asRecord(roundResults?.[call.id ?? ''])?.content);
		if (output !== undefined) {
			out.push({ ...base, kind: 'tool-result', result: { id: call.id, name: call.name, isError: false, output: outputExcerpt(output) } });
		}
	}
	const error = asString(asRecord(result?.errorDetails)?.message);
	if (error) {
		out.push({ ...base, kind: 'tool-result', result: { isError: true, output: outputExcerpt(error) } });
	}
	const state = asRecord(request.modelState)?.value;
	if (request.isCanceled === true || (typeof state === 'number' && stoppedStates.has(state))) {
		out.push({ ...base, kind: 'interrupt' });
	}
	if (request.vote === voteDown) {
		out.push({ ...base, kind: 'downvote', reason: asString(request.voteDownReason) });
	}
}

/**
 * Turns byte offsets of a stream, met in increasing order, into 1-based line numbers. Newlines
 * are counted once, chunk by chunk, so the cost is one pass over the bytes.
 */
class LineCounter {
	private chunk: Uint8Array = new Uint8Array(0);
	private chunkStart = 0;
	private counted = 0;
	private newlines = 0;

	next(chunk: Uint8Array): void {
		this.countTo(this.chunkStart + this.chunk.length);
		this.chunkStart += this.chunk.length;
		this.chunk = chunk;
	}

	/** The line of a byte offset within the current chunk. */
	lineAt(offset: number): number {
		this.countTo(offset);
		return this.newlines + 1;
	}

	private countTo(offset: number): void {
		const end = Math.min(offset - this.chunkStart, this.chunk.length);
		for (let index = this.counted - this.chunkStart; index < end; index++) {
			index = this.chunk.indexOf(10, index);
			if (index === -1 || index >= end) {
				break;
			}
			this.newlines++;
		}
		this.counted = Math.max(this.counted, offset);
	}
}

const byteOrderMark = [0xef, 0xbb, 0xbf];

/** A v3 `chatSessions/<id>.json` file, streamed request by request. */
class ChatJsonReader implements SessionReader {
	readonly agent = 'copilot-chat' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;

	constructor(private readonly file: string) {
		this.id = path.basename(file, '.json');
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const log = new ProblemLog(this.problems, this.file);
		const ready: SessionEvent[] = [];
		const lines = new LineCounter();
		const tokenizer = new Tokenizer();
		const parser = new TokenParser({ paths: ['$.requests.*', '$.sessionId'], keepStack: false });
		let failure: string | undefined;
		let failureOffset = 0;
		// The tokenizer does not count a byte order mark in its offsets.
		let skipped = 0;
		let depth = 0;
		let requestLine = 1;
		let lastOffset = 0;
		tokenizer.onToken = token => {
			lastOffset = token.offset + skipped;
			if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
				depth++;
				// Depth 3 is an element of a top-level array: a request, when it is in `requests`.
				if (depth === 3) {
					requestLine = lines.lineAt(lastOffset);
				}
			} else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) {
				depth--;
			}
			parser.write(token);
		};
		parser.onValue = ({ value, key }) => {
			if (key === 'sessionId' && typeof value === 'string') {
				this.id = value;
			}
			const request = typeof key === 'number' ? asRecord(value) : undefined;
			if (request) {
				eventsOfRequest(request, requestLine, ready);
			}
		};
		const fail = (error: Error) => {
			if (failure === undefined) {
				failure = error.message;
				failureOffset = lastOffset;
			}
		};
		tokenizer.onError = fail;
		parser.onError = fail;
		let first = true;
		try {
			for await (const chunk of openTranscript(this.file)) {
				const bytes = chunk as Buffer;
				if (first && byteOrderMark.every((byte, index) => bytes[index] === byte)) {
					skipped = byteOrderMark.length;
				}
				first = false;
				lines.next(bytes);
				tokenizer.write(bytes);
				yield* ready;
				ready.length = 0;
				if (failure !== undefined) {
					break;
				}
			}
			if (failure === undefined) {
				tokenizer.end();
				if (!parser.isEnded) {
					parser.end();
				}
				if (failure !== undefined) {
					log.report('the file ends in the middle of the chat (VS Code may still be writing it); the requests before that were read');
				}
			} else {
				const line = lines.lineAt(failureOffset);
				log.report(`not valid JSON near line ${line} (${failure}); the requests before it were read`, line);
			}
		} catch (error) {
			log.report(`could not be read: ${(error as Error).message}`);
		} finally {
			log.finish();
		}
	}
}

/** One line of a mutation log, parsed as it arrives so that a long line never becomes one string. */
class LineValue {
	private readonly parser = new JSONParser({ paths: ['$'], keepStack: false });
	value: unknown;
	error: string | undefined;
	received = false;

	constructor() {
		this.parser.onValue = ({ value }) => {
			this.value = value;
		};
		this.parser.onError = error => {
			this.error ??= error.message;
		};
	}

	write(bytes: Uint8Array): void {
		if (bytes.length > 0 && this.error === undefined) {
			this.received = true;
			this.parser.write(bytes);
		}
	}

	end(): void {
		if (this.error === undefined && this.value === undefined) {
			this.parser.end();
		}
	}
}

/**
 * The JSON values of a JSON-lines file, each line fed to a streaming parser as its bytes arrive.
 * Problems are reported as `readJsonLines` reports them: blank lines skipped, a bad line
 * reported and skipped, an unfinished last line reported as torn.
 */
async function* streamedJsonLines(file: string, problems: TranscriptProblem[]): AsyncGenerator<JsonLine> {
	const log = new ProblemLog(problems, file);
	let current = new LineValue();
	let line = 1;
	const finish = (torn: boolean): JsonLine | undefined => {
		current.end();
		// Text after a complete value (a carriage return) makes the parser complain; the value stands.
		if (current.value !== undefined) {
			return { line, value: current.value };
		}
		if (current.error !== undefined && current.received) {
			log.report(torn
				? 'the last line is incomplete (the agent may still be writing the file); it was skipped'
				: `not valid JSON (${current.error}); the line was skipped`, line);
		}
		return undefined;
	};
	try {
		for await (const chunk of openTranscript(file)) {
			const bytes = chunk as Buffer;
			let start = 0;
			for (let end = bytes.indexOf(10); end !== -1; end = bytes.indexOf(10, start)) {
				current.write(bytes.subarray(start, end));
				const parsed = finish(false);
				if (parsed) {
					yield parsed;
				}
				current = new LineValue();
				line++;
				start = end + 1;
			}
			current.write(bytes.subarray(start));
		}
		if (current.received) {
			const parsed = finish(true);
			if (parsed) {
				yield parsed;
			}
		}
	} catch (error) {
		log.report(`could not be read: ${(error as Error).message}`);
	} finally {
		log.finish();
	}
}

/** Keys a log entry may not walk through: a file on disk must not reach object prototypes. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype']);
type Container = Record<string | number, unknown>;

function isSafeKey(key: unknown): boolean {
	return (typeof key === 'string' && !unsafeKeys.has(key)) || (Number.isInteger(key) && (key as number) >= 0);
}

/**
 * Replays a chat mutation log (kind 0 snapshot, 1 set, 2 push with optional truncation, 3
 * delete; VS Code's `objectMutationLog.ts`) and remembers the line of the entry that put each
 * request in the chat.
 */
class MutationReplay {
	state: unknown;
	private readonly lines = new WeakMap<object, number>();

	apply(entry: Record<string, unknown>, line: number): void {
		if (entry.kind !== 0 && !(Array.isArray(entry.k) && entry.k.every(isSafeKey))) {
			return;
		}
		const keys = asArray(entry.k) as (string | number)[];
		switch (entry.kind) {
			case 0:
				this.state = entry.v;
				break;
			case 1:
				this.set(keys, entry.v);
				break;
			case 2:
				this.push(keys, asArray(entry.v), entry.i);
				break;
			case 3:
				this.remove(keys);
				break;
			default:
				return;
		}
		if (keys.length === 0 || (keys[0] === 'requests' && keys.length <= 2)) {
			for (const request of this.requests()) {
				if (!this.lines.has(request)) {
					this.lines.set(request, line);
				}
			}
		}
	}

	requests(): Record<string, unknown>[] {
		return asArray(asRecord(this.state)?.requests).flatMap(request => {
			const record = asRecord(request);
			return record ? [record] : [];
		});
	}

	lineOf(request: object): number {
		return this.lines.get(request) ?? 1;
	}

	private container(keys: (string | number)[]): Container | undefined {
		let node: unknown = this.state;
		for (const key of keys) {
			node = typeof node === 'object' && node !== null ? (node as Container)[key] : undefined;
		}
		return typeof node === 'object' && node !== null ? node as Container : undefined;
	}

	private set(keys: (string | number)[], value: unknown): void {
		if (keys.length === 0) {
			this.state = value;
			return;
		}
		const parent = this.container(keys.slice(0, -1));
		if (parent) {
			parent[keys[keys.length - 1]] = value;
		}
	}

	private push(keys: (string | number)[], values: unknown[], truncateAt: unknown): void {
		const found: unknown = this.container(keys);
		let array: unknown[];
		if (Array.isArray(found)) {
			array = found;
		} else {
			const parent = keys.length > 0 ? this.container(keys.slice(0, -1)) : undefined;
			if (!parent) {
				return;
			}
			array = [];
			parent[keys[keys.length - 1]] = array;
		}
		if (typeof truncateAt === 'number' && truncateAt >= 0) {
			array.length = Math.min(array.length, truncateAt);
		}
		for (const value of values) {
			array.push(value);
		}
	}

	private remove(keys: (string | number)[]): void {
		const parent = keys.length > 0 ? this.container(keys.slice(0, -1)) : undefined;
		if (parent) {
			delete parent[keys[keys.length - 1]];
		}
	}
}

/** A `chatSessions/<id>.jsonl` mutation log: replayed to its end, then read request by request. */
class ChatLogReader implements SessionReader {
	readonly agent = 'copilot-chat' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;

	constructor(private readonly file: string) {
		this.id = path.basename(file, '.jsonl');
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const replay = new MutationReplay();
		for await (const { line, value } of streamedJsonLines(this.file, this.problems)) {
			const entry = asRecord(value);
			if (entry) {
				replay.apply(entry, line);
			}
		}
		this.id = asString(asRecord(replay.state)?.sessionId) ?? this.id;
		const out: SessionEvent[] = [];
		for (const request of replay.requests()) {
			eventsOfRequest(request, replay.lineOf(request), out);
			yield* out;
			out.length = 0;
		}
	}
}

const transcriptPath = /[\\/]github\.copilot-chat[\\/]transcripts[\\/][^\\/]+\.jsonl$/i;
const mutationLogHead = /^\s*\{\s*"kind"\s*:\s*[0-3]\s*[,}]/;

function isMutationEntry(value: unknown): boolean {
	const record = asRecord(value);
	return record !== undefined && typeof record.kind === 'number' && record.kind >= 0 && record.kind <= 3 && ('v' in record || Array.isArray(record.k));
}

/** The VS Code user-data folders Copilot Chat may have written to, local and remote. */
function defaultWorkspaceStorages(): string[] {
	const home = os.homedir();
	const appData = process.env.APPDATA;
	const userFolders = [
		...['Code', 'Code - Insiders', 'VSCodium'].flatMap(app => [
			path.join(home, '.config', app, 'User'),
			path.join(home, 'Library', 'Application Support', app, 'User'),
			...(appData ? [path.join(appData, app, 'User')] : []),
		]),
		path.join(home, '.vscode-server', 'data', 'User'),
		path.join(home, '.vscode-server-insiders', 'data', 'User'),
		path.join(home, '.local', 'share', 'code-server', 'User'),
	];
	return userFolders.flatMap(user => {
		const storage = path.join(user, 'workspaceStorage');
		return foldersIn(storage).map(name => path.join(storage, name));
	});
}

/**
 * Whether a workspace storage folder belongs to the workspace, from its `workspace.json`:
 * `{ kept: false }` for another folder (or a multi-root or remote workspace), the folder's path
 * when it is the workspace or inside it, and no path when the file is missing (the extension
 * passes its own storage folder, which needs no confirming).
 */
function storageFolder(storage: string, workspace: string): { kept: boolean; folder?: string } {
	let text: string;
	try {
		text = fs.readFileSync(path.join(storage, 'workspace.json'), 'utf8');
	} catch {
		return { kept: fs.existsSync(storage) };
	}
	try {
		const uri = asString(asRecord(JSON.parse(text))?.folder);
		const folder = uri?.startsWith('file:') ? fileURLToPath(uri) : undefined;
		return folder !== undefined && isSameOrInside(workspace, folder) ? { kept: true, folder } : { kept: false };
	} catch {
		return { kept: false };
	}
}

/** The chat files of one storage folder; of a chat stored both as `.json` and `.jsonl`, the log. */
function chatFilesIn(storage: string): FoundFile[] {
	const chats = filesIn(path.join(storage, 'chatSessions'), name => name.endsWith('.json') || name.endsWith('.jsonl'));
	const logs = new Set(chats.filter(file => file.path.endsWith('.jsonl')).map(file => file.path));
	return [
		...chats.filter(file => !(file.path.endsWith('.json') && logs.has(`${file.path}l`))),
		...filesIn(path.join(storage, 'GitHub.copilot-chat', 'transcripts'), name => name.endsWith('.jsonl')),
	];
}

/** The first prompt of a mutation log, replaying only until the first request has one. */
async function firstPromptOfLog(file: string): Promise<{ empty: boolean; firstPrompt?: string }> {
	const replay = new MutationReplay();
	for await (const { line, value } of streamedJsonLines(file, [])) {
		const entry = asRecord(value);
		if (entry) {
			replay.apply(entry, line);
		}
		const text = asString(asRecord(replay.requests()[0]?.message)?.text)?.trim();
		if (text) {
			return { empty: false, firstPrompt: promptPreview(text) };
		}
	}
	return { empty: replay.requests().length === 0 };
}

/** The first prompt of a v3 JSON chat, reading only until it is found. */
async function firstPromptOfJson(file: string): Promise<{ empty: boolean; firstPrompt?: string }> {
	let empty = true;
	for await (const event of new ChatJsonReader(file).events()) {
		empty = false;
		if (event.kind === 'user') {
			return { empty, firstPrompt: promptPreview(event.text) };
		}
	}
	return { empty };
}

async function describe(file: string): Promise<{ empty: boolean; id?: string; firstPrompt?: string }> {
	if (transcriptPath.test(file)) {
		const found = await describeCopilotEvents(file, () => true);
		return { empty: found?.id === undefined && found?.firstPrompt === undefined, id: found?.id, firstPrompt: found?.firstPrompt };
	}
	return file.endsWith('.jsonl') ? firstPromptOfLog(file) : firstPromptOfJson(file);
}

export const copilotChatAdapter: SessionAdapter = {
	agent: 'copilot-chat',

	recognises(sample: TranscriptSample): boolean {
		if (transcriptPath.test(sample.file)) {
			return sample.lines.some(line => isCopilotEvent(line.value));
		}
		if (sample.file.endsWith('.json')) {
			const head = sample.head;
			return /^\s*\{/.test(head) && (/"requests"\s*:/.test(head) || (/"sessionId"\s*:/.test(head) && /"(?:version|creationDate)"\s*:/.test(head)));
		}
		return mutationLogHead.test(sample.head) || sample.lines.some(line => isMutationEntry(line.value));
	},

	read(file: string): SessionReader {
		if (transcriptPath.test(file)) {
			return new CopilotEventsReader('copilot-chat', file, path.basename(file, '.jsonl'));
		}
		return file.endsWith('.jsonl') ? new ChatLogReader(file) : new ChatJsonReader(file);
	},

	async findSessions(workspace: string, homes: AgentHomes, limit: number): Promise<SessionInfo[]> {
		const candidates: (FoundFile & { cwd?: string })[] = [];
		for (const storage of homes.vscodeWorkspaceStorage ?? defaultWorkspaceStorages()) {
			const { kept, folder } = storageFolder(storage, workspace);
			if (kept) {
				candidates.push(...chatFilesIn(storage).map(file => ({ ...file, cwd: folder })));
			}
		}
		candidates.sort((a, b) => b.modified - a.modified);
		const sessions: SessionInfo[] = [];
		for (const candidate of candidates) {
			if (sessions.length >= limit) {
				break;
			}
			// VS Code leaves an empty file for every chat view opened; there is nothing to distil in it.
			const { empty, id, firstPrompt } = await describe(candidate.path);
			if (empty) {
				continue;
			}
			sessions.push({
				agent: 'copilot-chat', id: id ?? path.basename(candidate.path).replace(/\.jsonl?$/, ''), path: candidate.path,
				cwd: candidate.cwd, firstPrompt, modified: candidate.modified, size: candidate.size,
			});
		}
		return sessions;
	},
};
