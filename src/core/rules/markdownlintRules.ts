import { lint } from 'markdownlint/sync';
import { type CheckConfig, optionOf } from '../check/config';
import { type RawFinding, spanOnLine } from '../check/findings';
import type { BodyModel } from '../skill/markdownScan';
import { bodyCharacters } from './bodyRules';
import type { SkillContext } from './skillContext';

/** What markdownlint offers to fix a finding (its `fixInfo`), relative to the body. */
export interface MarkdownlintFixInfo {
	lineNumber?: number;
	editColumn?: number;
	deleteCount?: number;
	insertText?: string;
}

/** A markdownlint finding relative to the body (line 1 = the body's first line), as cached. */
export interface BodyMarkdownFinding {
	rule: `md/${string}`;
	line: number;
	index: number;
	length: number;
	message: string;
	fixInfo?: MarkdownlintFixInfo;
}

/**
 * Runs markdownlint over the body text. The result depends only on the body and the markdownlint
 * configuration, which is what makes it cacheable by content.
 */
export function lintBody(body: string, markdownlintConfig: Record<string, unknown>): BodyMarkdownFinding[] {
	const results = lint({ strings: { body }, config: markdownlintConfig, frontMatter: null, handleRuleFailures: true });
	return (results.body ?? []).map(error => {
		const [column, length] = error.errorRange ?? [1, 0];
		const detail = error.errorDetail ? `: ${error.errorDetail}` : '';
		return {
			rule: `md/${error.ruleNames[0]}`,
			line: error.lineNumber,
			index: column - 1,
			length,
			message: `${error.ruleDescription}${detail} (${error.ruleNames.slice(0, 2).join('/')})`,
			...(error.fixInfo ? { fixInfo: { ...error.fixInfo } } : {}),
		};
	});
}

/** Why markdownlint gave no findings for a body: it was not run on it, or was stopped. */
export interface MarkdownlintStopped {
	stopped: string;
}

/** Lints a body with a markdownlint configuration, within a time limit (in milliseconds) where it can. */
export type BodyLinter = (body: string, config: Record<string, unknown>, timeoutMs: number) => BodyMarkdownFinding[] | MarkdownlintStopped;

/** What the check asks to lint a body: a linter, usually behind the cache of earlier results. */
export type MarkdownlintRunner = BodyLinter;

const fenceLine = /^[ \t]*(?:`{3,}|~{3,})/;
const htmlBlockStart = /^ {0,3}<[A-Za-z!?/]/;

/**
 * The lines to test prefilters on: the body with fenced code emptied, unless a fence is indented
 * four or more spaces, opens in a list item or a block quote, is never closed, or the body has
 * HTML blocks. There CommonMark may see code where the line scanner sees prose or the reverse, so
 * the raw lines are used instead.
 */
function prefilterLines(body: BodyModel): readonly string[] {
	const uncertain = body.fences.some(fence => !fence.closed || fence.inListItem || fence.indent.replace(/\t/g, '    ').length >= 4)
		|| body.lines.some(line => htmlBlockStart.test(line) || (line.trimStart().startsWith('>') && fenceLine.test(line.trimStart().slice(1))));
	return uncertain ? body.lines : body.lines.map((line, i) => (body.inFence[i] ? '' : line));
}

/** Cells in a table row as GitHub counts them: split on pipes not escaped by a backslash, outer pipes dropped. */
export function tableCells(row: string): number {
	const text = row.trim();
	let pipes = 0;
	let backslashes = 0;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (char === '|' && backslashes % 2 === 0) {
			pipes++;
		}
		backslashes = char === '\\' ? backslashes + 1 : 0;
	}
	const leading = text.startsWith('|') ? 1 : 0;
	const trailing = text.length > 1 && text.endsWith('|') && !text.endsWith('\\|') ? 1 : 0;
	return pipes - leading - trailing + 1;
}

const delimiterRow = /^(?=[^\n]*\|)(?=[^\n]*-)[ \t>|:-]+$/;

/** Whether some table-like block has a row whose cell count differs from its header's. */
function tableRowsMayMismatch(lines: readonly string[]): boolean {
	for (let i = 1; i < lines.length; i++) {
		if (!lines[i].includes('|') || !delimiterRow.test(lines[i])) {
			continue;
		}
		const columns = tableCells(lines[i - 1]);
		for (let row = i + 1; row < lines.length && lines[row].trim() !== ''; row++) {
			if (tableCells(lines[row]) !== columns) {
				return true;
			}
		}
	}
	return false;
}

/**
 * For each rule of the default set, a condition every violation needs, tested on the body's
 * prose. When no enabled rule's condition holds, markdownlint (whose parser is the slowest part
 * of a check) has nothing to find and is not run. Each condition is sound: a test runs
 * markdownlint with and without them over the corpora and expects the same findings.
 */
const prefilters: Record<string, (text: string, lines: readonly string[]) => boolean> = {
	MD011: text => text.includes(')['),
	MD018: text => /^#+[^# \t]/m.test(text),
	MD019: text => /#[ \t]{2,}\S/.test(text),
	MD042: text => /\]\(\s*(?:<\s*>|#)?\s*\)|\]:[ \t]*(?:<[ \t]*>|#)?[ \t]*$/m.test(text),
	MD051: text => /\]\(\s*<?#|\]:\s*<?#|href\s*=\s*["']#/i.test(text),
	MD052: text => text.includes(']['),
	MD056: (_text, lines) => tableRowsMayMismatch(lines),
};

/**
 * Whether markdownlint can report anything on this body: false only when every enabled rule has
 * a prefilter and none holds. When one holds, the whole configuration runs (some rules, such as
 * MD052, only see reference definitions when another rule has made markdownlint parse the body).
 */
export function needsMarkdownlint(body: BodyModel, config: CheckConfig): boolean {
	const markdownlint = config.markdownlint;
	const enabled = Object.entries(markdownlint).filter(([key, value]) => key !== 'default' && value !== false && config.severities[`md/${key}`] !== 'off');
	if (markdownlint.default !== false || enabled.some(([key]) => !(key in prefilters))) {
		return true;
	}
	const lines = prefilterLines(body);
	const text = lines.join('\n');
	return enabled.some(([key]) => prefilters[key](text, lines));
}

/**
 * Reports markdownlint's findings in file coordinates. A body over the size limit is not linted,
 * and one that takes longer than the time limit is stopped: either way an `md` note says so.
 */
export function markdownlintFindings({ body, config, frontmatter }: SkillContext, run: MarkdownlintRunner): RawFinding[] {
	if (body.lines.length === 0 || frontmatter.state === 'unclosed' || config.severities.md === 'off' && !Object.keys(config.severities).some(id => id.startsWith('md/') && config.severities[id] !== 'off')) {
		return [];
	}
	const maxBytes = optionOf<number>(config, 'md', 'maxBytes');
	const size = bodyCharacters(body.lines);
	const result = size > maxBytes
		? { stopped: `it is ${size.toLocaleString('en-US')} characters, more than markdownlint is given (md's maxBytes, ${maxBytes.toLocaleString('en-US')})` }
		: needsMarkdownlint(body, config) ? run(body.lines.join('\n'), config.markdownlint, optionOf<number>(config, 'md', 'timeoutMs')) : [];
	if ('stopped' in result) {
		return [{ rule: 'md', severity: 'info', ...spanOnLine(body.startLine), message: `the body's Markdown was not checked: ${result.stopped}` }];
	}
	return result.map(finding => ({
		rule: finding.rule,
		...spanOnLine(body.startLine + finding.line - 1, finding.index, finding.length),
		message: finding.message,
	}));
}
