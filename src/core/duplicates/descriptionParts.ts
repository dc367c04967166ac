/**
 * A clause that says what a skill is not for ("Not for X (use Y).", "Do not use for …"): it sets
 * two skills apart rather than making them alike, so descriptions are compared without it.
 */
const notForClause = /(?:^|(?<=[.;:!?(])\s*|\s[-–—]\s)(?:not for|not to be used|do not use|don't use|never use)\b[^.;!?()]*(?:\([^)]*\)[^.;!?()]*)?(?:[.;!?)]|$)/gi;

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

/** What and when of a description as sets of words: parts are a clause or two, where one changed word would cost too many word pairs. */
interface PartWords {
	what: Set<string>;
	when: Set<string>;
}

/** Each skill's part words, made once: a description template shared by many skills is compared many times. */
const partWords = new WeakMap<object, PartWords>();

/** Words every description part is made of ("Use this skill when the …"): they make any two parts look alike. */
const fillerWords = new Set(['a', 'an', 'the', 'to', 'of', 'for', 'and', 'or', 'in', 'on', 'is', 'are', 'be', 'it', 'its', 'with', 'use', 'used', 'when', 'whenever', 'if', 'this', 'skill']);

function wordsOf(text: string): Set<string> {
	return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(word => !fillerWords.has(word)));
}

function partWordsOf(skill: { description?: string }): PartWords {
	let words = partWords.get(skill);
	if (!words) {
		const parts = descriptionParts(skill.description ?? '');
		words = { what: wordsOf(parts.what), when: wordsOf(parts.when) };
		partWords.set(skill, words);
	}
	return words;
}

function jaccardOf(a: Set<string>, b: Set<string>): number {
	if (a.size === 0 && b.size === 0) {
		return 1;
	}
	let shared = 0;
	for (const word of a) {
		if (b.has(word)) {
			shared++;
		}
	}
	return shared / (a.size + b.size - shared);
}

/**
 * Whether two skills' descriptions agree on both what the skills do and when to use them, each at
 * least `similarity` alike (Jaccard of their words); a description that says no *when* agrees
 * only with another that says none either.
 */
export function sameWhatAndWhen(a: { description?: string }, b: { description?: string }, similarity: number): boolean {
	const first = partWordsOf(a);
	const second = partWordsOf(b);
	return jaccardOf(first.what, second.what) >= similarity && jaccardOf(first.when, second.when) >= similarity;
}
