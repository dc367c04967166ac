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
