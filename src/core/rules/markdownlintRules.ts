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
 * Whether the line scanner's fences are the ones CommonMark sees: no fence is indented four or
 * more spaces, opens in a list item or a block quote, or is left open, and the body has no HTML
 * blocks. Otherwise CommonMark may see code where the line scanner sees prose, or the reverse.
 */
function fencesAreCertain(body: BodyModel): boolean {
	return !body.fences.some(fence => !fence.closed || fence.inListItem || fence.indent.replace(/\t/g, '    ').length >= 4)
		&& !body.lines.some(line => htmlBlockStart.test(line) || (line.trimStart().startsWith('>') && fenceLine.test(line.trimStart().slice(1))));
}

/** The lines to test prefilters on: the body with fenced code emptied where the fences are certain. */
function prefilterLines(body: BodyModel): readonly string[] {
	return fencesAreCertain(body) ? body.lines.map((line, i) => (body.inFence[i] ? '' : line)) : body.lines;
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
 * The enabled markdownlint rules when every one has a prefilter (and so is among the rules the
 * body's compaction keeps findings for), or undefined: markdownlint's default set, or a rule
 * without one.
 */
function prefilteredRules(config: CheckConfig): string[] | undefined {
	const markdownlint = config.markdownlint;
	const enabled = Object.entries(markdownlint).filter(([key, value]) => key !== 'default' && value !== false && config.severities[`md/${key}`] !== 'off').map(([key]) => key);
	return markdownlint.default !== false || enabled.some(key => !(key in prefilters)) ? undefined : enabled;
}

/**
 * Whether markdownlint can report anything on this body: false only when every enabled rule has
 * a prefilter and none holds. When one holds, the whole configuration runs (some rules, such as
 * MD052, only see reference definitions when another rule has made markdownlint parse the body).
 */
export function needsMarkdownlint(body: BodyModel, config: CheckConfig): boolean {
	const enabled = prefilteredRules(config);
	if (!enabled) {
		return true;
	}
	const lines = prefilterLines(body);
	const text = lines.join('\n');
	return enabled.some(key => prefilters[key](text, lines));
}

/** Where a list item's marker (`-`, `*`, `+`, `1.`, `1)`) starting at `i` ends, or `i` when there is none. */
function listMarkerEnd(line: string, i: number): number {
	let end = i;
	while (end < i + 9 && line[end] >= '0' && line[end] <= '9') {
		end++;
	}
	if (end > i) {
		end = line[end] === '.' || line[end] === ')' ? end + 1 : i;
	} else if (line[i] === '-' || line[i] === '*' || line[i] === '+') {
		end = i + 1;
	}
	return end > i && (line[end] === ' ' || line[end] === '\t') ? end : i;
}

/**
 * Where a line's content starts after its indentation and its block-quote and list markers, and
 * whether every space run before that is three columns or fewer without tabs (so CommonMark cannot
 * take the content for indented code, whatever container it is in).
 */
function afterMarkers(line: string): { start: number; shallow: boolean; markers: boolean } {
	let i = 0;
	let shallow = true;
	let markers = false;
	for (;;) {
		const from = i;
		while (line[i] === ' ' || line[i] === '\t') {
			shallow &&= line[i] === ' ';
			i++;
		}
		shallow &&= i - from <= 3;
		const end = line[i] === '>' ? (line[i + 1] === ' ' ? i + 2 : i + 1) : listMarkerEnd(line, i);
		if (end === i) {
			return { start: i, shallow, markers };
		}
		markers = true;
		i = end;
	}
}

/**
 * Text that can only be a paragraph's: a letter, a digit (a list's number was taken as a marker
 * before), a quote or parenthesis, a code span that is not a fence, or emphasis before a letter.
 * Headings, breaks, fences, tables and HTML start otherwise.
 */
const wordsStart = /^(?:[A-Za-z0-9"'(]|`(?!``)|[*_]{1,3}[A-Za-z])/;

/** Whether the line's content, after its markers, starts like words of a paragraph. */
function startsWithWords(line: string, content: { start: number }): boolean {
	return wordsStart.test(line.slice(content.start, content.start + 4));
}

const setextUnderline = /^ {0,3}(?:=+|-+)[ \t]*$/;

/**
 * A block (lines between blank lines and fences) that may hold a finding of the prefiltered rules:
 * a link, reference, image or HTML anchor needs a bracket or an angle bracket, a setext heading's
 * text is an anchor, and a table counts only when a row may differ from its header.
 */
function blockMayHoldFinding(block: readonly string[]): boolean {
	return block.some(line => /[[\]<]/.test(line) || setextUnderline.test(line)) || tableRowsMayMismatch(block);
}

/**
 * A block with nothing to find, written shorter with the same structure. A table block becomes
 * one paragraph line where it started. Otherwise each line whose content starts like words is cut
 * to its markers and one letter, a paragraph's continuation lines are dropped (a line of words
 * cannot open a block, so it only ever continues the paragraph above it) and so are further items
 * of a list with the same markers: what comes after the block is in the same container either
 * way. Lines that start otherwise (headings, breaks) stay as they are.
 */
function compactBlock(block: readonly string[], first: number, keep: (text: string, line: number) => void): void {
	const head = afterMarkers(block[0]);
	if (block.some(line => line.includes('|') && delimiterRow.test(line))) {
		if (head.shallow && (startsWithWords(block[0], head) || block[0][head.start] === '|')
			&& block.every(line => !line.includes('#') && (line.includes('|') || startsWithWords(line, afterMarkers(line))))) {
			keep(block[0].slice(0, head.start) + 'a', first);
		} else {
			block.forEach((line, i) => keep(line, first + i));
		}
		return;
	}
	let inParagraph = false;
	let lastMarkers: string | undefined;
	block.forEach((line, i) => {
		const content = afterMarkers(line);
		if (!startsWithWords(line, content)) {
			keep(line, first + i);
			inParagraph = false;
			lastMarkers = undefined;
			return;
		}
		const markers = line.slice(0, content.start);
		// A continuation line, or another item of the list whose markers (numbers aside) match the last kept one.
		if (inParagraph && (!content.markers || markers.replace(/\d/g, '0') === lastMarkers)) {
			return;
		}
		keep(markers + 'a', first + i);
		inParagraph = content.shallow;
		lastMarkers = content.markers ? markers.replace(/\d/g, '0') : undefined;
	});
}

/** The text markdownlint is given for a body, and for each of its lines the body line (0-based) it stands for. */
export interface MarkdownlintInput {
	text: string;
	origin?: readonly number[];
}

/**
 * The body as markdownlint sees it. markdownlint's parser costs about 20 µs a line whatever the
 * line holds, so where every enabled rule is a prefiltered one and the fences are certain, the
 * body is compacted: fenced code keeps only its fence lines, and blocks that cannot hold a finding
 * of those rules are written shorter (see `compactBlock`). Findings land only on lines kept as they
 * were; `origin` maps them back. A unit test lints bodies both ways and expects the same findings.
 */
export function markdownlintInput(body: BodyModel, config: CheckConfig): MarkdownlintInput {
	if (!prefilteredRules(config) || !fencesAreCertain(body)) {
		return { text: body.lines.join('\n') };
	}
	const fenceLines = new Set(body.fences.flatMap(fence => [fence.openLine - body.startLine, fence.closeLine - body.startLine]));
	const kept: string[] = [];
	const origin: number[] = [];
	const keep = (text: string, line: number) => {
		kept.push(text);
		origin.push(line);
	};
	const { lines, inFence } = body;
	for (let i = 0; i < lines.length;) {
		if (inFence[i] || lines[i].trim() === '') {
			if (!inFence[i] || fenceLines.has(i)) {
				keep(lines[i], i);
			}
			i++;
			continue;
		}
		let end = i + 1;
		while (end < lines.length && !inFence[end] && lines[end].trim() !== '') {
			end++;
		}
		const block = lines.slice(i, end);
		if (blockMayHoldFinding(block)) {
			block.forEach((line, j) => keep(line, i + j));
		} else {
			compactBlock(block, i, keep);
		}
		i = end;
	}
	return { text: kept.join('\n'), origin };
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
		: needsMarkdownlint(body, config) ? lintInput(markdownlintInput(body, config), config, run) : [];
	if ('stopped' in result) {
		return [{ rule: 'md', severity: 'info', ...spanOnLine(body.startLine), message: `the body's Markdown was not checked: ${result.stopped}` }];
	}
	return result.map(finding => ({
		rule: finding.rule,
		...spanOnLine(body.startLine + finding.line - 1, finding.index, finding.length),
		message: finding.message,
	}));
}

/** markdownlint's findings on the input, at the body's own lines. */
export function lintInput(input: MarkdownlintInput, config: CheckConfig, run: MarkdownlintRunner): BodyMarkdownFinding[] | MarkdownlintStopped {
	const result = run(input.text, config.markdownlint, optionOf<number>(config, 'md', 'timeoutMs'));
	const origin = input.origin;
	if (!origin || 'stopped' in result) {
		return result;
	}
	const bodyLine = (line: number) => (origin[line - 1] ?? line - 1) + 1;
	return result.map(finding => ({
		...finding,
		line: bodyLine(finding.line),
		...(finding.fixInfo?.lineNumber === undefined ? {} : { fixInfo: { ...finding.fixInfo, lineNumber: bodyLine(finding.fixInfo.lineNumber) } }),
	}));
}
