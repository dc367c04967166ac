import { findSecretsInLine, type SecretMatch } from './secretDetector';

const keyBlock = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
const keyEnd = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;

/** "a GitHub token" → "[REDACTED GitHub token]". */
function marker(kind: string): string {
	return `[REDACTED ${kind.replace(/^an? /, '')}]`;
}

/** Characters tokens are made of. */
const tokenCharacter = /[A-Za-z0-9_+/=.-]/;
/** The start of a token of a known format, so a line break inside it is a wrap, not the end of the token. */
const tokenStart = /(?:gh[pousr]_|github_pat_|glpat-|npm_|hf_|sk-|xox[a-z]-|AKIA|eyJ|SG\.|AIza)[A-Za-z0-9_+/=.-]*$/;

/**
 * The text with what splits a credential over lines taken out, and for each of its characters the
 * index it has in the text: a shell line continuation (`\` at the end of a line), and a line break
 * inside a token of a known format (a terminal or a log that wraps long lines).
 */
function joinedView(text: string): { joined: string; origin: (index: number) => number } {
	let joined = '';
	/** Where each kept piece starts, in the joined text and in the text. */
	const pieces: { joined: number; text: number }[] = [];
	const keep = (from: number, to: number) => {
		pieces.push({ joined: joined.length, text: from });
		joined += text.slice(from, to);
	};
	let from = 0;
	for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
		const end = newline > 0 && text[newline - 1] === '\r' ? newline - 1 : newline;
		let after = newline + 1;
		if (end > 0 && text[end - 1] === '\\') {
			while (after < text.length && (text[after] === ' ' || text[after] === '\t')) {
				after++;
			}
			keep(from, end - 1);
			from = after;
			continue;
		}
		// Only the last few hundred characters before the break are looked at: a token is shorter than that.
		if (tokenCharacter.test(text[end - 1] ?? '') && tokenCharacter.test(text[after] ?? '') && tokenStart.test(text.slice(Math.max(from, end - 300), end).split(/[^A-Za-z0-9_+/=.-]/).at(-1) ?? '')) {
			keep(from, end);
			from = after;
		}
	}
	keep(from, text.length);
	const origin = (index: number) => {
		let low = 0;
		let high = pieces.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (pieces[middle].joined <= index) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}
		return pieces[low].text + index - pieces[low].joined;
	};
	return { joined, origin };
}

/** The ranges of private key blocks, from `-----BEGIN` to the end of `-----END` (or of the text, when it never ends). */
function privateKeyBlocks(text: string): { start: number; end: number }[] {
	const blocks: { start: number; end: number }[] = [];
	keyBlock.lastIndex = 0;
	for (let begin = keyBlock.exec(text); begin; begin = keyBlock.exec(text)) {
		keyEnd.lastIndex = begin.index + begin[0].length;
		const end = keyEnd.exec(text);
		const stop = end ? end.index + end[0].length : text.length;
		blocks.push({ start: begin.index, end: stop });
		keyBlock.lastIndex = stop;
	}
	return blocks;
}

/**
 * Replaces every credential in a text with a marker naming its kind: tokens of the known formats,
 * passwords in URLs and on command lines, credentials in headers, values assigned to secret
 * names, tokens hidden in base64, long random-looking runs of no known format, and whole private
 * key blocks, including a token split over two lines. It errs towards hiding: transcript text
 * passes through here before it is cut, written anywhere or sent to a model.
 */
export function redactSecrets(text: string): string {
	const { joined, origin } = joinedView(text);
	const ranges: { start: number; end: number; kind: string }[] = privateKeyBlocks(joined).map(block => ({ ...block, kind: 'a private key' }));
	let lineStart = 0;
	for (const line of joined.split('\n')) {
		const found: SecretMatch[] = [];
		findSecretsInLine(line, lineStart, found, true);
		for (const match of found) {
			if (!ranges.some(range => match.index < range.end && range.start < match.index + match.length)) {
				ranges.push({ start: match.index, end: match.index + match.length, kind: match.kind });
			}
		}
		lineStart += line.length + 1;
	}
	if (ranges.length === 0) {
		return text;
	}
	let redacted = text;
	// Right to left, so earlier indexes stay valid; each range maps back to the text, breaks it spanned included.
	for (const range of ranges.sort((a, b) => b.start - a.start)) {
		const start = origin(range.start);
		const end = origin(range.end - 1) + 1;
		redacted = redacted.slice(0, start) + marker(range.kind) + redacted.slice(end);
	}
	return redacted;
}
