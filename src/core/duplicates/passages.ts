import type { Span } from '../check/findings';
import type { BodyModel } from '../skill/markdownScan';
import { FingerprintBuilder, type Fingerprints, metaWidth, WordList } from './minHash';

/** Word-shingle size for passages: small enough that one changed word keeps a 30-word passage near-identical. */
export const passageShingleSize = 3;
/** Word-shingle size for descriptions, which are a sentence or two. */
export const descriptionShingleSize = 2;

/** Where a passage is, from the start of its first line to the end of its last. */
export function passageSpan(passages: Fingerprints, index: number): Span {
	const at = index * metaWidth;
	return { line: passages.meta[at + 4], column: 1, endLine: passages.meta[at + 5], endColumn: passages.meta[at + 6] };
}

function isBlank(line: string): boolean {
	for (let i = 0; i < line.length; i++) {
		const code = line.charCodeAt(i);
		if (code !== 32 && code !== 9) {
			return false;
		}
	}
	return true;
}

/**
 * Splits a body into passages and fingerprints them: paragraphs, lists and tables (runs of
 * non-blank lines) and whole fenced code blocks. Headings are left out; so are passages under
 * `minWords` words, which are too short to call a copy. The body's words are hashed once.
 */
export function passagesOf(body: BodyModel, minWords: number): Fingerprints {
	const words = new WordList();
	const lineStarts = new Uint32Array(body.lines.length + 1);
	for (let i = 0; i < body.lines.length; i++) {
		lineStarts[i] = words.count;
		words.add(body.lines[i]);
	}
	lineStarts[body.lines.length] = words.count;
	const builder = new FingerprintBuilder(passageShingleSize);
	const headingLines = new Set(body.headings.map(heading => heading.line));
	const fenceOpenings = new Set(body.fences.map(fence => fence.openLine));
	const fenceClosings = new Set(body.fences.map(fence => fence.closeLine));
	const flush = (from: number, to: number) => {
		if (from <= to && lineStarts[to + 1] - lineStarts[from] >= minWords) {
			builder.add(words, lineStarts[from], lineStarts[to + 1], [body.startLine + from, body.startLine + to, body.lines[to].length + 1]);
		}
	};
	let start = 0;
	for (let i = 0; i < body.lines.length; i++) {
		const fenceOpening = fenceOpenings.has(body.startLine + i);
		const separator = body.inFence[i] === 0 && (isBlank(body.lines[i]) || headingLines.has(body.startLine + i));
		if (separator || fenceOpening) {
			flush(start, i - 1);
			start = separator ? i + 1 : i;
		}
		if (fenceClosings.has(body.startLine + i)) {
			flush(start, i);
			start = i + 1;
		}
	}
	flush(start, body.lines.length - 1);
	return builder.build();
}
