import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from './paths';

/**
 * Why writing `file` must be refused, or undefined when it is safe: the file is outside `root`, or
 * on the way to it (below the root, the file included) there is a symbolic link, which would carry
 * the write, or the read that precedes it, to wherever it points (a `scripts/` linked to
 * `/etc/profile.d`, a `lessons.md` linked to a private key, a skill folder linked from elsewhere),
 * or something that is not a plain folder or file. The root itself may be a link: it is the
 * library as the person configured it.
 */
export function writeRefusal(root: string, file: string): string | undefined {
	const base = path.resolve(root);
	const target = path.resolve(file);
	if (!isInside(base, target)) {
		return `${file} is outside ${root}`;
	}
	const parts = path.relative(base, target).split(path.sep);
	let current = base;
	for (const [index, part] of parts.entries()) {
		current = path.join(current, part);
		let stat: fs.Stats;
		try {
			stat = fs.lstatSync(current);
		} catch {
			// The rest does not exist yet: it is created as plain folders and a plain file.
			return undefined;
		}
		const shown = path.relative(base, current).split(path.sep).join('/');
		if (stat.isSymbolicLink()) {
			let destination = '';
			try {
				destination = ` to ${fs.readlinkSync(current)}`;
			} catch {
				// A link that cannot be read is refused all the same.
			}
			return `${shown} is a symbolic link${destination}; nothing is read or written through a link`;
		}
		const last = index === parts.length - 1;
		if (last ? !stat.isFile() : !stat.isDirectory()) {
			return `${shown} is not a plain ${last ? 'file' : 'folder'}`;
		}
	}
	return undefined;
}
