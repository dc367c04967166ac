import { asArray, asRecord, asString } from '../jsonLines';
import type { SessionEvent, ToolResult } from '../sessionEvents';
import { isUserRefusal, outputExcerpt, toolCallOf } from '../toolCalls';

/** The record types of a rollout: `{timestamp, type, payload}` envelopes. */
export const envelopeTypes = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted', 'world_state']);

type Base = { line: number; timestamp?: string };

/** The text the IDE extension puts before the person's own words. */
const ideRequestMarker = '## My request for Codex:';
const injectedText = /^\s*(?:<environment_context>|<user_instructions>|<INSTRUCTIONS>|<permissions instructions>|<developer_instructions>|<turn_aborted>|<user_shell_command>|<skill>|# AGENTS\.md instructions|# Context from my IDE setup:)/;
const exitCodeLine = /^(?:Exit code:|Process exited with code) (-?\d+)/m;
/** Outputs Codex writes for a command that did not run to an exit code: refused by the sandbox, killed, or not started. */
const failedOutput = /^(?:apply_patch verification failed|failed to apply patch|execution error|sandbox error|failed in sandbox)/i;

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
				return { text: json.output, exitCode: typeof exitCode === 'number' ? exitCode : undefined, failed: failedOutput.test(json.output) || undefined };
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
export class CodexRecordMapper {
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
					// A refusal already said by its `exec_command_end` event is the same act.
					if (id === undefined || !this.results.has(id)) {
						out.push({ ...base, kind: 'rejection', toolId: id });
					}
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
				if (payload.status === 'declined') {
					// The person refused the command; its output record says so again.
					if (id === undefined || !this.results.has(id)) {
						out.push({ ...base, kind: 'rejection', toolId: id });
					}
					if (id !== undefined) {
						this.results.set(id, true);
					}
					return;
				}
				const exitCode = typeof payload.exit_code === 'number' ? payload.exit_code : undefined;
				const output = asString(payload.aggregated_output) ?? [asString(payload.stdout), asString(payload.stderr)].filter(Boolean).join('\n');
				const isError = (exitCode !== undefined && exitCode !== 0) || payload.status === 'failed' || (exitCode === undefined && failedOutput.test(output));
				this.result({ id, isError, exitCode, output: outputExcerpt(output) }, base, out);
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
