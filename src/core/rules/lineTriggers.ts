import { secretTriggerSource } from '../secrets/secretDetector';
import type { LineIndex } from '../skill/lineIndex';
import type { SkillText } from '../skill/skillText';

/** The rule families that look at single lines picked out by a cheap first pass. */
export type TriggerFamily = 'secret' | 'risky' | 'path' | 'hidden';

/** A line some family's trigger matched: its text and its 1-based number. */
export interface TriggeredLine {
	text: string;
	line: number;
}

/** What each family's precise patterns need, as regular-expression sources without capturing groups. */
const triggerSources: Record<TriggerFamily, string> = {
	secret: secretTriggerSource,
	risky: 'curl|wget|\\biwr\\b|\\birm\\b|invoke-|\\beval\\b|\\brm\\b|chmod|--dangerously|--yolo|NODE_TLS|GIT_SSL|verify|\\bscp\\b|\\bnc\\b|rsync|ignore|disregard|forget|do not|don\'t|never|\\bsh\\b|!`|```!',
	path: '/home/|/Users/|/root/|:\\\\(?:Users|Documents and Settings)\\\\',
	hidden: '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]|\\uDB40[\\uDC00-\\uDC7F]',
};
const triggers = Object.fromEntries(Object.entries(triggerSources).map(([family, source]) => [family, new RegExp(source, 'gi')])) as Record<TriggerFamily, RegExp>;

/**
 * Finds the lines of a text that one family should look at closely. Most lines of most skills
 * match nothing, which is what makes the family's precise patterns affordable. (One alternation
 * of all families was measured to be no faster than one pass per family.)
 */
export function findTriggeredLines(text: SkillText, family: TriggerFamily, lines: () => LineIndex): TriggeredLine[] {
	const found: TriggeredLine[] = [];
	const trigger = triggers[family];
	trigger.lastIndex = 0;
	for (let match = trigger.exec(text.text); match; match = trigger.exec(text.text)) {
		const { line } = lines().position(match.index);
		found.push({ text: text.lines[line - 1], line });
		trigger.lastIndex = lines().startOf(line + 1, text.text.length);
	}
	return found;
}
