import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A temporary file this module writes beside its target: `.<name>.<8 hex digits>.tmp`. */
const temporaryName = /^\..+\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes several files so that each is either entirely old or entirely new: every file goes to a
 * temporary file beside it first, and only when all are written are they renamed into place, in
 * the order given (a caller puts the file that refers to the others last, so an interrupted run
 * never leaves it pointing at files that are not there). A failure before the renames leaves every
 * file as it was.
 */
export function writeFilesAtomically(files: ReadonlyMap<string, string | Uint8Array>): void {
	const temporaries: [string, string][] = [];
	try {
		for (const [file, content] of files) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
			fs.writeFileSync(temporary, content, { flag: 'wx' });
			temporaries.push([temporary, file]);
		}
	} catch (error) {
		for (const [temporary] of temporaries) {
			fs.rmSync(temporary, { force: true });
		}
		throw error;
	}
	for (const [temporary, file] of temporaries) {
		fs.renameSync(temporary, file);
	}
}

export class ChangedOnDiskError extends Error {}

/** A file to replace: what it held when it was read (undefined: it did not exist) and what it is to hold. */
export interface Replacement {
	file: string;
	before: string | undefined;
	after: string;
}

function currentContent(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw error;
	}
}

/**
 * Writes files atomically (as `writeFilesAtomically`, in the order given), unless one no longer
 * holds what it held when it was read: whatever someone wrote meanwhile is never overwritten.
 */
export function replaceFilesAtomically(replacements: readonly Replacement[]): void {
	for (const { file, before } of replacements) {
		if (currentContent(file) !== before) {
			throw new ChangedOnDiskError(`${file} changed on disk meanwhile; nothing was written`);
		}
	}
	writeFilesAtomically(new Map(replacements.map(({ file, after }) => [file, after])));
}

/** Writes a file atomically, unless it no longer holds `before` (undefined: unless it exists). */
export function replaceFileAtomically(file: string, before: string | undefined, after: string): void {
	replaceFilesAtomically([{ file, before, after }]);
}

/** Removes the temporary files an interrupted write left in a folder; returns how many. */
export function removeLeftoverTemporaries(folder: string): number {
	let removed = 0;
	let names: string[];
	try {
		names = fs.readdirSync(folder);
	} catch {
		return 0;
	}
	for (const name of names.filter(candidate => temporaryName.test(candidate))) {
		fs.rmSync(path.join(folder, name), { force: true });
		removed++;
	}
	return removed;
}
