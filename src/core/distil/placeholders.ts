/**
 * Making a command or a line from one session say what transfers to the next: paths relative to
 * the project (or from `~`), and run ids, hashes, ticket ids and branch names replaced by
 * placeholders. A command that only made sense once (a heredoc, an inline script) is not kept.
 */

import { escapeRegExp } from '../util/text';

export interface ProjectPaths {
	/** The folder the agent worked in. */
	cwd?: string;
	home?: string;
}

/** Absolute paths under the project become relative; under the home folder, `~/…`. */
export function relativePaths(text: string, project: ProjectPaths): string {
	let result = text;
	for (const [base, replacement] of [[project.cwd, '.'], [project.home, '~']] as const) {
		if (!base || base === '/' || base.length < 4) {
			continue;
		}
		const normalised = base.replace(/[\\/]+$/, '');
		const pattern = new RegExp(`${escapeRegExp(normalised)}(?=[\\\\/]|\\b|$)`, 'g');
		result = result.replace(pattern, replacement).replace(/(^|[\s'"=(])\.\/(?=\S)/g, '$1');
	}
	return result;
}

const branchArgument = /\b((?:git\s+(?:push|pull|fetch)\s+(?:--?[\w-]+\s+)*\S+|git\s+(?:checkout|switch)(?:\s+-[bcB])?|git\s+(?:merge|rebase)(?:\s+--?[\w-]+)*|--branch|-b))\s+(?!-)([\w./-]*[a-z][\w./-]*)/g;
const protectedBranches = new Set(['main', 'master', 'develop', 'trunk', 'HEAD', 'origin', 'upstream', '.']);

/** Run ids, hashes, ticket ids and branch names replaced by placeholders (in a command-sized text). */
export function withPlaceholders(text: string): string {
	// Branches first: a branch named for a ticket is one placeholder, not two. The branch pattern backtracks on long texts; commands are short.
	const branched = text.length > 500 ? text : text.replace(branchArgument, (whole, lead: string, branch: string) => (protectedBranches.has(branch) || branch.startsWith('<') ? whole : `${lead} <branch>`));
	return branched
		.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
		.replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b/g, '<hash>')
		.replace(/\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b/g, '<ticket>')
		.replace(/(?<![\w.:/-])\d{7,}\b/g, '<id>');
}

/** A command as a lesson may show it, or undefined when it only made sense once. */
export function lessonCommand(command: string, project: ProjectPaths): string | undefined {
	const trimmed = command.trim();
	if (trimmed.includes('\n') || /<<-?\s*['"]?\w+/.test(trimmed) || trimmed.length > 200 || /\b(?:python\d?|node|ruby|perl)\s+-[ce]\s/.test(trimmed)) {
		return undefined;
	}
	return withPlaceholders(relativePaths(trimmed, project)).replace(/(?<!\s)\s+2>&1\s*\|\s*(?:head|tail)(?:\s+-n?\s*\d+|\s+-\d+)?\s*$/, '').replace(/(?<!\s)\s+2>&1$/, '').trim();
}
