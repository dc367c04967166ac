import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../util/text';

/**
 * A skill's test cases, the sidecar `evals/cases.json`: `{"cases":[{"id","task","workspace"?,
 * "check"?,"expect"?}]}`. Each case is a task as a person would ask it, where it starts from, and
 * how its outcome is graded — a shell command that must exit 0 afterwards and/or a pattern the
 * agent's final answer must match. The apprentice runner reads it; distillation writes it.
 */

export const casesFolder = 'evals';
export const casesFileName = 'cases.json';
/** Relative to the skill folder, with `/`. */
export const casesPath = `${casesFolder}/${casesFileName}`;

export interface SkillCase {
	/** Names the case in reports and its results folder: letters, digits, `.`, `_`, `-`. */
	id: string;
	task: string;
	/**
	 * Where the case starts: a folder (relative to the skill folder, absolute, or `~/…`), or
	 * `git:<commit>` for a commit of the project. Without it, a copy of the project folder.
	 */
	workspace?: string;
	check?: string;
	expect?: string;
	/** Where the case came from, for a person reading it (a session and line). */
	note?: string;
}

export interface CaseProblem {
	message: string;
	/** 1-based, when the problem is at a known line of the file. */
	line?: number;
}

export interface ParsedCases {
	cases: SkillCase[];
	problems: CaseProblem[];
}

const caseKeys = new Set(['id', 'task', 'workspace', 'check', 'expect', 'note']);
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const gitWorkspacePrefix = 'git:';

function lineAt(text: string, offset: number): number {
	return text.slice(0, Math.max(0, offset)).split('\n').length;
}

/** The line of the first `"key": "value"` in the text, to point a problem at. */
function lineOfValue(text: string, key: string, value: unknown): number | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}
	const at = text.indexOf(`${JSON.stringify(value)}`, Math.max(0, text.indexOf(`"${key}"`)));
	return at === -1 ? undefined : lineAt(text, at);
}

/**
 * Reads `evals/cases.json`, checking every field: it is written by hand too. A case with a
 * problem is left out and the problem said (with its line where it can be found); the others are
 * kept. The file as a whole must be an object with a `cases` list.
 */
export function parseCases(text: string): ParsedCases {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		const position = /position (\d+)/.exec(errorMessage(error))?.[1];
		return { cases: [], problems: [{ message: `evals/cases.json is not valid JSON: ${errorMessage(error)}`, line: position === undefined ? undefined : lineAt(text, Number(position)) }] };
	}
	const root = value as { cases?: unknown } | null;
	if (typeof root !== 'object' || root === null || Array.isArray(root) || !Array.isArray(root.cases)) {
		return { cases: [], problems: [{ message: 'evals/cases.json must be an object with a "cases" list: {"cases": [{"id": "…", "task": "…", "check": "…"}]}', line: 1 }] };
	}
	const cases: SkillCase[] = [];
	const problems: CaseProblem[] = [];
	const seen = new Set<string>();
	root.cases.forEach((raw: unknown, index) => {
		const item = raw as Record<string, unknown> | null;
		const label = `case ${index + 1}`;
		if (typeof item !== 'object' || item === null || Array.isArray(item)) {
			problems.push({ message: `${label} is not an object` });
			return;
		}
		const at = lineOfValue(text, 'id', item.id) ?? lineOfValue(text, 'task', item.task);
		const fail = (message: string) => problems.push({ message: `${typeof item.id === 'string' && item.id ? `case "${item.id}"` : label}: ${message}`, line: at });
		const unknown = Object.keys(item).filter(key => !caseKeys.has(key));
		if (unknown.length > 0) {
			fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(key => `"${key}"`).join(', ')} (a case has id, task, workspace, check, expect, note)`);
			return;
		}
		if (typeof item.id !== 'string' || !idPattern.test(item.id)) {
			fail('"id" must be a short name of letters, digits, ".", "_" or "-" (it names the case\'s results folder)');
			return;
		}
		if (seen.has(item.id)) {
			fail('another case has this id');
			return;
		}
		if (typeof item.task !== 'string' || item.task.trim() === '') {
			fail('"task" must say, as a person would ask it, what the agent is to do');
			return;
		}
		for (const key of ['workspace', 'check', 'expect', 'note'] as const) {
			if (item[key] !== undefined && (typeof item[key] !== 'string' || (item[key] as string).trim() === '')) {
				fail(`"${key}" must be a non-empty string`);
				return;
			}
		}
		if (item.check === undefined && item.expect === undefined) {
			fail('a case needs "check" (a command that must exit 0 afterwards) or "expect" (a pattern the final answer must match), or both');
			return;
		}
		if (typeof item.expect === 'string') {
			try {
				new RegExp(item.expect, 'm');
			} catch (error) {
				fail(`"expect" is not a valid regular expression: ${errorMessage(error)}`);
				return;
			}
		}
		if (typeof item.workspace === 'string' && item.workspace.startsWith(gitWorkspacePrefix) && !/^git:[\w./@^~-]+$/.test(item.workspace)) {
			fail('"workspace" as a commit is "git:<commit>" (a hash, tag or branch of the project)');
			return;
		}
		seen.add(item.id);
		cases.push({
			id: item.id, task: item.task,
			...(typeof item.workspace === 'string' ? { workspace: item.workspace } : {}),
			...(typeof item.check === 'string' ? { check: item.check } : {}),
			...(typeof item.expect === 'string' ? { expect: item.expect } : {}),
			...(typeof item.note === 'string' ? { note: item.note } : {}),
		});
	});
	return { cases, problems };
}

/** The cases of a skill folder; none (and no problem) when it has no `evals/cases.json`. */
export function readCases(skillDir: string): ParsedCases & { file: string; exists: boolean } {
	const file = path.join(skillDir, casesFolder, casesFileName);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return { file, exists: false, cases: [], problems: [] };
		}
		return { file, exists: true, cases: [], problems: [{ message: `evals/cases.json could not be read: ${errorMessage(error)}` }] };
	}
	return { file, exists: true, ...parseCases(text) };
}

/** The case a new `evals/cases.json` starts with, for a person to rewrite. */
export const starterCases: readonly SkillCase[] = [{ id: 'first-case', task: 'The task as a person would ask it.', check: 'npm test' }];

/** The text of `evals/cases.json` for these cases, as the product writes it. */
export function casesText(cases: readonly SkillCase[]): string {
	return `${JSON.stringify({ cases }, null, '\t')}\n`;
}
