import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes several files so that each is either entirely old or entirely new: every file goes to a
 * temporary file beside it first, and only when all are written are they renamed into place.
 * A failure before the renames leaves every file as it was.
 */
export function writeFilesAtomically(files: ReadonlyMap<string, string>): void {
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

/**
 * Writes a file atomically, unless it no longer holds `before` (undefined: unless it exists):
 * whatever someone wrote meanwhile is never overwritten.
 */
export function replaceFileAtomically(file: string, before: string | undefined, after: string): void {
	const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
	if (now !== before) {
		throw new ChangedOnDiskError(`${file} changed on disk meanwhile; nothing was written`);
	}
	writeFilesAtomically(new Map([[file, after]]));
}
