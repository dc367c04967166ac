import { Worker } from 'node:worker_threads';
import type { SessionInfo } from '../sessions/sessionEvents';
import type { SessionDigest } from './sessionDigest';

/**
 * Sessions read into digests on worker threads, one session per thread at a time: a thousand
 * transcripts are parsed on every core, and an editor's extension host stays free meanwhile.
 */

export type DigestInput = Pick<SessionInfo, 'agent' | 'path' | 'modified' | 'size' | 'firstPrompt'>;

export interface DigestRequest {
	id: number;
	session: DigestInput;
}

export type DigestResponse = { id: number; digest: SessionDigest; error?: undefined } | { id: number; error: string; digest?: undefined };

export class DigestWorkers {
	private readonly idle: Worker[] = [];
	private readonly all: Worker[] = [];
	private readonly waiting: (() => void)[] = [];
	private readonly pending = new Map<number, { resolve: (digest: SessionDigest) => void; reject: (error: Error) => void }>();
	private next = 0;

	/** `script` is the bundled `digestWorker.js`; `count` threads at most are started, as they are needed. */
	constructor(private readonly script: string, readonly count: number) {}

	private worker(): Worker {
		const worker = new Worker(this.script);
		worker.on('message', (response: DigestResponse) => {
			const pending = this.pending.get(response.id);
			this.pending.delete(response.id);
			this.release(worker);
			if (response.digest) {
				pending?.resolve(response.digest);
			} else {
				pending?.reject(new Error(response.error ?? 'the session could not be read'));
			}
		});
		worker.on('error', error => {
			for (const [, pending] of this.pending) {
				pending.reject(error);
			}
			this.pending.clear();
		});
		this.all.push(worker);
		return worker;
	}

	/** A thread at rest, which must not keep the process alive. */
	private release(worker: Worker): void {
		worker.unref();
		this.idle.push(worker);
		this.waiting.shift()?.();
	}

	private async acquire(): Promise<Worker> {
		for (;;) {
			const idle = this.idle.pop();
			if (idle) {
				return idle;
			}
			if (this.all.length < this.count) {
				return this.worker();
			}
			await new Promise<void>(resolve => this.waiting.push(resolve));
		}
	}

	async digest(session: DigestInput): Promise<SessionDigest> {
		const worker = await this.acquire();
		// While it reads, the thread is what the caller waits for.
		worker.ref();
		const id = ++this.next;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			worker.postMessage({ id, session: { agent: session.agent, path: session.path, modified: session.modified, size: session.size, firstPrompt: session.firstPrompt } } satisfies DigestRequest);
		});
	}

	/** Stops every thread; what they were reading is dropped. */
	close(): void {
		for (const worker of this.all) {
			void worker.terminate();
		}
	}
}
