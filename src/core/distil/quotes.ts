import { redactSecrets } from '../secrets/redact';

/** Quoting a session: evidence lines for people, and the person's own words for a lesson. */

const maxQuote = 200;
const maxWords = 600;

/** A transcript text as evidence: secrets redacted first (so no cut leaves half a token), one line, at most 200 characters. */
export function quoteOf(text: string): string {
	const line = redactSecrets(text).replace(/\s+/g, ' ').trim();
	return line.length > maxQuote ? `${line.slice(0, maxQuote - 1)}…` : line;
}

/** A text's words only, lower case: two texts that differ in spacing, case or punctuation read the same. */
export function wordsOnly(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A text's sentences (one per line at most), code blocks left out. */
export function sentencesOf(text: string): string[] {
	return text.replace(/```[\s\S]*?```/g, ' ').split(/(?<=[.!?])\s+|\n+/).map(sentence => sentence.trim()).filter(Boolean);
}

/**
 * The person's words for a lesson: verbatim and whole — a leading "No," stays, since dropping it
 * inverts the meaning — on one line; a long message is cut at a sentence end, with "…".
 */
export function personWords(text: string): string {
	// "[Image #1]" marks a pasted screenshot, which a lesson cannot show.
	const flat = redactSecrets(text).replace(/\[Image #\d+\]/g, ' ').replace(/\s+/g, ' ').trim();
	if (flat.length <= maxWords) {
		return flat;
	}
	const cut = flat.slice(0, maxWords);
	const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
	return end > maxWords / 3 ? `${cut.slice(0, end + 1)} …` : `${cut.replace(/\s+\S*$/, '')} …`;
}
