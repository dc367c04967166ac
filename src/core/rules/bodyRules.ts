import { optionOf } from '../check/config';
import { type Span, spanOfLines, spanOnLine } from '../check/findings';
import { containsDate } from '../skill/dates';
import { type BodyModel, type Heading, sectionsOf } from '../skill/markdownScan';
import { plural } from '../util/text';
import type { SkillRule } from './skillContext';

/** The text of the body as an agent receives it, measured in characters. */
export function bodyCharacters(lines: readonly string[]): number {
	let total = 0;
	for (const line of lines) {
		total += line.length + 1;
	}
	return total;
}

/**
 * Where a finding about the whole body sits: its first heading, else its first line with text —
 * never a blank line, where a squiggle has nothing to underline.
 */
function bodyAnchor(body: BodyModel): Span {
	const heading = body.headings[0];
	const index = heading ? heading.line - body.startLine : body.lines.findIndex(line => line.trim() !== '');
	if (index < 0) {
		return spanOnLine(Math.max(body.startLine - 1, 1));
	}
	const text = body.lines[index];
	const indent = text.length - text.trimStart().length;
	return spanOnLine(body.startLine + index, indent, text.trim().length);
}

export const bodySize: SkillRule = ({ body, config, frontmatter }, report) => {
	if (frontmatter.state === 'unclosed') {
		return;
	}
	const maxLines = optionOf<number>(config, 'body-too-long', 'maxLines');
	const lastLine = body.startLine + body.lines.length - 1;
	const where = bodyAnchor(body);
	if (body.lines.length > maxLines) {
		const mdLimit = optionOf<number>(config, 'md', 'maxBytes');
		const skippedMd = bodyCharacters(body.lines) > mdLimit ? ` It is too large for markdownlint (over ${mdLimit.toLocaleString('en-US')} bytes), which was skipped.` : '';
		report({
			rule: 'body-too-long', ...where,
			message: `the body is ${body.lines.length.toLocaleString('en-US')} lines (lines ${body.startLine}–${lastLine}); keep it under ${maxLines} and offload the rest to sidecar files.${skippedMd}`,
		});
	}
	const maxTokens = optionOf<number>(config, 'body-too-many-tokens', 'maxTokens');
	const tokens = Math.round(bodyCharacters(body.lines) / optionOf<number>(config, 'body-too-many-tokens', 'charsPerToken'));
	if (tokens > maxTokens) {
		report({
			rule: 'body-too-many-tokens', ...where,
			message: `the body is about ${tokens.toLocaleString('en-US')} tokens; keep it under ${maxTokens.toLocaleString('en-US')} so activating the skill does not flood the context`,
		});
	}
};

export const codeRules: SkillRule = ({ body, config }, report) => {
	const minBlock = optionOf<number>(config, 'long-code-block', 'minLines');
	let codeLines = 0;
	for (const fence of body.fences) {
		codeLines += fence.closeLine - fence.openLine + 1;
		if (fence.contentLines >= minBlock) {
			// On the opening fence only: a squiggle under every line of the block hides the code.
			const opening = body.lines[fence.openLine - body.startLine];
			const indent = opening.length - opening.trimStart().length;
			report({
				rule: 'long-code-block', ...spanOnLine(fence.openLine, indent, opening.trim().length),
				message: `a ${fence.lang ? fence.lang + ' ' : ''}code block of ${fence.contentLines} lines: move it to \`scripts/\` and say when to use it`,
				related: fence.closeLine > fence.openLine + 1 ? [{
					...spanOfLines(fence.openLine + 1, fence.closeLine, body.lines[fence.closeLine - body.startLine] ?? ''),
					message: `the block's ${fence.contentLines} lines, to its closing fence`,
				}] : [],
			});
		}
	}
	const ratio = optionOf<number>(config, 'code-heavy', 'ratio');
	const minLines = optionOf<number>(config, 'code-heavy', 'minLines');
	if (body.lines.length >= minLines && body.fences.length > 0 && codeLines / body.lines.length >= ratio) {
		report({
			rule: 'code-heavy', ...bodyAnchor(body),
			message: `${Math.round((100 * codeLines) / body.lines.length)}% of the body (${codeLines} of ${body.lines.length} lines) is code in ${plural(body.fences.length, 'fenced block')}: offload the code to \`scripts/\``,
		});
	}
};

const lessonsHeading = /^(?:lessons?|learned|learnings|lessons learned)\b/i;

/** A heading that dates its section or logs lessons: `Learned 2026-04-08`, `Lessons from the migration`. */
export function isDatedHeading(text: string): boolean {
	return containsDate(text) || lessonsHeading.test(text);
}

function headingSpan(heading: Heading, lines: readonly string[], startLine: number) {
	return spanOnLine(heading.line, 0, lines[heading.line - startLine].length);
}

export const datedSections: SkillRule = ({ body, config }, report) => {
	const min = optionOf<number>(config, 'dated-sections', 'minSections');
	const dated = body.headings.filter(heading => isDatedHeading(heading.text));
	if (dated.length < min) {
		return;
	}
	report({
		rule: 'dated-sections', ...headingSpan(dated[0], body.lines, body.startLine),
		message: `${dated.length} dated or lessons sections: fold each lesson into the section it belongs to and move the log to \`lessons.md\``,
		related: dated.slice(1).map(heading => ({ ...headingSpan(heading, body.lines, body.startLine), message: `dated section "${heading.text}"` })),
	});
};

const patchWord = /^(?:\W*)(?:patch(?:ed)?|erratum|errata|addendum|amendment|corrections?|superseded)\b/i;
const ambiguousPatchWord = /^(?:\W*)(?:important |urgent )?(?:update[sd]?|fix(?:ed)?|hotfix|revision|revised)\b(?:\s*[:(]|\s+[-\u2013\u2014]|\s*$)/i;
const ambiguousDated = /^(?:\W*)(?:update[sd]?|fix(?:ed)?|hotfix|revision|revised)\b/i;

/** A heading that amends guidance given elsewhere: `Patch 2026-05-01`, `Correction`, `Update:`. */
export function isPatchHeading(text: string): boolean {
	if (patchWord.test(text) || ambiguousPatchWord.test(text)) {
		return true;
	}
	return ambiguousDated.test(text) && containsDate(text);
}

export const patchSection: SkillRule = ({ body }, report) => {
	for (const heading of body.headings) {
		if (isPatchHeading(heading.text)) {
			report({
				rule: 'patch-section', ...headingSpan(heading, body.lines, body.startLine),
				message: `"${heading.text}" patches earlier guidance: edit the original section in place and remove this one`,
			});
		}
	}
};

/**
 * A section with nothing under its heading but blank lines: a placeholder left to fill (New Skill
 * writes three), which tells the agent nothing and reads as if something were missing.
 */
export const emptySection: SkillRule = ({ body }, report) => {
	for (const section of sectionsOf(body)) {
		if (section.heading.level < 2) {
			continue;
		}
		const content = body.lines.slice(section.heading.line + 1 - body.startLine, section.endLine + 1 - body.startLine);
		if (content.every(line => line.trim() === '')) {
			report({
				rule: 'empty-section', ...headingSpan(section.heading, body.lines, body.startLine),
				message: `the section "${section.heading.text}" is empty: write what belongs under it, or remove the heading`,
			});
		}
	}
};
