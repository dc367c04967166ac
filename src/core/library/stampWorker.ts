import { parentPort, workerData } from 'node:worker_threads';
import { checkStampList, type StampWorkerMessage } from './stamps';

/** The thread that compares an analysis cache's stamp list with the disk (see `StampList`). */
const post = (message: StampWorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);
const check = checkStampList((workerData as { file: string }).file, difference => post({ kind: 'difference', difference }));
post({ kind: 'check', check }, check ? [check.folders.buffer as ArrayBuffer, check.files.buffer as ArrayBuffer] : []);
