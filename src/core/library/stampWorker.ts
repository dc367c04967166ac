import { parentPort, workerData } from 'node:worker_threads';
import { checkStampList } from './stamps';

/** The thread that compares an analysis cache's stamp list with the disk (see `StampList`). */
const check = checkStampList((workerData as { file: string }).file);
parentPort?.postMessage(check, check ? [check.folders.buffer as ArrayBuffer, check.files.buffer as ArrayBuffer] : []);
