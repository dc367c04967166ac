import * as path from 'node:path';
import { asArray, asRecord, asString, readJsonLines } from '../jsonLines';
import type { SessionEvent, SessionReader, TranscriptProblem } from '../sessionEvents';
import { eventsOfRequest } from './requestEvents';

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
export class MutationReplay {
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
export class ChatLogReader implements SessionReader {
	readonly agent = 'copilot-chat' as const;
	readonly problems: TranscriptProblem[] = [];
	id: string;

	constructor(private readonly file: string) {
		this.id = path.basename(file, '.jsonl');
	}

	async *events(): AsyncGenerator<SessionEvent> {
		const replay = new MutationReplay();
		for await (const { line, record } of readJsonLines(this.file, this.problems, { streamed: true })) {
			replay.apply(record, line);
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
