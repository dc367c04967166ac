/**
 * The same error, recognised across attempts: the telling line of a tool's failure output, and
 * a signature with paths, numbers, hashes and colours removed, so `foo.ts:12` and `bar.ts:40`
 * failing the same way count as one error.
 */

// Terminal colour codes: the escape character is exactly what must be matched.
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g;
const typedError = /^\s*(?:[\w.$]+(?:Error|Exception|Failure)|error(?:\[\w+\])?|fatal|panic|FAIL(?:ED)?)\b.*:/i;
const errorWords = /\b(?:error|exception|failed|failure|fatal|cannot|can't|could not|couldn't|not found|no such|denied|refused|undefined|unable|invalid|missing|panic|segmentation fault|timed? ?out|ERR!|not recognized|unrecognized|not defined|does not exist|doesn't exist|not allowed|forbidden|unauthorized)/i;
const noise = /^(?:Exit code:? \d+|Traceback \(most recent call last\):|Command failed|Process exited with code \d+|Wall time:.*|Output:|\s*at .+\(.+\)|\s*File ".+", line \d+.*)$/i;
/** Lines that announce a failure without saying what it is: test runners' and build tools' banners. */
const banner = /^(?:[●✕×]\s|FAIL\s|FAILED\s*(?:\(|$)|Test suite failed to run|Build error occurred|Failed to compile\.?$|npm ERR! (?:code|errno|A complete log|Lifecycle|Failed at|This is probably|\s*$)|make(?:\[\d+\])?: \*\*\*|error: (?:script|command) ".*" (?:exited|failed)|(?:##\[error\])?Process completed with exit code|error Command failed with exit code|ERROR: Job failed|=+ .*\b(?:failed|error)\b.* =+$|_{3,} .* _{3,}$|\d+ (?:failed|errors?)\b|Tests?:\s+\d+ failed|error: \d+ errors? generated|compilation terminated\.?$)/i;
/** What makes a line name its cause: a quoted name, a path, a code identifier. */
const specific = /['"`‘’“”][^'"`‘’“”]{2,}['"`‘’“”]|(?:^|[\s'"(=])[\w.-]*[/\\][\w.-]|\b\w+\(\)|\b[A-Z][A-Z0-9_]{3,}\b|:\d+(?::\d+)?\b/;

function scoreOf(line: string): number {
	if (banner.test(line)) {
		return -1;
	}
	// A line that ends in a colon introduces the message on the next lines: `CMake Error at x.cmake:28 (message):`.
	return (typedError.test(line) ? 3 : 0) + (errorWords.test(line) ? 2 : 0) + (specific.test(line) ? 1 : 0) - (/:\s*$/.test(line) ? 3 : 0);
}

/**
 * The line of a failure output that says what went wrong: the exception or the message that
 * names the cause (`Cannot find module '@/utils/date' from 'src/billing/invoice.ts'`), not a
 * banner (`● Test suite failed to run`); empty when nothing does.
 */
export function errorLine(output: string): string {
	const lines = output.replace(ansi, '').split('\n').map(line => line.trim()).filter(line => line !== '' && !noise.test(line)).slice(0, 400);
	let best: string | undefined;
	let bestScore = 0;
	// A traceback names its error last; a compiler names the first error first.
	const lastWins = /Traceback/.test(output);
	for (const line of lines) {
		const score = scoreOf(line.slice(0, 1000));
		if (score > bestScore || (lastWins && score === bestScore && score > 0)) {
			best = line;
			bestScore = score;
		}
	}
	const chosen = best ?? lines.find(line => !banner.test(line)) ?? lines[0];
	return chosen === undefined ? '' : chosen.length > 200 ? `${chosen.slice(0, 199)}…` : chosen;
}

/** The error's signature: its telling line with what varies between attempts replaced. */
export function errorSignature(line: string): string {
	return line
		.toLowerCase()
		.replace(/\b\d{4}-\d\d-\d\d[t ][\d:.]+z?\b/g, '<time>')
		.replace(/(?<![\w.@~-])(?:[a-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]*/g, '<path>')
		.replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{7,}\b/g, '<hex>')
		.replace(/\d+/g, '<n>')
		.replace(/\s+/g, ' ')
		.trim();
}
