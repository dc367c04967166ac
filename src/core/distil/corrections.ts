/**
 * Telling a correction from a new request: the person says the agent was wrong, tells it to stop
 * or do something else instead, or states a rule it broke. Deterministic phrase patterns, tuned
 * to miss rather than to flood the library with pseudo-lessons.
 */

/** Openings that correct ("No, …", "Stop.", "Don't …", "Actually …"). */
const correctingOpening = /^(?:no|nope|nah|stop|wait|wrong|incorrect|undo|revert|don'?t|do not|never|actually|hold on|hang on|not like that|that's not it)\b/i;
/** Openings that only look like one ("No problem", "No need to ask", "Don't forget the tests"). */
const harmlessOpening = /^(?:no (?:problem|worries|rush|need|thanks|thank you|prob)|no,? (?:that'?s|it'?s) (?:fine|ok|okay|good|great|perfect)|no,? (?:go ahead|continue|proceed|keep going)|don'?t (?:forget|worry|bother asking)|actually,? (?:that'?s|it'?s) (?:fine|good|great|perfect)|never ?mind)\b/i;
/** Phrases that correct wherever they stand. */
const correctingPhrase = new RegExp([
	String.raw`\b(?:that|this|it)(?:'s| is| was) (?:not (?:right|correct|what|how|it)|wrong|incorrect|the wrong)`,
	String.raw`\b(?:is|was|are|were) wrong\b`,
	String.raw`\bnot what i (?:asked|wanted|meant|said)`,
	String.raw`\bi (?:told|asked) you (?:to|not)\b`,
	String.raw`\bi (?:already )?said\b`,
	String.raw`\byou (?:should(?:n'?t| not)?|need to|must(?:n'?t| not)?|forgot|missed|broke|didn'?t|did not|keep|are supposed to|were supposed to|can'?t just|have to)\b`,
	String.raw`\b(?:please )?(?:don'?t|do not|never|stop) (?!forget\b|worry\b)[a-z]+`,
	String.raw`\binstead\b`,
	String.raw`\brather than\b`,
	String.raw`\bwhy (?:did|are|would|do) you\b`,
	String.raw`\b(?:it|that|this) (?:still )?(?:doesn'?t|does not|didn'?t|did not) work`,
	String.raw`\bstill (?:fails|failing|broken|doesn'?t|the same|not working)`,
	String.raw`\bwrong (?:file|command|directory|folder|branch|approach|place|way|version|package|tool)\b`,
	String.raw`\buse \S+,? not \S+`,
	String.raw`\bnot \S+,? (?:but|use)\b`,
].join('|'), 'i');

/** Leading words that carry the correction but not the rule ("No, ", "Stop. ", "Wait - "). */
const interjection = /^(?:(?:no|nope|nah|stop|wait|wrong|actually|hold on|hang on|ugh|hmm|ok(?:ay)?|so)\b[\s,.!:;-]*)+/i;

/** Whether a message (typed by the person, after the agent acted) corrects or redirects the agent. */
export function isCorrection(text: string): boolean {
	const start = text.trim().slice(0, 400);
	if (harmlessOpening.test(start)) {
		return false;
	}
	return correctingOpening.test(start) || correctingPhrase.test(start);
}

/**
 * The rule a correction states, as one or two sentences for a skill: interjections dropped,
 * first letter capitalised, cut at a sentence end within `max` characters. Empty when the
 * message is only an interjection ("No!", "Stop").
 */
export function ruleOf(text: string, max = 200): string {
	// A sentence carrying a (redacted) credential is never part of a rule.
	const flat = text.replace(/\s+/g, ' ').trim().replace(interjection, '').trim()
		.split(/(?<=[.!?])\s+/).filter(sentence => !sentence.includes('[REDACTED')).join(' ');
	if (flat.length < 8) {
		return '';
	}
	let rule = flat;
	if (rule.length > max) {
		const cut = rule.slice(0, max);
		const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
		rule = end > max / 3 ? cut.slice(0, end + 1) : `${cut.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
	}
	rule = rule[0].toUpperCase() + rule.slice(1);
	return /[.!?…]$/.test(rule) ? rule : `${rule}.`;
}
