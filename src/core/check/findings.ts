import type { FindingRule } from '../rules/catalog';
import { plural } from '../util/text';

/** How serious a finding is; `off` only ever appears in configuration. */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const severities: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * A region of a file. Lines and columns are 1-based; columns count UTF-16 code units (as VS Code
 * and SARIF do) and `endColumn` is exclusive.
 */
export interface Span {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

export interface RelatedLocation extends Span {
	file: string;
	message: string;
}

/** One problem found in one file. */
export interface Finding extends Span {
	file: string;
	rule: FindingRule;
	severity: Severity;
	message: string;
	related: RelatedLocation[];
}

/**
 * What a rule reports before configuration decides its severity. `severity` is set only by the
 * few findings that are deliberately milder than their rule (a byte-order mark, shared
 * boilerplate), and an explicit severity in the user's configuration still wins over it.
 */
export interface RawFinding extends Span {
	rule: FindingRule;
	message: string;
	severity?: Severity;
	/** Related places; without a `file` they are in the same file. */
	related?: (Omit<RelatedLocation, 'file'> & { file?: string })[];
}

/** A span covering `length` characters of one line, starting at 0-based `index`. */
export function spanOnLine(line: number, index = 0, length = 0): Span {
	return { line, column: index + 1, endLine: line, endColumn: index + 1 + length };
}

/** A span from the start of `startLine` to the end of `endLine` (whose text is `endText`). */
export function spanOfLines(startLine: number, endLine: number, endText: string): Span {
	return { line: startLine, column: 1, endLine, endColumn: endText.length + 1 };
}

function within(value: number, min: number, max: number): number {
	return Number.isFinite(value) ? Math.min(Math.max(value, min), max) : min;
}

/**
 * A span moved inside a text of `lines`: lines from the first to the last, columns from 1 to one
 * past the end of their line, the end never before the start.
 */
export function clampSpan<T extends Span>(span: T, lines: readonly string[]): T {
	const width = (line: number) => (lines[line - 1]?.length ?? 0) + 1;
	const last = Math.max(lines.length, 1);
	const line = within(span.line, 1, last);
	const column = within(span.column, 1, width(line));
	const endLine = within(span.endLine, line, last);
	const endColumn = within(span.endColumn, endLine === line ? column : 1, width(endLine));
	return { ...span, line, column, endLine, endColumn };
}

/** The smallest span covering both. */
export function spanUnion(a: Span, b: Span): Span {
	const startsFirst = a.line < b.line || (a.line === b.line && a.column <= b.column);
	const endsLast = a.endLine > b.endLine || (a.endLine === b.endLine && a.endColumn >= b.endColumn);
	return {
		line: startsFirst ? a.line : b.line,
		column: startsFirst ? a.column : b.column,
		endLine: endsLast ? a.endLine : b.endLine,
		endColumn: endsLast ? a.endColumn : b.endColumn,
	};
}

/** "line 4" or "lines 4–9", for messages. */
export function describeLines(span: Span): string {
	return span.line === span.endLine ? `line ${span.line}` : `lines ${span.line}–${span.endLine}`;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders findings by file, then position, then rule, so every output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
	if (a.file !== b.file) {
		return a.file < b.file ? -1 : 1;
	}
	return a.line - b.line || a.column - b.column || severityRank[a.severity] - severityRank[b.severity]
		|| (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** A skill's findings as reported: its own and its cross-skill ones, in order. */
export function skillFindings(own: readonly Finding[], cross: readonly Finding[] = []): Finding[] {
	return [...own, ...cross].sort(compareFindings);
}

export interface FindingCounts {
	errors: number;
	warnings: number;
	infos: number;
}

export function countFindings(findings: Iterable<Finding>): FindingCounts {
	const counts: FindingCounts = { errors: 0, warnings: 0, infos: 0 };
	for (const finding of findings) {
		if (finding.severity === 'error') {
			counts.errors++;
		} else if (finding.severity === 'warning') {
			counts.warnings++;
		} else {
			counts.infos++;
		}
	}
	return counts;
}

/** "2 errors, 1 warning" — or undefined when there is nothing to say. */
export function describeCounts(counts: FindingCounts): string | undefined {
	const parts = [
		counts.errors ? plural(counts.errors, 'error') : '',
		counts.warnings ? plural(counts.warnings, 'warning') : '',
		counts.infos ? `${counts.infos} info` : '',
	].filter(Boolean);
	return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A finding in short, as a proposal records it and the review panel shows it. */
export interface CheckRecord {
	rule: FindingRule;
	severity: Severity;
	message: string;
	line: number;
}

/** Findings in short, errors first, then by line. */
export function checkRecords(findings: readonly Finding[]): CheckRecord[] {
	const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
	return [...findings]
		.sort((a, b) => order[a.severity] - order[b.severity] || a.line - b.line)
		.map(finding => ({ rule: finding.rule, severity: finding.severity, message: finding.message, line: finding.line }));
}
