/** From this length on, a text's lines are found by walking its characters (see `LineIndex`). */
const walkedFrom = 1 << 20;

/**
 * Maps offsets in a text to lines, so rules can run each regular expression once over a whole
 * file instead of once per line (the per-call cost dominates on large libraries).
 */
export class LineIndex {
	private readonly starts: number[] = [0];

	constructor(text: string) {
		// A text of megabytes is walked character by character: searching it from each line start
		// (with `indexOf` or a regular expression alike) took a minute over a 20 MB body in a
		// process that had checked a few other skills first (a CPU profile put all of it in that
		// loop), and a fraction of a second in a fresh one; the walk takes about 0.1 s either way.
		// Searching stays the faster way through an ordinary skill.
		if (!text.includes('\r') && text.length < walkedFrom) {
			// The common case, searched natively.
			for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
				this.starts.push(i + 1);
			}
			return;
		}
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
				this.starts.push(i + 1);
			}
		}
	}

	/** The offset where a 1-based line starts; past the last line, the text's length. */
	startOf(line: number, textLength: number): number {
		return line - 1 < this.starts.length ? this.starts[line - 1] : textLength;
	}

	/** The 1-based line and 0-based index within it of an offset. */
	position(offset: number): { line: number; index: number } {
		let low = 0;
		let high = this.starts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.starts[middle] <= offset) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}
		return { line: low + 1, index: offset - this.starts[low] };
	}
}

/** A lazily built line index for a text. */
export function lazyLineIndex(text: string): () => LineIndex {
	let index: LineIndex | undefined;
	return () => (index ??= new LineIndex(text));
}

