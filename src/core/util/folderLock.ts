import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class FolderLockedError extends Error {}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Locks a folder for this process while it changes files there, and returns the function that
 * releases the lock. The lock is a file in the system's temporary folder, not in the folder
 * itself (a person's files, often a repository). A second process is refused with the holder's
 * name; a lock whose process has ended is taken over.
 */
export function lockFolder(folder: string, purpose: string): () => void {
	const locks = path.join(os.tmpdir(), 'skill-distiller-locks');
	fs.mkdirSync(locks, { recursive: true });
	let real = path.resolve(folder);
	try {
		real = fs.realpathSync(folder);
	} catch {
		// A folder that does not exist yet is locked by the path it will have.
	}
	const file = path.join(locks, `${createHash('sha1').update(real).digest('hex').slice(0, 20)}.lock`);
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			fs.writeFileSync(file, JSON.stringify({ pid: process.pid, folder: real, purpose }), { flag: 'wx' });
			return () => fs.rmSync(file, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}
		let holder: { pid?: unknown; purpose?: unknown } = {};
		try {
			holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
		} catch {
			// A lock file being written or damaged: taken over below unless its process runs.
		}
		if (typeof holder.pid === 'number' && holder.pid !== process.pid && isRunning(holder.pid)) {
			throw new FolderLockedError(`${folder} is being changed by another ${typeof holder.purpose === 'string' ? holder.purpose : 'skill-distiller run'} (process ${holder.pid}); try again when it has finished`);
		}
		fs.rmSync(file, { force: true });
	}
	throw new FolderLockedError(`${folder} could not be locked`);
}
