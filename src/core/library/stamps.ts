import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * What `stat` says of a file or folder: device, inode, size, modification and status-change times
 * (ms). An edit changes the times (the status-change time even when a tool puts the modification
 * time back), a replacement the inode; while all five are the same, the bytes or entries are too.
 */
export type Stamp = [number, number, number, number, number];

export function stampOf(stat: fs.Stats): Stamp {
	return [stat.dev, stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs];
}

export function sameStamp(a: Stamp | undefined, b: Stamp | undefined): boolean {
	return a === b || (a !== undefined && b !== undefined && a.every((value, i) => value === b[i]));
}

/** The stamp of a plain file (`file`) or a folder, following links; undefined when it is neither, is gone or cannot be looked at (then it is read, and the reading says why it fails). */
export function currentStamp(target: string, kind: 'file' | 'folder'): Stamp | undefined {
	try {
		const stat = fs.statSync(target, { throwIfNoEntry: false });
		return stat && (kind === 'file' ? stat.isFile() : stat.isDirectory()) ? stampOf(stat) : undefined;
	} catch {
		return undefined;
	}
}

/** A sorted path as the number of characters it shares with the one before and the rest. */
export type PackedPath = [number, string];

export function packPaths(paths: readonly string[]): PackedPath[] {
	let before = '';
	return paths.map(current => {
		let shared = 0;
		while (shared < before.length && shared < current.length && before.charCodeAt(shared) === current.charCodeAt(shared)) {
			shared++;
		}
		before = current;
		return [shared, current.slice(shared)];
	});
}

export function unpackPaths(packed: readonly PackedPath[]): string[] {
	let before = '';
	return packed.map(([shared, rest]) => (before = before.slice(0, shared) + rest));
}

/**
 * The stamps an analysis cache vouches with, in a file of their own beside it: every folder listed
 * and every skill file read, in the cache file's order, with the existence answers each skill's
 * analysis depends on. A second thread compares them with the disk while the first parses the
 * cache file, so a warm run does not spend its one busy thread on tens of thousands of `stat`s.
 */
export interface StampList {
	/** The fingerprint file's id: the cache file written with this list names the same one. */
	id: string;
	folders: PackedPath[];
	folderStamps: Stamp[];
	files: PackedPath[];
	/** Null for a file read too soon after its last change to vouch for it (see `defaultSettleMs`). */
	fileStamps: (Stamp | null)[];
	/** For each file (by index), the absolute paths its analysis asked about and whether they existed. */
	exists: [number, string, boolean][];
}

/** What the disk says of a `StampList`: for each folder and file (1) whether it is as stamped, its existence answers included. */
export interface StampCheck {
	id: string;
	folders: Uint8Array;
	files: Uint8Array;
}

/** Compares a stamp list with the disk; undefined when the list cannot be read. */
export function checkStampList(file: string): StampCheck | undefined {
	let list: StampList;
	try {
		list = JSON.parse(fs.readFileSync(file, 'utf8')) as StampList;
	} catch {
		return undefined;
	}
	const folders = new Uint8Array(list.folders.length);
	unpackPaths(list.folders).forEach((dir, i) => {
		folders[i] = sameStamp(currentStamp(dir, 'folder'), list.folderStamps[i]) ? 1 : 0;
	});
	const files = new Uint8Array(list.files.length);
	unpackPaths(list.files).forEach((skill, i) => {
		const stamp = list.fileStamps[i];
		files[i] = stamp !== null && sameStamp(currentStamp(skill, 'file'), stamp) ? 1 : 0;
	});
	for (const [i, target, answer] of list.exists) {
		if (files[i] === 1 && fs.existsSync(target) !== answer) {
			files[i] = 0;
		}
	}
	return { id: list.id, folders, files };
}

/**
 * Checks a stamp list in a thread of its own (`script` is the bundled `stampWorker.js`); undefined
 * when there is no list (a first run: no thread is started) or the thread fails.
 */
export function checkStampListInThread(script: string, file: string): Promise<StampCheck | undefined> {
	return new Promise(resolve => {
		if (!fs.existsSync(file)) {
			resolve(undefined);
			return;
		}
		let worker: Worker;
		try {
			worker = new Worker(script, { workerData: { file } });
		} catch {
			resolve(undefined);
			return;
		}
		worker.once('message', (check: StampCheck | undefined) => resolve(check));
		worker.once('error', () => resolve(undefined));
		worker.once('exit', () => resolve(undefined));
	});
}
