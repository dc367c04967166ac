import * as fs from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import { Decompress } from 'fzstd';
import { errorMessage } from '../util/text';
import { formatSize } from '../util/units';
import type { TranscriptProblem } from './sessionEvents';

/** More problems than this in one file are counted, not listed: a binary file must not produce a million messages. */
const maxProblemsListed = 20;

/** One record of a JSON-lines file: a line that holds a JSON object. */
export interface JsonRecord {
	/** 1-based line number. */
	line: number;
	record: Record<string, unknown>;
}

/**
 * Decompressed output is allowed to grow to this many times the compressed input (and at least
 * `minDecompressedBytes`): JSON text compresses 5 to 50 times, while a few kilobytes of a
 * compression bomb expand to gigabytes.
 */
const maxExpansion = 500;
const minDecompressedBytes = 64 * 1024 * 1024;

/** Why a compressed transcript cannot be read: the file is damaged or expands out of proportion. */
class DamagedCompressionError extends Error {}

/** A Transform that decompresses a Zstandard stream (Codex compresses older rollouts as `.jsonl.zst`). */
function zstdDecompressor(): Transform {
	let compressed = 0;
	let decompressed = 0;
	const decoder = new Decompress(data => {
		decompressed += data.length;
		if (decompressed > Math.max(minDecompressedBytes, maxExpansion * compressed)) {
			throw new DamagedCompressionError(`the compressed file expands more than ${maxExpansion} times (${formatSize(compressed)} to over ${formatSize(decompressed)}), which no transcript does; it was not read further`);
		}
		transform.push(Buffer.from(data));
	});
	const feed = (chunk: Uint8Array, final: boolean, done: (error?: Error) => void) => {
		compressed += chunk.length;
		try {
			decoder.push(chunk, final);
			done();
		} catch (error) {
			done(error instanceof DamagedCompressionError ? error : new DamagedCompressionError(`the compressed file is damaged (zstd: ${errorMessage(error)})`));
		}
	};
	const transform: Transform = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			feed(chunk, false, done);
		},
		flush(done) {
			feed(new Uint8Array(0), true, done);
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

/** A line longer than this is skipped and reported: no record an agent writes needs more, and parsing one would hold it whole in memory. */
export const maxLineBytes = 64 * 1024 * 1024;

/** Session lists read only the first records of many files; a first line longer than this is not waited for. */
export const listingLineBytes = 4 * 1024 * 1024;

/** Collects the bytes of one line and turns them into a value at the line's end. */
interface LineSink {
	/** Whether anything but the line ending was received. */
	readonly received: boolean;
	/** Bytes received so far. */
	readonly size: number;
	write(bytes: Uint8Array): void;
	/** The line's value, or why there is none (undefined for a blank line). */
	end(): { value: unknown } | { error: string } | undefined;
}

/** A line parsed with `JSON.parse` once it is complete: the fastest way for lines of ordinary length. */
class WholeLine implements LineSink {
	private readonly pieces: Buffer[] = [];
	size = 0;

	get received(): boolean {
		return this.size > 0;
	}

	write(bytes: Uint8Array): void {
		if (bytes.length > 0) {
			// A copy: the chunk's buffer is reused by the stream.
			this.pieces.push(Buffer.from(bytes));
			this.size += bytes.length;
		}
	}

	end(): { value: unknown } | { error: string } | undefined {
		const text = Buffer.concat(this.pieces, this.size).toString('utf8');
		if (text.trim() === '') {
			return undefined;
		}
		try {
			return { value: JSON.parse(text) };
		} catch (error) {
			return { error: errorMessage(error) };
		}
	}
}

/** A line fed to a streaming parser as its bytes arrive, so a line of many megabytes never becomes one string. */
class StreamedLine implements LineSink {
	private readonly parser = new JSONParser({ paths: ['$'], keepStack: false });
	private value: unknown;
	private error: string | undefined;
	size = 0;

	constructor() {
		this.parser.onValue = ({ value }) => {
			this.value = value;
		};
		this.parser.onError = error => {
			this.error ??= error.message;
		};
	}

	get received(): boolean {
		return this.size > 0;
	}

	write(bytes: Uint8Array): void {
		if (bytes.length > 0 && this.error === undefined) {
			this.size += bytes.length;
			this.parser.write(bytes);
		}
	}

	end(): { value: unknown } | { error: string } | undefined {
		if (this.error === undefined && this.value === undefined && this.size > 0) {
			this.parser.end();
		}
		// Text after a complete value (a carriage return) makes the parser complain; the value stands.
		if (this.value !== undefined) {
			return { value: this.value };
		}
		return this.size > 0 && this.error !== undefined ? { error: this.error } : undefined;
	}
}

export interface JsonLinesOptions {
	/** Parse each line as its bytes arrive (for files whose lines can be hundreds of megabytes). */
	streamed?: boolean;
	/** Lines longer than this many bytes are skipped and reported. */
	maxLineBytes?: number;
}

/**
 * Reads the records (JSON objects) of a JSON-lines file one line at a time, never the whole file
 * at once, in time linear in its size: lines are split on bytes as the file streams in. Blank
 * lines are skipped; a line that is not JSON, or longer than the limit, is reported and skipped; a last line without its newline
 * that does not parse is reported as torn (the agent was still writing it).
 */
export async function* readJsonLines(file: string, problems: TranscriptProblem[], options: JsonLinesOptions = {}): AsyncGenerator<JsonRecord> {
	const log = new ProblemLog(problems, file);
	const limit = options.maxLineBytes ?? maxLineBytes;
	const sink = (): LineSink => (options.streamed ? new StreamedLine() : new WholeLine());
	let current = sink();
	let skipping = false;
	let line = 1;
	const finish = (torn: boolean): JsonRecord | undefined => {
		if (skipping) {
			log.report(`the line is longer than ${formatSize(limit)}; it was skipped`, line);
			return undefined;
		}
		const result = current.end();
		if (result === undefined) {
			return undefined;
		}
		if ('value' in result) {
			// A line that is JSON but not an object is a record of no known type: skipped like one.
			const record = asRecord(result.value);
			return record ? { line, record } : undefined;
		}
		log.report(torn
			? 'the last line is incomplete (the agent may still be writing the file); it was skipped'
			: `not valid JSON (${result.error}); the line was skipped`, line);
		return undefined;
	};
	const write = (bytes: Uint8Array) => {
		if (skipping) {
			return;
		}
		if (current.size + bytes.length > limit) {
			skipping = true;
			current = sink();
			return;
		}
		current.write(bytes);
	};
	try {
		let first = true;
		for await (const chunk of openTranscript(file)) {
			const bytes = chunk as Buffer;
			// A byte-order mark is not part of the first record.
			let start = first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
			first = false;
			for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
				write(bytes.subarray(start, end));
				const parsed = finish(false);
				if (parsed) {
					yield parsed;
				}
				current = sink();
				skipping = false;
				line++;
				start = end + 1;
			}
			write(bytes.subarray(start));
		}
		if (current.received || skipping) {
			const parsed = finish(true);
			if (parsed) {
				yield parsed;
			}
		}
	} catch (error) {
		log.report(`could not be read: ${errorMessage(error)}`);
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

/**
 * Reads the first `count` records of a file, for detection and session lists, skipping lines
 * longer than `listingLineBytes`; problems go to `problems` when it is given.
 */
export async function firstJsonLines(file: string, count: number, problems: TranscriptProblem[] = []): Promise<JsonRecord[]> {
	const lines: JsonRecord[] = [];
	for await (const line of readJsonLines(file, problems, { maxLineBytes: listingLineBytes })) {
		lines.push(line);
		if (lines.length >= count) {
			break;
		}
	}
	return lines;
}
