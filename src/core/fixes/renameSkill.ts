import * as path from 'node:path';
import { nameProblem } from '../rules/frontmatterRules';
import { parseFrontmatter } from '../skill/frontmatter';
import { scanBody } from '../skill/markdownScan';
import { splitLines } from '../skill/skillText';
import { escapeRegExp } from '../util/text';
import type { FixContext } from './fixContext';
import type { TextChange } from './fixPlan';
import { fixName } from './frontmatterFixes';

/**
 * Why a skill cannot take a name in a folder of skills, or undefined when it can: a spec-valid
 * name whose folder does not exist there yet. New Skill and Rename Skill ask the same.
 * `taken` says whether a folder of that name exists beside it; `current` is the skill's own
 * folder name when renaming (a change of case only is not a clash with itself).
 */
export function newNameProblem(name: string, where: string, taken: (name: string) => boolean, current?: string): string | undefined {
	const problem = nameProblem(name);
	if (problem) {
		return `The name ${problem}.`;
	}
	if (name === current) {
		return `The skill's folder is already named ${name}.`;
	}
	return taken(name) && name.toLowerCase() !== current?.toLowerCase() ? `${where} already has a skill named ${name}.` : undefined;
}

/** The change that sets a renamed skill's frontmatter `name` (added when missing); none when it already holds the name or the frontmatter does not parse. */
export function renamedNameChange(context: FixContext, newName: string): TextChange | undefined {
	return fixName({ ...context, folderName: newName })?.changes[0];
}

/** A mention of a renamed skill in another skill's text that a rename leaves as it is, for a person to judge. */
export interface SkillMention {
	/** 1-based. */
	line: number;
	column: number;
	/** The line, trimmed. */
	text: string;
}

/** What a rename changes in another skill's SKILL.md, and what it only points out. */
export interface SkillReferences {
	changes: TextChange[];
	mentions: SkillMention[];
}

function decoded(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * Where, in a link target, the renamed folder's name sits: the index of its segment when the
 * target (relative to the file that holds it) leads into the old folder. URLs, absolute paths
 * and anchors are left alone.
 */
function folderSegment(target: string, fromDir: string, oldDir: string, oldName: string): number | undefined {
	const bare = target.replace(/[#?].*$/, '');
	if (bare === '' || /^[a-z][a-z0-9+.-]*:/i.test(bare) || bare.startsWith('/') || path.isAbsolute(bare)) {
		return undefined;
	}
	const segments = bare.split('/');
	for (let i = 0, offset = 0; i < segments.length; offset += segments[i].length + 1, i++) {
		if (segments[i] === oldName && path.resolve(fromDir, ...segments.slice(0, i + 1).map(decoded)) === oldDir) {
			return offset;
		}
	}
	return undefined;
}

/**
 * What renaming a skill (folder `oldDir`, name `oldName`) to `newName` changes in another skill's
 * SKILL.md (`file`, `text`): links and paths in inline code that lead into the folder
 * (`../old-name/SKILL.md`), and the name where the text calls it a skill ("use the `old-name`
 * skill", "the old-name skill"). Every other whole-word mention is listed, not changed: a word
 * such as `deploy` may mean a command as well as the skill.
 */
export function skillReferences(text: string, file: string, oldDir: string, oldName: string, newName: string): SkillReferences {
	const changes: TextChange[] = [];
	const mentions: SkillMention[] = [];
	if (!text.includes(oldName)) {
		return { changes, mentions };
	}
	const lines = splitLines(text);
	const fromDir = path.dirname(file);
	const { bodyStartLine } = parseFrontmatter(lines);
	const body = scanBody(lines.slice(bodyStartLine - 1), bodyStartLine);
	/** Columns (0-based, per line) already changed by a link, so the same characters are not counted as a mention. */
	const changed = new Map<number, Set<number>>();
	const change = (line: number, index: number) => {
		changes.push({ line, column: index + 1, endLine: line, endColumn: index + 1 + oldName.length, text: newName });
		let columns = changed.get(line);
		if (!columns) {
			columns = new Set();
			changed.set(line, columns);
		}
		columns.add(index);
	};
	for (const link of body.links) {
		const at = folderSegment(link.target, fromDir, oldDir, oldName);
		if (at !== undefined) {
			change(link.line, link.index + at);
		}
	}
	const word = new RegExp(`(?<![\\w.-])${escapeRegExp(oldName)}(?![\\w-]|\\.\\w)`, 'g');
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (!line.includes(oldName)) {
			continue;
		}
		for (const match of line.matchAll(word)) {
			const index = match.index;
			if (changed.get(i + 1)?.has(index)) {
				continue;
			}
			const before = line.slice(0, index);
			const after = line.slice(index + oldName.length);
			const quoted = before.endsWith('`') && after.startsWith('`');
			const rest = quoted ? after.slice(1) : after;
			const lead = quoted ? before.slice(0, -1) : before;
			if (/^\s+skills?\b/i.test(rest) || /\bskills?\s+$/i.test(lead)) {
				change(i + 1, index);
			} else {
				mentions.push({ line: i + 1, column: index + 1, text: line.trim() });
			}
		}
	}
	changes.sort((a, b) => a.line - b.line || a.column - b.column);
	return { changes, mentions };
}
