import { lineEnding } from '../fixes/fixPlan';
import { parseFrontmatter } from './frontmatter';
import { scanBody, type Section, sectionsOf } from './markdownScan';
import { splitLines } from './skillText';

/**
 * Line-level edits of a SKILL.md's sections that keep everything else byte for byte: the
 * lifecycle's Iteration Log and the sections distilled lessons are filed under.
 */

/** A SKILL.md as lines (without their endings) and its `##`-or-deeper sections. */
export interface SkillLines {
	eol: string;
	lines: string[];
	sections: Section[];
}

export function skillLines(text: string): SkillLines {
	const lines = splitLines(text.replace(/\r\n/g, '\n'));
	if (lines.at(-1) === '') {
		lines.pop();
	}
	const { bodyStartLine } = parseFrontmatter(lines);
	const body = scanBody(lines.slice(bodyStartLine - 1), bodyStartLine);
	return { eol: lineEnding(text), lines, sections: sectionsOf(body).filter(section => section.heading.level >= 2) };
}

/** The last line of a section that is not blank (its heading, when it is empty). */
export function lastContentLine(lines: readonly string[], section: Section): number {
	let end = section.endLine;
	while (end > section.heading.line && lines[end - 1].trim() === '') {
		end--;
	}
	return end;
}

export const iterationLogHeading = /iteration log|changelog|^history$/i;

/** The text with one more entry (`- 2026-11-21: …`) at the end of its Iteration Log, which is created at the end when missing. */
export function withIterationLogEntry(text: string, entry: string): string {
	const { eol, lines, sections } = skillLines(text);
	const log = sections.find(section => iterationLogHeading.test(section.heading.text));
	if (log) {
		lines.splice(lastContentLine(lines, log), 0, entry);
	} else {
		while (lines.length > 0 && lines.at(-1)?.trim() === '') {
			lines.pop();
		}
		lines.push('', '## Iteration Log', '', entry);
	}
	return `${lines.join(eol)}${eol}`;
}
