import type { Span } from './findings';
import type { BodyModel } from './markdownScan';
import { fingerprint, type Fingerprint } from './similarity';

/** Word-shingle size for passages: small enough that one changed word keeps a 30-word passage near-identical. */
export const passageShingleSize = 3;
/** Word-shingle size for descriptions, which are a sentence or two. */
export const descriptionShingleSize = 2;

export interface Passage extends Fingerprint {
	/** Where the passage is, from the start of its first line to the end of its last. */
	span: Span;
}

/**
 * Splits a body into passages: paragraphs, lists and tables (runs of non-blank lines) and whole
 * fenced code blocks. Headings are left out; so are passages under `minWords` words, which are
 * too short to call a copy.
 */
export function passagesOf(body: BodyModel, minWords: number): Passage[] {
	const passages: Passage[] = [];
	const headingLines = new Set(body.headings.map(heading => heading.line));
	const fenceOpenings = new Set(body.fences.map(fence => fence.openLine));
	const fenceClosings = new Set(body.fences.map(fence => fence.closeLine));
	const flush = (from: number, to: number) => {
		if (from > to) {
			return;
		}
		const print = fingerprint(body.lines.slice(from, to + 1).join('\n'), passageShingleSize);
		if (print.words >= minWords) {
			const span = { line: body.startLine + from, column: 1, endLine: body.startLine + to, endColumn: body.lines[to].length + 1 };
			passages.push({ key: print.key, shingles: print.shingles, signature: print.signature, span });
		}
	};
	let start = 0;
	for (let i = 0; i < body.lines.length; i++) {
		const fenceOpening = fenceOpenings.has(body.startLine + i);
		const separator = body.inFence[i] === 0 && (body.lines[i].trim() === '' || headingLines.has(body.startLine + i));
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
	return passages;
}
