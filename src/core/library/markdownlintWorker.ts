import { type MessagePort, workerData } from 'node:worker_threads';
import { lintBody } from '../rules/markdownlintRules';
import { errorMessage } from '../util/text';

/**
 * The thread markdownlint runs in (see `markdownlintBudget.ts`): it lints each body it is sent,
 * answers on its port and raises the shared signal, so the thread that asked can wait with a
 * time limit and stop this one when a body takes too long.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

port.on('message', ({ body, config }: { body: string; config: Record<string, unknown> }) => {
	try {
		port.postMessage({ findings: lintBody(body, config) });
	} catch (error) {
		port.postMessage({ error: errorMessage(error) });
	}
	Atomics.store(signal, 0, 1);
	Atomics.notify(signal, 0);
});
