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
export function eventsOfRequest(request: Record<string, unknown>, line: number, out: SessionEvent[]): void {
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
