import { type ChildProcess, fork } from 'node:child_process';
import type { LibraryEvent, LibraryMethod, LibraryRequests, ServerMessage } from './libraryProtocol';

interface Pending {
	resolve: (result: never) => void;
	reject: (error: Error) => void;
}

/**
 * The editor's end of the library process (`dist/libraryProcess.js`): started on the first
 * request, and again on the next request after it stopped; requests are answered in order of
 * their answers, events are passed on as they come.
 */
export class LibraryClient {
	private child?: ChildProcess;
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private disposed = false;

	/** `onExit` hears of a process that stopped while the client was still in use. */
	constructor(private readonly script: string, private readonly onEvent: (event: LibraryEvent) => void, private readonly onExit: (why: string) => void) {}

	/** The library process's id, while it runs. */
	get pid(): number | undefined {
		return this.child?.pid;
	}

	request<M extends LibraryMethod>(method: M, params: LibraryRequests[M]['params']): Promise<LibraryRequests[M]['result']> {
		if (this.disposed) {
			return Promise.reject(new Error('the library process was stopped'));
		}
		const child = this.child ?? this.start();
		const id = this.nextId++;
		return new Promise<LibraryRequests[M]['result']>((resolve, reject) => {
			this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
			child.send({ id, method, params });
		});
	}

	private start(): ChildProcess {
		// Structured cloning keeps the findings' shapes; plain Node runs the script even when the editor's host is Electron; the process collects its garbage after a scan.
		const child = fork(this.script, [], { serialization: 'advanced', execArgv: ['--expose-gc'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		child.on('message', message => this.receive(message as ServerMessage));
		child.on('exit', (code, signal) => {
			if (this.child !== child) {
				return;
			}
			this.child = undefined;
			const why = signal ? `it was stopped by ${signal}` : `it exited with code ${code}`;
			for (const waiting of this.pending.values()) {
				waiting.reject(new Error(`the library process ended before answering: ${why}`));
			}
			this.pending.clear();
			if (!this.disposed) {
				this.onExit(why);
			}
		});
		this.child = child;
		return child;
	}

	private receive(message: ServerMessage): void {
		if ('event' in message) {
			this.onEvent(message);
			return;
		}
		const waiting = this.pending.get(message.id);
		this.pending.delete(message.id);
		if ('error' in message) {
			waiting?.reject(new Error(message.error));
		} else {
			waiting?.resolve(message.result as never);
		}
	}

	dispose(): void {
		this.disposed = true;
		this.child?.kill();
		this.child = undefined;
	}
}
