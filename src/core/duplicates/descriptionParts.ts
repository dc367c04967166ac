import { fingerprintShingles, fingerprintText, jaccard, sortedSet } from './minHash';

/**
 * A clause that says what a skill is not for ("Not for X (use Y).", "Do not use for …"): it sets
 * two skills apart rather than making them alike, so descriptions are compared without it.
 */
const notForClause = /(?:^|(?<=[.;:!?(]\s*)|\s[-–—]\s)(?:not for|not to be used|do not use|don't use|never use)\b[^.;!?()]*(?:\([^)]*\))?[^.;!?()]*(?:[.;!?)]|$)/gi;

/** Where the *when* of a description starts: "Use when …", "Use this skill for …", "Triggers: …". */
const whenStart = /\b(?:use (?:this(?: skill)? )?(?:when|whenever|for|if|to|on|before|after)|(?:invoke|activate|trigger(?:ed)?|load) (?:when|on|for)|triggers?\s*(?:on|when|:)|when (?:the user|you|a user|asked|working))\b/i;

/** A description as it is compared with others: its "Not for …" clauses removed. */
export function comparableDescription(description: string): string {
	return description.replace(notForClause, ' ').replace(/\s+/g, ' ').trim();
}

/** What a skill does, and when to use it, as a description says them. */
export interface DescriptionParts {
	what: string;
	when: string;
}

export function descriptionParts(description: string): DescriptionParts {
	const text = comparableDescription(description);
	const match = whenStart.exec(text);
	return match ? { what: text.slice(0, match.index).trim(), when: text.slice(match.index).trim() } : { what: text, when: '' };
}

/** A part's words as a set: parts are a clause or two, where one changed word would cost too many word pairs. */
function wordSet(text: string): Uint32Array {
	return sortedSet(fingerprintShingles(fingerprintText(text, 1), 0));
}

/**
 * Whether two descriptions agree on both what the skills do and when to use them, each at least
 * `similarity` alike (Jaccard of their words); a description that says no *when* agrees only with
 * another that says none either.
 */
export function sameWhatAndWhen(a: string, b: string, similarity: number): boolean {
	const first = descriptionParts(a);
	const second = descriptionParts(b);
	return jaccard(wordSet(first.what), wordSet(second.what)) >= similarity
		&& jaccard(wordSet(first.when), wordSet(second.when)) >= similarity;
}
