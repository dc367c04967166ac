import { secretTriggerSource } from '../secrets/secretDetector';
import type { LineIndex } from '../skill/lineIndex';
import type { SkillText } from '../skill/skillText';
import { LeadFilter } from '../util/leadFilter';

/** The rule families that look at single lines picked out by a cheap first pass. */
export type TriggerFamily = 'secret' | 'risky' | 'path' | 'hidden';

/** A line some family's trigger matched: its text and its 1-based number. */
export interface TriggeredLine {
	text: string;
	line: number;
}

/**
 * What each family's precise patterns need, as regular-expression sources without capturing
 * groups. Every alternative of the families found by their leads (all but `hidden`) starts with
 * at least two literal characters (see `LeadFilter`).
 */
export const triggerSources: Record<TriggerFamily, string> = {
	secret: secretTriggerSource,
	risky: 'curl|wget|\\biwr\\b|\\birm\\b|invoke-|\\beval\\b|\\brm\\b|chmod|--dangerously|--yolo|NODE_TLS|GIT_SSL|verify|\\bscp\\b|\\bnc\\b|rsync|ignore|disregard|forget|do not|don\'t|never|\\bsh\\b|!`|```!',
	path: '/home/|/Users/|/root/|:\\\\(?:Users|Documents and Settings)\\\\',
	hidden: '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]|\\uDB40[\\uDC00-\\uDC7F]',
};

const ledFamilies = ['secret', 'risky', 'path'] as const;
type LedFamily = (typeof ledFamilies)[number];
const ledTriggers = new LeadFilter(ledFamilies.map(family => triggerSources[family]));

const triggers = Object.fromEntries(Object.entries(triggerSources).map(([family, source]) => [family, new RegExp(source, 'gi')])) as Record<TriggerFamily, RegExp>;

/** The lines each family found by its leads should look at closely, in one pass over the text (see `LeadFilter`); after a match a family looks on from the next line. */
function findLedLines(text: SkillText, lines: () => LineIndex): Record<LedFamily, TriggeredLine[]> {
	const found: TriggeredLine[][] = ledFamilies.map(() => []);
	ledTriggers.scan(text.text, (family, match) => {
		const { line } = lines().position(match.index);
		found[family].push({ text: text.lines[line - 1], line });
		return lines().startOf(line + 1, text.text.length);
	});
	return Object.fromEntries(ledFamilies.map((family, i) => [family, found[i]])) as Record<LedFamily, TriggeredLine[]>;
}

/** Finds the lines of a text that a family's trigger matches, searching the text with it; `hidden` is found so, the others through `triggeredLines`. */
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

/**
 * The lines of a text each family should look at closely, found when a rule first asks. Most
 * lines of most skills match nothing, which is what makes the families' precise patterns
 * affordable.
 */
export function triggeredLines(text: SkillText, lines: () => LineIndex): (family: TriggerFamily) => readonly TriggeredLine[] {
	let led: Record<LedFamily, TriggeredLine[]> | undefined;
	return family => (family === 'hidden' ? findTriggeredLines(text, family, lines) : (led ??= findLedLines(text, lines))[family]);
}
