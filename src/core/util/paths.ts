import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Whether `file` lies strictly inside `folder` (lexically; symbolic links are not followed). */
export function isInside(folder: string, file: string): boolean {
	const relative = path.relative(folder, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Whether `file` is `folder` itself or lies inside it. */
export function isSameOrInside(folder: string, file: string): boolean {
	return path.resolve(folder) === path.resolve(file) || isInside(folder, file);
}

function withSlashes(relative: string): string {
	return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/**
 * `file` relative to `base` by slicing, when both are absolute, normalised and `file` is inside
 * `base`: a report shows tens of thousands of paths, and `path.relative` resolves both each time.
 */
function plainRelative(base: string, file: string): string | undefined {
	return file.length > base.length + 1 && file.charAt(base.length) === path.sep && file.startsWith(base)
		&& path.isAbsolute(base) && path.normalize(base) === base && path.normalize(file) === file ? file.slice(base.length + 1) : undefined;
}

/**
 * A path as a person would write it: relative (with `/`) to the first of `bases` that holds it
 * (`.` for a base itself), else from `~` when `home` holds it, else as it is.
 */
export function displayPath(file: string, bases: readonly string[], home?: string): string {
	for (const base of bases) {
		const relative = plainRelative(base, file) ?? (isSameOrInside(base, file) ? path.relative(base, file) : undefined);
		if (relative !== undefined) {
			return withSlashes(relative) || '.';
		}
	}
	return home !== undefined && isInside(home, file) ? `~/${withSlashes(path.relative(home, file))}` : file;
}

/** `~` and `~/…` as the home folder; any other path as it is. */
export function expandHome(location: string, home: string): string {
	return location === '~' ? home : location.startsWith('~/') ? path.join(home, location.slice(2)) : location;
}

/** The person's home folder, for showing paths from `~`. */
export function homeFolder(): string {
	return os.homedir();
}

/** A folder's entries with their types; none when it cannot be listed (missing, or not a folder). */
export function entriesOf(folder: string): fs.Dirent[] {
	try {
		return fs.readdirSync(folder, { withFileTypes: true });
	} catch {
		return [];
	}
}
