import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { decodeHeaded, encodeHeaded, payloadView } from '../util/headedBuffer';

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
	/**
	 * For each file (by index), the absolute paths its analysis asked about, whether they existed,
	 * and the listed folder whose stamp answers for that (its index among `folders`, -1 for none).
	 */
	exists: [number, string, boolean, number][];
}

/** What the stamp file holds as JSON; the stamps follow it as 64-bit floats, five a stamp, NaN for none. */
interface StampFileHead {
	folders: PackedPath[];
	files: PackedPath[];
	/** The `exists` entries' file indices, answers (1 or 0) and covering folders, three numbers an entry, and their paths, packed in order. */
	exists: number[];
	existsPaths: PackedPath[];
}

const stampIdBytes = 16;
const stampFields = 5;
const stampLayout = { prefix: stampIdBytes, align: 8 };

/**
 * A stamp list as its file holds it: the id, a JSON head (see `encodeHeaded`), then every stamp as
 * five 64-bit floats. Parsing a million stamp numbers as JSON took a quarter of a second; as floats
 * it takes none.
 */
export function encodeStampList(list: StampList): Buffer {
	const head: StampFileHead = {
		folders: list.folders, files: list.files,
		exists: list.exists.flatMap(([i, , answer, folder]) => [i, answer ? 1 : 0, folder]),
		existsPaths: packPaths(list.exists.map(([, target]) => target)),
	};
	const stamps = [...list.folderStamps, ...list.fileStamps];
	const { bytes, payloadAt } = encodeHeaded(head, 8 * stampFields * stamps.length, stampLayout);
	bytes.write(list.id, 0, stampIdBytes, 'latin1');
	const numbers = new Float64Array(bytes.buffer, bytes.byteOffset + payloadAt, stampFields * stamps.length);
	stamps.forEach((stamp, i) => {
		numbers.set(stamp ?? Array<number>(stampFields).fill(NaN), stampFields * i);
	});
	return bytes;
}

/** A stamp list's file as read: its id, its head and its stamps, five numbers each, folders first. */
interface StampFile {
	id: string;
	head: StampFileHead;
	numbers: Float64Array;
}

function readStampFile(file: string): StampFile | undefined {
	try {
		const bytes = fs.readFileSync(file);
		const { head, payloadAt } = decodeHeaded<StampFileHead>(bytes, stampLayout);
		const count = head.folders.length + head.files.length;
		if (bytes.length !== payloadAt + 8 * stampFields * count || head.exists.length !== 3 * head.existsPaths.length) {
			return undefined;
		}
		return { id: bytes.toString('latin1', 0, stampIdBytes), head, numbers: payloadView(Float64Array, bytes, payloadAt, stampFields * count) };
	} catch {
		return undefined;
	}
}

/** A stamp list's file read back; undefined when it is missing or not one. */
export function readStampList(file: string): StampList | undefined {
	const read = readStampFile(file);
	if (!read) {
		return undefined;
	}
	const { id, head, numbers } = read;
	const stampAt = (i: number): Stamp | null => (Number.isNaN(numbers[stampFields * i]) ? null : Array.from(numbers.subarray(stampFields * i, stampFields * (i + 1))) as Stamp);
	return {
		id, folders: head.folders, files: head.files,
		folderStamps: head.folders.map((_, i) => stampAt(i) as Stamp),
		fileStamps: head.files.map((_, i) => stampAt(head.folders.length + i)),
		exists: unpackPaths(head.existsPaths).map((target, i) => [head.exists[3 * i], target, head.exists[3 * i + 1] === 1, head.exists[3 * i + 2]]),
	};
}

/** What the disk says of a `StampList`: for each folder and file (1) whether it is as stamped, its existence answers included. */
export interface StampCheck {
	id: string;
	folders: Uint8Array;
	files: Uint8Array;
}

/** What the stamp thread posts: the first difference it finds, as it finds it, then its answer. */
export type StampWorkerMessage = { kind: 'difference'; difference: StampDifference } | { kind: 'check'; check: StampCheck | undefined };

/** The first folder or file found not as stamped, told before the whole list is compared (see `checkStampList`). */
export interface StampDifference {
	id: string;
	kind: 'folder' | 'file';
	/** Its index among the list's folders or files. */
	index: number;
}

/**
 * Compares a stamp list with the disk; undefined when the list cannot be read. The stamps are
 * compared where they lie in the file: tens of thousands of stamp arrays cost a warm run's thread
 * a fifth of its time in building and collecting them. The files are compared first, and
 * `onDifference` hears of the first one not as stamped at once: an edited skill is the usual
 * change, and a caller waiting to know whether anything changed can stop waiting. The folders
 * come next, since a folder found as stamped answers for the existence of the paths in it the
 * list says it covers; only the others are looked up (24,000 `existsSync` calls took a fifth of a
 * second of a warm run's thread).
 */
export function checkStampList(file: string, onDifference?: (difference: StampDifference) => void): StampCheck | undefined {
	const read = readStampFile(file);
	if (!read) {
		return undefined;
	}
	const { id, head, numbers } = read;
	const asStamped = (target: string, kind: 'file' | 'folder', i: number): boolean => {
		const at = stampFields * i;
		if (Number.isNaN(numbers[at])) {
			return false;
		}
		let stat: fs.Stats | undefined;
		try {
			stat = fs.statSync(target, { throwIfNoEntry: false });
		} catch {
			return false;
		}
		return stat !== undefined && (kind === 'file' ? stat.isFile() : stat.isDirectory()) && stat.dev === numbers[at] && stat.ino === numbers[at + 1]
			&& stat.size === numbers[at + 2] && stat.mtimeMs === numbers[at + 3] && stat.ctimeMs === numbers[at + 4];
	};
	let told = onDifference === undefined;
	const differs = (kind: StampDifference['kind'], index: number) => {
		if (!told) {
			told = true;
			onDifference?.({ id, kind, index });
		}
		return 0;
	};
	const files = new Uint8Array(head.files.length);
	unpackPaths(head.files).forEach((skill, i) => {
		files[i] = asStamped(skill, 'file', head.folders.length + i) ? 1 : differs('file', i);
	});
	const folders = new Uint8Array(head.folders.length);
	unpackPaths(head.folders).forEach((dir, i) => {
		folders[i] = asStamped(dir, 'folder', i) ? 1 : differs('folder', i);
	});
	unpackPaths(head.existsPaths).forEach((target, i) => {
		const [skill, answer, folder] = [head.exists[3 * i], head.exists[3 * i + 1] === 1, head.exists[3 * i + 2]];
		if (files[skill] === 1 && folders[folder] !== 1 && fs.existsSync(target) !== answer) {
			files[skill] = differs('file', skill);
		}
	});
	return { id, folders, files };
}

/**
 * Checks a stamp list in a thread of its own (`script` is the bundled `stampWorker.js`); undefined
 * when there is no list (a first run: no thread is started) or the thread fails. (Two threads
 * sharing the list took longer: on two cores they compete with the thread they work for.)
 * `onDifference` hears of the first folder or file found not as stamped, before the answer.
 */
export function checkStampListInThread(script: string, file: string, onDifference?: (difference: StampDifference) => void): Promise<StampCheck | undefined> {
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
		worker.on('message', (message: StampWorkerMessage) => {
			if (message.kind === 'difference') {
				onDifference?.(message.difference);
			} else {
				// Its answer given, the thread only has to end: the process need not wait for that.
				worker.unref();
				resolve(message.check);
			}
		});
		worker.once('error', () => resolve(undefined));
		worker.once('exit', () => resolve(undefined));
	});
}
