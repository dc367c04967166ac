import { LibraryServer } from './libraryServer';
import type { RequestMessage, ServerMessage } from './libraryProtocol';

// The library process's entry (bundled as dist/libraryProcess.js, started by the editor with an IPC channel).

function send(message: ServerMessage): void {
	// The editor may be gone: its going is handled by 'disconnect'.
	if (process.connected) {
		process.send?.(message);
	}
}

const server = new LibraryServer(__dirname, send);

async function answer(message: RequestMessage): Promise<void> {
	try {
		send({ id: message.id, result: await server.handle(message) });
	} catch (error) {
		send({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
	}
}

/** How long after a scan the process collects its garbage: the editor's first requests about the new library come first. */
const scanSettleMs = 1000;

/**
 * Requests wait in two lanes and are answered one per turn of the event loop, so each answer
 * leaves at once and a scan's work goes on between them. What the person is looking at goes
 * first: a document's text, a check of a draft, a listing. Files re-read from disk (a watcher
 * can report thousands at once) and removals keep their order among themselves; of two re-reads
 * of one file waiting, only the later is done.
 */
const urgent: RequestMessage[] = [];
const background: RequestMessage[] = [];
/** The re-read of each file waiting in the background lane. */
const rereads = new Map<string, RequestMessage>();
let draining = false;

function isUrgent(message: RequestMessage): boolean {
	return message.method === 'analyze' ? message.params.text !== undefined : message.method === 'checkAsIf' || message.method === 'listings';
}

function rereadOf(message: RequestMessage): string | undefined {
	return message.method === 'analyze' && message.params.text === undefined ? message.params.location.file : undefined;
}

function enqueue(message: RequestMessage): void {
	if (message.method === 'scan') {
		// A scan answers when it ends; requests are answered meanwhile.
		void answer(message).then(collectScanGarbage);
		return;
	}
	if (isUrgent(message)) {
		urgent.push(message);
	} else {
		const file = rereadOf(message);
		const waiting = file === undefined ? undefined : rereads.get(file);
		if (waiting) {
			// Answered with no change: the later re-read announces what the file holds.
			send({ id: waiting.id, result: [] });
			background.splice(background.indexOf(waiting), 1);
		}
		if (file !== undefined) {
			rereads.set(file, message);
		}
		background.push(message);
	}
	if (!draining) {
		draining = true;
		setImmediate(drain);
	}
}

function drain(): void {
	const next = urgent.shift() ?? background.shift();
	if (!next) {
		draining = false;
		return;
	}
	const file = rereadOf(next);
	if (file !== undefined && rereads.get(file) === next) {
		rereads.delete(file);
	}
	void answer(next);
	setImmediate(drain);
}

/**
 * A scan leaves hundreds of megabytes of garbage (the threads' results on their way, the old
 * library): one full collection once it is over lets the process give them back, where V8 left to
 * itself keeps its heap grown (the client starts the process with `--expose-gc`).
 */
function collectScanGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		setTimeout(gc, scanSettleMs);
	}
}

process.on('message', message => enqueue(message as RequestMessage));
// The editor closed or stopped: nothing is left to answer.
process.on('disconnect', () => process.exit(0));
