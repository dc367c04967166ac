import { openTranscript } from '../../src/core/sessions/jsonLines';
import type { LabelSet } from './labelSets';
import { requestStartLines } from './score';

/** A transcript's whole text (decompressed when it is a `.zst`); the labelled files are a few MB at most. */
export async function transcriptText(file: string): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of openTranscript(file)) {
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function isChatExport(file: string): boolean {
	return file.endsWith('.json');
}

function strings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') {
		out.push(value);
	} else if (Array.isArray(value)) {
		value.forEach(item => strings(item, out));
	} else if (typeof value === 'object' && value !== null) {
		Object.values(value).forEach(item => strings(item, out));
	}
	return out;
}

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Whether a quote is in one of a record's strings, or in its raw text when the record does not parse (a line broken by redaction). */
function quoted(quote: string, raw: string, record: unknown): boolean {
	const wanted = squeeze(quote);
	return strings(record).some(text => squeeze(text).includes(wanted)) || squeeze(raw).includes(wanted);
}

function parsed(raw: string): unknown {
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * What in a session's labels does not agree with its transcript: a quote that is not in the
 * record at the labelled line, a Copilot `request` whose opening line is not the labelled line.
 * The labels README promises both, so a finding here is a label to look at.
 */
export function checkLabels(set: LabelSet, text: string): string[] {
	const problems: string[] = [];
	const entries = [
		...set.labels.events.map(event => ({ ...event, label: `event ${event.kind}` })),
		...set.labels.notEvents.map(notEvent => ({ ...notEvent, label: 'notEvent' })),
	].filter(entry => entry.file === undefined);
	if (isChatExport(set.transcript)) {
		const starts = requestStartLines(text);
		const requests = (parsed(text) as { requests?: unknown[] } | undefined)?.requests ?? [];
		for (const entry of entries) {
			const index = entry.request ?? starts.findIndex((start, at) => start <= entry.line && (starts[at + 1] ?? Infinity) > entry.line);
			if (entry.request !== undefined && starts[entry.request] !== entry.line) {
				problems.push(`${entry.label} at ${entry.line}: request ${entry.request} opens at line ${starts[entry.request] ?? '(none)'}`);
			}
			if (!quoted(entry.quote, '', requests[index])) {
				problems.push(`${entry.label} at ${entry.line}: "${entry.quote}" is not in request ${index}`);
			}
		}
		return problems;
	}
	const lines = text.split('\n');
	for (const entry of entries) {
		const raw = lines[entry.line - 1] ?? '';
		if (!quoted(entry.quote, raw, parsed(raw))) {
			problems.push(`${entry.label} at ${entry.line}: "${entry.quote}" is not on that line`);
		}
	}
	return problems;
}
