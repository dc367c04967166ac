import type { CheckConfig } from '../check/config';
import { type Frontmatter, parseFrontmatter } from '../skill/frontmatter';
import { type BodyModel, scanBody } from '../skill/markdownScan';
import { splitLines } from '../skill/skillText';
import { lineEnding, type SkillFolder } from './fixPlan';

/** A SKILL.md as fixes see it: its text, parsed, and a view of the folder around it. */
export interface FixContext {
	text: string;
	lines: readonly string[];
	eol: string;
	frontmatter: Frontmatter;
	body: BodyModel;
	folderName: string;
	config: CheckConfig;
	folder: SkillFolder;
}

export function fixContext(text: string, folderName: string, config: CheckConfig, folder: SkillFolder): FixContext {
	const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const lines = splitLines(content);
	const frontmatter = parseFrontmatter(lines);
	return {
		text: content,
		lines,
		eol: lineEnding(content),
		frontmatter,
		body: scanBody(lines.slice(frontmatter.bodyStartLine - 1), frontmatter.bodyStartLine),
		folderName,
		config,
		folder,
	};
}

/** The span of whole lines `first` to `last` (1-based, inclusive), line breaks included. */
export function wholeLines(first: number, last: number): { line: number; column: number; endLine: number; endColumn: number } {
	return { line: first, column: 1, endLine: last + 1, endColumn: 1 };
}
