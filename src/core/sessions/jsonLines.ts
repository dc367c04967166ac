import * as fs from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { Decompress } from 'fzstd';
import type { TranscriptProblem } from './sessionEvents';

/** More problems than this in one file are counted, not listed: a binary file must not produce a million messages. */
const maxProblemsListed = 20;

/** One parsed line of a JSON-lines file. */
export interface JsonLine {
	/** 1-based line number. */
	line: number;
	value: unknown;
}

/** A Transform that decompresses a Zstandard stream (Codex compresses older rollouts as `.jsonl.zst`). */
function zstdDecompressor(): Transform {
	const decoder = new Decompress(data => transform.push(Buffer.from(data)));
	const transform: Transform = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			try {
				decoder.push(chunk);
				done();
			} catch (error) {
				done(error as Error);
			}
		},
		flush(done) {
			try {
				decoder.push(new Uint8Array(0), true);
				done();
			} catch (error) {
				done(error as Error);
			}
		},
	});
	return transform;
}

/** The bytes of a transcript file, decompressed when it is `.zst`. */
export function openTranscript(file: string): Readable {
	const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
	if (!file.endsWith('.zst')) {
		return raw;
	}
	const decompressed = zstdDecompressor();
	raw.on('error', error => decompressed.destroy(error));
	return raw.pipe(decompressed);
}

/** Collects problems for one file, listing the first few and counting the rest. */
export class ProblemLog {
	private unlisted = 0;

	constructor(private readonly into: TranscriptProblem[], private readonly file: string) {}

	report(message: string, line?: number): void {
		if (this.into.filter(problem => problem.file === this.file).length < maxProblemsListed) {
			this.into.push({ file: this.file, line, message });
		} else {
			this.unlisted++;
		}
	}

	/** Adds the count of problems that were not listed, once the file is read. */
	finish(): void {
		if (this.unlisted > 0) {
			this.into.push({ file: this.file, message: `${this.unlisted} more lines could not be read` });
			this.unlisted = 0;
		}
	}
}

/**
 * Reads a JSON-lines file one line at a time, never the whole file at once. Blank lines are
 * skipped; a line that is not JSON is reported and skipped, and a last line without its newline
 * that does not parse is reported as torn (the agent was still writing it).
 */
export async function* readJsonLines(file: string, problems: TranscriptProblem[]): AsyncGenerator<JsonLine> {
	const log = new ProblemLog(problems, file);
	let pending = '';
	let lineNumber = 0;
	const parse = (text: string, torn: boolean): JsonLine | undefined => {
		lineNumber++;
		const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
		if (trimmed.trim() === '') {
			return undefined;
		}
		try {
			return { line: lineNumber, value: JSON.parse(trimmed) };
		} catch (error) {
			log.report(torn
				? 'the last line is incomplete (the agent may still be writing the file); it was skipped'
				: `not valid JSON (${(error as Error).message}); the line was skipped`, lineNumber);
			return undefined;
		}
	};
	try {
		const decoder = new TextDecoder('utf-8');
		for await (const chunk of openTranscript(file)) {
			const text = pending + decoder.decode(chunk as Buffer, { stream: true });
			let start = 0;
			for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
				const parsed = parse(text.slice(start, end), false);
				start = end + 1;
				if (parsed) {
					yield parsed;
				}
			}
			pending = text.slice(start);
		}
		pending += decoder.decode();
		if (pending !== '') {
			const parsed = parse(pending, true);
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

/** A JSON object's own fields, or undefined for anything else: records are checked, never trusted. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

export function asString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** Reads the first `count` records of a file, for detection and session lists; problems are ignored. */
export async function firstJsonLines(file: string, count: number): Promise<JsonLine[]> {
	const lines: JsonLine[] = [];
	for await (const line of readJsonLines(file, [])) {
		lines.push(line);
		if (lines.length >= count) {
			break;
		}
	}
	return lines;
}
