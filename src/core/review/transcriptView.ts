import { inlineCode, shortCommand } from '../distil/shellCommands';
import { redactSecrets } from '../secrets/redact';
import type { SessionEvent } from '../sessions/sessionEvents';

/**
 * A session around a cited line, as Markdown a person reads: who said what, tool calls and their
 * results shortened, the cited line marked. The review panel's "Open in transcript" shows it
 * rendered and read-only instead of the raw JSON record.
 */

/** The events around a line, and whether the session goes on before and after them. */
export interface TranscriptExcerpt {
	events: SessionEvent[];
	earlier: boolean;
	later: boolean;
}

/**
 * The `before` events that end before `line`, the events on it and the `after` events past it,
 * read as the session streams by (a long transcript is never held whole). Events of other files
 * (subagent transcripts read with the main one) are left out.
 */
export async function eventsAround(events: AsyncIterable<SessionEvent>, line: number, file: string | undefined, before = 12, after = 12): Promise<TranscriptExcerpt> {
	const kept: SessionEvent[] = [];
	let earlier = false;
	let past = 0;
	for await (const event of events) {
		if (event.file !== file) {
			continue;
		}
		if (event.line > line && ++past > after) {
			return { events: kept, earlier, later: true };
		}
		kept.push(event);
		if (event.line < line && kept.filter(candidate => candidate.line < line).length > before) {
			kept.shift();
			earlier = true;
		}
	}
	return { events: kept, earlier, later: false };
}

const maxProse = 1500;
const maxOutputLines = 12;
const maxOutputLine = 200;

function shortened(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Prose from the session as a block quote: its Markdown kept, raw HTML shown as text. */
function quoted(text: string): string {
	const safe = shortened(redactSecrets(text).trim(), maxProse).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return safe.split('\n').map(line => `> ${line}`.trimEnd()).join('\n');
}

/** A tool's output in a fence no backtick run inside can close, cut to its first lines. */
function outputBlock(output: string): string {
	const lines = redactSecrets(output).replace(/\s+$/, '').split('\n');
	const shown = lines.slice(0, maxOutputLines).map(line => shortened(line, maxOutputLine));
	if (lines.length > maxOutputLines) {
		shown.push(`… ${lines.length - maxOutputLines} more lines`);
	}
	const text = shown.join('\n');
	const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map(run => run.length + 1)));
	return `${fence}text\n${text}\n${fence}`;
}

/** Who or what an event is, and what it says. */
function describe(event: SessionEvent): { who: string; body: string } {
	switch (event.kind) {
		case 'user':
			return event.injected
				? { who: 'System text (not the person\'s words)', body: quoted(event.text) }
				: { who: 'Person', body: quoted(event.text) };
		case 'assistant':
			return { who: 'Agent', body: quoted(event.text) };
		case 'tool-call': {
			const { tool } = event;
			const detail = tool.command !== undefined ? inlineCode(shortCommand(redactSecrets(tool.command), 300))
				: tool.skill !== undefined ? `skill ${inlineCode(tool.skill)}`
					: tool.paths?.length ? tool.paths.map(inlineCode).join(', ') : '';
			return { who: `Tool call ${inlineCode(tool.name)}`, body: detail };
		}
		case 'tool-result': {
			const { result } = event;
			const status = result.noise === 'cancelled' ? 'cancelled' : result.isError ? `failed${result.exitCode !== undefined ? ` (exit ${result.exitCode})` : ''}` : 'succeeded';
			return { who: `Tool result${result.name ? ` of ${inlineCode(result.name)}` : ''}: ${status}`, body: result.output ? outputBlock(result.output) : '' };
		}
		case 'rejection':
			return { who: 'Person refused the tool call', body: event.feedback ? quoted(event.feedback) : '' };
		case 'interrupt':
			return { who: 'Person interrupted the agent', body: '' };
		case 'downvote':
			return { who: 'Person marked the answer unhelpful', body: event.reason ? quoted(event.reason) : '' };
		case 'compaction':
			return { who: 'Context compacted: the conversation goes on from a summary', body: '' };
	}
}

export interface TranscriptViewOptions {
	/** "Claude Code session 1a2b3c4d". */
	title: string;
	/** The cited line, 1-based. */
	line: number;
	/** The transcript file, for the line that says where the raw records are. */
	file: string;
}

/** The excerpt as Markdown: one section per event, the cited one marked, the raw file named. */
export function transcriptMarkdown(excerpt: TranscriptExcerpt, options: TranscriptViewOptions): string {
	const out = [
		`# ${options.title}, around line ${options.line}`,
		'',
		`Read-only, shortened and with secrets redacted. The raw records are in ${inlineCode(options.file)}; the review panel's *Raw* button opens the file at the line.`,
		'',
	];
	if (excerpt.events.length === 0) {
		out.push(`Nothing the session's reader understands is recorded near line ${options.line}; the raw transcript shows the record as it is.`, '');
	}
	if (excerpt.earlier) {
		out.push('*… earlier in the session*', '');
	}
	for (const event of excerpt.events) {
		const { who, body } = describe(event);
		const cited = event.line === options.line;
		out.push(cited ? `## ▶ Cited: line ${event.line} · ${who}` : `#### line ${event.line} · ${who}`, '');
		if (body !== '') {
			out.push(body, '');
		}
		if (cited) {
			out.push('---', '');
		}
	}
	if (excerpt.later) {
		out.push('*… later in the session*', '');
	}
	return out.join('\n');
}
