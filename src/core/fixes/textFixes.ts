import { applyFix } from 'markdownlint';
import type { Finding } from '../check/findings';
import type { MarkdownlintFixInfo } from '../rules/markdownlintRules';
import type { FixContext } from './fixContext';
import type { FixPlan } from './fixPlan';

/** Accounts whose home is shared or the system's, not a person's: `/home/linuxbrew` is Homebrew's, `C:\Users\Public` everyone's. */
const sharedHomes = new Set(['linuxbrew', 'public', 'shared', 'default', 'default user', 'all users', 'guest']);

/** How each kind of shell names the person's home, by fence language. */
const homeVariables: Record<string, { variable: string; windows: boolean }> = {
	sh: { variable: '$HOME', windows: false }, bash: { variable: '$HOME', windows: false }, zsh: { variable: '$HOME', windows: false },
	shell: { variable: '$HOME', windows: false }, console: { variable: '$HOME', windows: false }, terminal: { variable: '$HOME', windows: false },
	fish: { variable: '$HOME', windows: false }, ksh: { variable: '$HOME', windows: false },
	powershell: { variable: '$env:USERPROFILE', windows: true }, pwsh: { variable: '$env:USERPROFILE', windows: true }, ps1: { variable: '$env:USERPROFILE', windows: true },
	cmd: { variable: '%USERPROFILE%', windows: true }, bat: { variable: '%USERPROFILE%', windows: true }, batch: { variable: '%USERPROFILE%', windows: true },
};

/** Whether an index of a line falls inside single quotes, where no shell expands a variable. */
function inSingleQuotes(line: string, index: number): boolean {
	let quoted = false;
	for (let i = 0; i < index; i++) {
		if (line[i] === '\'' && (quoted || line[i - 1] !== '\\')) {
			quoted = !quoted;
		}
	}
	return quoted;
}

/**
 * Replaces a person's home folder prefix (`/home/alice`, `/Users/alice`, `/root`, `C:\Users\alice`)
 * by the variable the shell of its code block expands to that folder: `$HOME` in sh, bash, zsh and
 * fish, `$env:USERPROFILE` in PowerShell, `%USERPROFILE%` in cmd. Anywhere else the meaning would
 * change (prose, Python strings, JSON, single quotes, a shared or system home such as
 * `/home/linuxbrew`), so the finding stays for a person to decide: that is what makes this fix safe
 * to apply on save.
 */
export function fixHardcodedPath(context: FixContext, finding: Finding): FixPlan | undefined {
	const line = context.lines[finding.line - 1];
	const found = line?.slice(finding.column - 1, finding.endColumn - 1);
	if (!found || finding.endLine !== finding.line) {
		return undefined;
	}
	const fence = context.body.fences.find(candidate => candidate.openLine < finding.line && finding.line < candidate.closeLine);
	const shell = fence ? homeVariables[fence.lang] : undefined;
	const windows = /^[A-Za-z]:\\/.test(found);
	const user = found.split(/[\\/]/).at(-1)?.toLowerCase() ?? '';
	if (!shell || shell.windows !== windows || sharedHomes.has(user) || inSingleQuotes(line, finding.column - 1)) {
		return undefined;
	}
	return {
		title: `Replace ${found} with ${shell.variable}`,
		rules: ['hardcoded-path'],
		changes: [{ line: finding.line, column: finding.column, endLine: finding.line, endColumn: finding.endColumn, text: shell.variable }],
		sidecars: [],
		preferred: true,
	};
}

/** markdownlint's own fix for one of its findings, on the finding's line. */
export function fixMarkdownlint(context: FixContext, line: number, fixInfo: MarkdownlintFixInfo, rule: string): FixPlan | undefined {
	const target = fixInfo.lineNumber === undefined ? line : context.body.startLine + fixInfo.lineNumber - 1;
	const text = context.lines[target - 1];
	if (text === undefined) {
		return undefined;
	}
	const fixed = applyFix(text, { ...fixInfo, lineNumber: undefined }, context.eol);
	return {
		title: `Fix ${rule.slice(3)} (markdownlint)`,
		rules: [rule],
		changes: [fixed === null
			? { line: target, column: 1, endLine: target + 1, endColumn: 1, text: '' }
			: { line: target, column: 1, endLine: target, endColumn: text.length + 1, text: fixed }],
		sidecars: [],
		preferred: true,
	};
}
