import { applyFix } from 'markdownlint';
import type { Finding } from '../check/findings';
import type { MarkdownlintFixInfo } from '../rules/markdownlintRules';
import type { FixContext } from './fixContext';
import type { FixPlan } from './fixPlan';

/** Replaces a home folder prefix (`/home/alice`, `/Users/alice`, `/root`, `C:\Users\alice`) by the variable that names it anywhere. */
export function fixHardcodedPath(context: FixContext, finding: Finding): FixPlan | undefined {
	const line = context.lines[finding.line - 1];
	const found = line?.slice(finding.column - 1, finding.endColumn - 1);
	if (!found || finding.endLine !== finding.line) {
		return undefined;
	}
	const replacement = /^[A-Za-z]:\\/.test(found) ? '%USERPROFILE%' : '$HOME';
	return {
		title: `Replace ${found} with ${replacement}`,
		rules: ['hardcoded-path'],
		changes: [{ line: finding.line, column: finding.column, endLine: finding.line, endColumn: finding.endColumn, text: replacement }],
		sidecars: [],
		preferred: true,
		safe: true,
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
		safe: true,
	};
}
