import { fileURLToPath } from 'node:url';
import { asArray, asRecord, asString } from '../jsonLines';
import type { SessionEvent } from '../sessionEvents';
import { normalisedName, outputExcerpt, toolCallOf } from '../toolCalls';

/**
 * One Copilot Chat request (the person's message and Copilot's whole response to it) as
 * normalised events: the same mapping for the v3 JSON file, the mutation log and an exported chat.
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

/**
 * The name the model calls a tool by, for the tools whose rendered id says it differently
 * (`copilot_replaceString` is `replace_string_in_file` in the rounds), both normalised.
 */
const modelNames = new Map([
	['replacestring', 'replacestringinfile'],
	['multireplacestring', 'multireplacestringinfile'],
	['insertedit', 'inserteditintofile'],
	['editnotebook', 'editnotebookfile'],
	['listdirectory', 'listdir'],
	['findfiles', 'filesearch'],
	['findtextinfiles', 'grepsearch'],
	['findtestfiles', 'testsearch'],
	['searchcodebase', 'semanticsearch'],
]);

function modelName(name: string): string {
	const normalised = normalisedName(name);
	return modelNames.get(normalised) ?? normalised;
}

/** The round call a rendered tool invocation stands for: the same id, else the next one of the same tool. */
function takeRound(rounds: RoundCall[], id: string | undefined, name: string): RoundCall | undefined {
	const round = rounds.find(call => !call.used && id !== undefined && call.id === id)
		?? rounds.find(call => !call.used && modelName(call.name) === modelName(name));
	if (round) {
		round.used = true;
	}
	return round;
}

function messageText(message: unknown): string | undefined {
	return asString(message) ?? asString(asRecord(message)?.value);
}

/** The text of a prompt-tsx element tree, the form Copilot keeps some tool results in (`{node: {children}}`). */
function nodeText(node: unknown, depth = 0): string {
	const record = asRecord(node);
	if (!record || depth > 64) {
		return '';
	}
	return asString(record.text) ?? asArray(record.children).map(child => nodeText(child, depth + 1)).join('');
}

function valuesText(content: unknown): string | undefined {
	const text = asArray(content).map(raw => {
		const item = asRecord(raw);
		return asString(item?.value) ?? asString(item?.text) ?? nodeText(asRecord(item?.value)?.node);
	}).filter(Boolean).join('\n');
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

/** The file or symbol name an inline reference shows in the answer (VS Code renders it as a link). */
function referenceName(part: Record<string, unknown>): string | undefined {
	const reference = asRecord(part.inlineReference);
	const target = asRecord(reference?.uri) ?? asRecord(asRecord(reference?.location)?.uri) ?? reference;
	const file = asString(target?.path) ?? asString(target?.fsPath);
	return asString(part.name) ?? asString(reference?.name) ?? (file ? /[^/\\]*$/.exec(file)?.[0] : undefined);
}

/** An opening code fence at the end of the answer so far, before an edit's `codeblockUri` part. */
const openFence = /```[^\n`]*\s*$/;
const closeFence = /^\s*```/;

/** Maps one request of a chat (the person's message and Copilot's whole response to it) to events. */
export function eventsOfRequest(request: Record<string, unknown>, line: number, out: SessionEvent[]): void {
	const base: Base = { line, timestamp: isoTime(request.timestamp) };
	const prompt = asString(asRecord(request.message)?.text)?.trim();
	if (prompt) {
		// A request sent by a button ("Try Again", "Continue") has the button's words, not the person's.
		const injected = typeof request.confirmation === 'string' && request.confirmation !== '';
		out.push({ ...base, kind: 'user', text: prompt, injected: injected || undefined });
	}
	const result = asRecord(request.result);
	const metadata = asRecord(result?.metadata);
	const rounds = roundCallsOf(metadata);
	const roundResults = asRecord(metadata?.toolCallResults);
	// Copilot streams an answer as many markdown parts; consecutive parts are one answer.
	let markdown = '';
	// Where the fence before an edit's code block starts: VS Code shows the edited file in its place,
	// so a fence with nothing else in it is no text of the answer.
	let editFence = -1;
	const append = (value: string) => {
		const closesEdit = editFence !== -1 && closeFence.test(value);
		markdown = closesEdit ? markdown.slice(0, editFence) + value.replace(closeFence, '') : markdown + value;
		editFence = -1;
	};
	const flush = () => {
		const text = markdown.trim();
		if (text !== '') {
			out.push({ ...base, kind: 'assistant', text });
		}
		markdown = '';
		editFence = -1;
	};
	for (const raw of asArray(request.response)) {
		const part = asRecord(raw);
		const kind = asString(part?.kind);
		if (!part) {
			continue;
		} else if (kind === undefined && typeof part.value === 'string') {
			append(part.value);
		} else if (kind === 'markdownContent') {
			append(messageText(part.content) ?? '');
		} else if (kind === 'inlineReference') {
			const name = referenceName(part);
			append(name ? `\`${name}\`` : '');
		} else if (kind === 'codeblockUri') {
			editFence = markdown.search(openFence);
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
