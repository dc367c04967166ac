/** "1 error", "3 errors": a count with its noun; `pluralForm` for nouns that take more than an s ("fixes"). */
export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
	return `${count} ${count === 1 ? noun : pluralForm}`;
}

/** A text as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The message of whatever was thrown. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const controlCharacter = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const namedEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/**
 * A text from a skill or a transcript made safe to print on one line of a terminal or a CI log:
 * control characters other than tab become visible escapes, so a name cannot start a line of its own (a GitHub
 * Actions `::error` command) nor send an ESC sequence to the terminal.
 */
export function printable(text: string): string {
	return text.replace(controlCharacter, character => namedEscapes[character] ?? `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * "UTF-16LE" or "UTF-16BE" when bytes look like UTF-16 text (a byte-order mark, or every other
 * byte NUL in the first line's ASCII, as Windows PowerShell's `>` writes), else undefined: such a
 * file is text in another encoding, not binary, and the person can re-save it.
 */
export function utf16Encoding(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return 'UTF-16LE';
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return 'UTF-16BE';
	}
	const pairs = Math.min(64, Math.floor(bytes.length / 2));
	let little = 0;
	let big = 0;
	for (let i = 0; i < pairs; i++) {
		const [first, second] = [bytes[2 * i], bytes[2 * i + 1]];
		little += first !== 0 && second === 0 ? 1 : 0;
		big += first === 0 && second !== 0 ? 1 : 0;
	}
	return pairs >= 4 && little === pairs ? 'UTF-16LE' : pairs >= 4 && big === pairs ? 'UTF-16BE' : undefined;
}
