import * as path from 'node:path';

const regExpSpecial = /[.+^$()|\\]/;

/**
 * A glob as VS Code's settings write them, as a regular expression over a whole path: `*` and
 * `?` within one folder name, `**` across folders (`a/**` matches `a` too), `{a,b}`, `[abc]`.
 */
export function globToRegExp(glob: string): RegExp {
	let source = '';
	let braces = 0;
	for (let i = 0; i < glob.length; i++) {
		const character = glob[i];
		if (glob.startsWith('**', i)) {
			const atFolderStart = i === 0 || glob[i - 1] === '/';
			if (atFolderStart && glob[i + 2] === '/') {
				source += '(?:.*/)?';
				i += 2;
			} else {
				source += '.*';
				i += 1;
			}
		} else if (character === '/' && glob.slice(i) === '/**') {
			source += '(?:/.*)?';
			break;
		} else if (character === '*') {
			source += '[^/]*';
		} else if (character === '?') {
			source += '[^/]';
		} else if (character === '{') {
			braces++;
			source += '(?:';
		} else if (character === '}' && braces > 0) {
			braces--;
			source += ')';
		} else if (character === ',' && braces > 0) {
			source += '|';
		} else if (character === '[') {
			const end = glob.indexOf(']', i + 1);
			if (end < 0) {
				source += '\\[';
				continue;
			}
			const inside = glob.slice(i + 1, end);
			source += `[${inside.startsWith('!') ? `^${inside.slice(1)}` : inside}]`;
			i = end;
		} else {
			source += regExpSpecial.test(character) ? `\\${character}` : character;
		}
	}
	return new RegExp(`^${source}$`);
}

/**
 * The pattern of an exclusion setting (`files.watcherExclude`: glob → whether it applies) that
 * covers a folder: the folder, a folder above it in the workspace (the watcher skips what is
 * below an excluded folder), or the skills in it. Patterns that are neither absolute nor start
 * with `**` are relative to the workspace folders, as VS Code reads them.
 */
export function excludingPattern(patterns: Readonly<Record<string, unknown>>, folder: string, workspaceFolders: readonly string[]): string | undefined {
	const probes = [path.join(folder, '_', 'SKILL.md'), path.join(folder, '_', '_', 'SKILL.md')];
	for (let above = folder; !workspaceFolders.includes(above) && path.dirname(above) !== above; above = path.dirname(above)) {
		probes.push(above);
	}
	const slashed = probes.map(probe => probe.split(path.sep).join('/'));
	for (const [pattern, applies] of Object.entries(patterns)) {
		if (applies !== true) {
			continue;
		}
		const anchored = pattern.startsWith('**') || path.isAbsolute(pattern) ? [pattern] : workspaceFolders.map(workspaceFolder => path.join(workspaceFolder, pattern));
		const expressions = anchored.map(glob => globToRegExp(glob.split(path.sep).join('/')));
		if (expressions.some(expression => slashed.some(probe => expression.test(probe)))) {
			return pattern;
		}
	}
	return undefined;
}
