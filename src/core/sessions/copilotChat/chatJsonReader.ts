import * as path from 'node:path';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { errorMessage } from '../../util/text';
import { asRecord, openTranscript, ProblemLog } from '../jsonLines';
import type { SessionEvent, SessionReader, TranscriptProblem } from '../sessionEvents';
import { eventsOfRequest } from './requestEvents';

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
export class ChatJsonReader implements SessionReader {
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
			log.report(`could not be read: ${errorMessage(error)}`);
		} finally {
			log.finish();
		}
	}
}
