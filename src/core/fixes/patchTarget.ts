import { isDatedHeading, isPatchHeading } from '../rules/bodyRules';
import type { Heading } from '../skill/markdownScan';
import type { FixContext } from './fixContext';

const patchWords = new Set(['patch', 'patched', 'erratum', 'errata', 'addendum', 'amendment', 'correction', 'corrections', 'superseded', 'update', 'updates', 'updated', 'fix', 'fixed', 'hotfix', 'revision', 'revised', 'important', 'urgent', 'to', 'the', 'a', 'an', 'of', 'for', 'on', 'in', 'and']);

function words(text: string): Set<string> {
	return new Set((text.toLowerCase().match(/[a-z][a-z0-9-]*/g) ?? []).filter(word => !patchWords.has(word) && !/^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/.test(word)));
}

/**
 * The section a patch section most likely amends: the other heading sharing the most words with
 * the patch's heading (once "Patch", dates and small words are set aside). None when no heading
 * shares a word: a person has to say which.
 */
export function originalSectionOf(context: FixContext, patchLine: number): Heading | undefined {
	const patch = context.body.headings.find(heading => heading.line === patchLine);
	if (!patch) {
		return undefined;
	}
	const wanted = words(patch.text);
	let best: Heading | undefined;
	let bestScore = 0;
	for (const heading of context.body.headings) {
		if (heading === patch || isPatchHeading(heading.text) || isDatedHeading(heading.text)) {
			continue;
		}
		const score = [...words(heading.text)].filter(word => wanted.has(word)).length;
		if (score > bestScore) {
			best = heading;
			bestScore = score;
		}
	}
	return best;
}
