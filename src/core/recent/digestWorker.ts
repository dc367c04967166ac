import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../util/text';
import type { DigestRequest, DigestResponse } from './digestWorkers';
import { digestSession } from './sessionDigest';

// A worker thread of `DigestWorkers`: reads one session at a time into its digest, beside the others.
parentPort?.on('message', (request: DigestRequest) => {
	digestSession(request.session).then(
		digest => parentPort?.postMessage({ id: request.id, digest } satisfies DigestResponse),
		(error: unknown) => parentPort?.postMessage({ id: request.id, error: errorMessage(error) } satisfies DigestResponse),
	);
});
