/**
 * The same error, recognised across attempts: the telling line of a tool's failure output, and
 * a signature with paths, numbers, hashes and colours removed, so `foo.ts:12` and `bar.ts:40`
 * failing the same way count as one error.
 */

// Terminal colour codes: the escape character is exactly what must be matched.
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g;
const typedError = /^\s*(?:[\w.$]+(?:Error|Exception|Failure)|error(?:\[\w+\])?|fatal|panic|FAIL(?:ED)?)\b.*:/i;
const errorWords = /\b(?:error|exception|failed|failure|fatal|cannot|can't|could not|couldn't|not found|no such|denied|refused|undefined|unable|invalid|missing|panic|segmentation fault|timed? ?out|ERR!)/i;
const noise = /^(?:Exit code:? \d+|Traceback \(most recent call last\):|Command failed|Process exited with code \d+|Wall time:.*|Output:|\s*at .+\(.+\)|\s*File ".+", line \d+.*)$/i;

/** The line of a failure output that says what went wrong (empty when nothing does). */
export function errorLine(output: string): string {
	const lines = output.replace(ansi, '').split('\n').map(line => line.trim()).filter(line => line !== '' && !noise.test(line));
	const typed = lines.filter(line => typedError.test(line));
	// A traceback names its error last; a compiler names the first error first.
	const chosen = typed.length > 0 ? (/Traceback/.test(output) ? typed.at(-1) : typed[0]) : lines.find(line => errorWords.test(line)) ?? lines[0];
	return chosen === undefined ? '' : chosen.length > 200 ? `${chosen.slice(0, 199)}…` : chosen;
}

/** The error's signature: its telling line with what varies between attempts replaced. */
export function errorSignature(line: string): string {
	return line
		.toLowerCase()
		.replace(/\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/g, '<time>')
		.replace(/(?:[a-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]*/g, '<path>')
		.replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{7,}\b/g, '<hex>')
		.replace(/\d+/g, '<n>')
		.replace(/\s+/g, ' ')
		.trim();
}
