import * as fs from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type BodyLinter, type BodyMarkdownFinding, lintBody } from '../rules/markdownlintRules';

type LintReply = { findings?: BodyMarkdownFinding[]; error?: string };

/**
 * The linting thread's reply, which it posts before raising the signal. On a loaded machine the
 * message can still be on its way when the signal is seen, so it is asked for again, briefly
 * pausing between tries, until the deadline: a finding must not depend on the machine's load.
 */
function awaitReply(port: MessagePort, deadline: number): LintReply | undefined {
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (;;) {
		const reply = receiveMessageOnPort(port)?.message as LintReply | undefined;
		if (reply || performance.now() >= deadline) {
			return reply;
		}
		Atomics.wait(pause, 0, 0, 1);
	}
}

/**
 * markdownlint with a time limit. Its parser takes minutes on some hostile shapes of a few tens
 * of kilobytes (runs of `- - -`, deep block quotes, long tables), and a check must not: each body
 * is linted in a thread of its own while the asking thread waits, synchronously as the rules
 * run, for at most `timeoutMs`; a thread that takes longer is stopped and replaced, and the body
 * is reported as not linted. Without the worker's script (tests run from source), markdownlint
 * runs in the asking thread.
 */
export function budgetedLinter(script: string | undefined): BodyLinter {
	if (script === undefined || !fs.existsSync(script)) {
		return lintBody;
	}
	const signal = new Int32Array(new SharedArrayBuffer(4));
	let running: { worker: Worker; port: MessagePort } | undefined;
	const start = () => {
		const channel = new MessageChannel();
		const worker = new Worker(script, { workerData: { port: channel.port2, signal }, transferList: [channel.port2] });
		// An idle linter never keeps a command-line run alive.
		worker.unref();
		return { worker, port: channel.port1 };
	};
	return (body, config, timeoutMs) => {
		running ??= start();
		Atomics.store(signal, 0, 0);
		running.port.postMessage({ body, config });
		if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
			void running.worker.terminate();
			running = undefined;
			return { stopped: `markdownlint took longer than ${timeoutMs.toLocaleString('en-US')} ms on it (md's timeoutMs) and was stopped` };
		}
		const reply = awaitReply(running.port, performance.now() + timeoutMs);
		return reply?.findings ?? { stopped: `markdownlint failed on it (${reply?.error ?? 'no answer'})` };
	};
}
