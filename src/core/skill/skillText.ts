import { Buffer, isUtf8 } from 'node:buffer';
import { utf16Encoding } from '../util/text';

/** The file that makes a folder a skill. */
export const skillFileName = 'SKILL.md';

/** The text of a SKILL.md, decoded, with its lines split the way editors count them. */
export interface SkillText {
	text: string;
	/** Lines without their line endings; a final line ending does not add an empty line. */
	lines: string[];
	hasBom: boolean;
}

export type DecodeResult = { ok: true; value: SkillText } | { ok: false; reason: string };

const binarySniffBytes = 8000;

/**
 * Decodes the bytes of a file as UTF-8 text. Binary content (a NUL byte near the start, as git
 * decides) and invalid UTF-8 are refused with a reason a person can act on.
 */
export function decodeSkillBytes(bytes: Uint8Array): DecodeResult {
	const encoding = utf16Encoding(bytes);
	if (encoding) {
		return { ok: false, reason: `the file is ${encoding} text, and agents read skills as UTF-8: re-save it as UTF-8` };
	}
	const sniff = bytes.subarray(0, binarySniffBytes);
	if (sniff.indexOf(0) !== -1) {
		return { ok: false, reason: 'the file is binary (it contains NUL bytes), not Markdown text' };
	}
	if (!isUtf8(bytes)) {
		return { ok: false, reason: `the file is not valid UTF-8 text (the first undecodable byte is on line ${lineOfFirstInvalidByte(bytes)}); re-save it as UTF-8` };
	}
	let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
	const hasBom = text.charCodeAt(0) === 0xfeff;
	if (hasBom) {
		text = text.slice(1);
	}
	return { ok: true, value: { text, lines: splitLines(text), hasBom } };
}

/** Splits text into lines on LF, CRLF or CR, as VS Code does. */
export function splitLines(text: string): string[] {
	if (text === '') {
		return [];
	}
	const lines = text.split(/\r\n|\r|\n/);
	if (lines[lines.length - 1] === '') {
		lines.pop();
	}
	return lines;
}

/** The 1-based line of the first undecodable byte, found through the lenient decoder's U+FFFD. */
function lineOfFirstInvalidByte(bytes: Uint8Array): number {
	const lenient = new TextDecoder('utf-8').decode(bytes);
	const index = lenient.indexOf('\uFFFD');
	return lenient.slice(0, Math.max(index, 0)).split(/\r\n|\r|\n/).length;
}
