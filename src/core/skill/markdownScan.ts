/**
 * A fast, line-based view of a skill's Markdown body: fenced code blocks, ATX headings, links and
 * inline code. The health rules and fix plans read this model; full CommonMark parsing is left to
 * markdownlint, which is far slower and only needed for its own rules.
 */

export interface Fence {
	/** File line of the opening fence. */
	openLine: number;
	/** File line of the closing fence, or the body's last line when the fence is never closed. */
	closeLine: number;
	closed: boolean;
	marker: string;
	/** What precedes the marker on the opening line: spaces, or a list item's marker (`- `, `1. `). */
	indent: string;
	/** Whether the fence opens on a list item's first line (`- ```bash`). */
	inListItem: boolean;
	/** The first word of the info string (`python` in ```` ```python title="x" ````), lower-cased. */
	lang: string;
	/** Lines between the fences. */
	contentLines: number;
}

export interface Heading {
	line: number;
	level: number;
	text: string;
}

export type LinkKind = 'link' | 'image' | 'definition' | 'code';

/** A reference from the body to something else: a link target, or a path written in inline code. */
export interface LinkRef {
	kind: LinkKind;
	line: number;
	/** 0-based index of the target within the line, and its length. */
	index: number;
	length: number;
	target: string;
}

export interface BodyModel {
	/** File line of the first body line. */
	startLine: number;
	lines: readonly string[];
	fences: Fence[];
	headings: Heading[];
	/** 1 for each body line inside a fenced block, the fence lines included. */
	inFence: Uint8Array;
	/**
	 * The body lines with fenced blocks emptied and inline code replaced by spaces, so prose rules
	 * see only prose while columns stay true.
	 */
	prose: string[];
	links: LinkRef[];
}

const fenceOpen = /^([ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)(`{3,}|~{3,})(.*)$/;
const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const inlineLink = /(!?)\[(?:[^[\]]|\[[^[\]]*\])*\]\([ \t]*(<[^>]*>|[^\s)]+)/g;
const linkDefinition = /^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)/;

export function scanBody(lines: readonly string[], startLine: number): BodyModel {
	const inFence = new Uint8Array(lines.length);
	const fences: Fence[] = [];
	const headings: Heading[] = [];
	const prose: string[] = new Array<string>(lines.length);
	const links: LinkRef[] = [];
	let open: OpenFence | undefined;

	for (let i = 0; i < lines.length; i++) {
		const text = lines[i];
		if (open) {
			inFence[i] = 1;
			prose[i] = '';
			if (isClosingFence(text, open.marker)) {
				fences.push(makeFence(open, i, true, startLine));
				open = undefined;
			}
			continue;
		}
		// Most lines are neither fences nor headings: look at the first visible character before running a pattern.
		let first = 0;
		while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) {
			first++;
		}
		const firstCode = text.charCodeAt(first);
		const mayOpenFence = firstCode === 96 || firstCode === 126 || firstCode === 45 || firstCode === 42 || firstCode === 43 || (firstCode >= 48 && firstCode <= 57);
		const fence = mayOpenFence ? fenceOpen.exec(text) : null;
		if (fence && !(fence[2][0] === '`' && fence[3].includes('`'))) {
			open = { index: i, marker: fence[2], indent: fence[1], lang: (fence[3].trim().split(/[\s{,]/)[0] ?? '').toLowerCase() };
			inFence[i] = 1;
			prose[i] = '';
			continue;
		}
		const heading = firstCode === 35 && first <= 3 ? atxHeading.exec(text) : null;
		if (heading) {
			headings.push({ line: startLine + i, level: heading[1].length, text: (heading[2] ?? '').trim() });
		}
		const { blanked, codeSpans } = blankInlineCode(text);
		prose[i] = blanked;
		for (const span of codeSpans) {
			links.push({ kind: 'code', line: startLine + i, index: span.index, length: span.text.length, target: span.text });
		}
		collectLinks(blanked, startLine + i, links);
	}
	if (open) {
		fences.push(makeFence(open, lines.length - 1, false, startLine));
	}
	return { startLine, lines, fences, headings, inFence, prose, links };
}

function isClosingFence(text: string, marker: string): boolean {
	const trimmed = text.trim();
	if (trimmed.length < marker.length || trimmed[0] !== marker[0]) {
		return false;
	}
	for (let k = 0; k < trimmed.length; k++) {
		if (trimmed[k] !== marker[0]) {
			return false;
		}
	}
	return true;
}

interface OpenFence {
	index: number;
	marker: string;
	indent: string;
	lang: string;
}

function makeFence(open: OpenFence, closeIndex: number, closed: boolean, startLine: number): Fence {
	return {
		openLine: startLine + open.index,
		closeLine: startLine + closeIndex,
		closed,
		marker: open.marker,
		indent: open.indent,
		inListItem: /[-*+.)]/.test(open.indent),
		lang: open.lang,
		contentLines: closed ? closeIndex - open.index - 1 : closeIndex - open.index,
	};
}

/** Replaces each inline code span by spaces (keeping columns) and returns the spans' contents. */
function blankInlineCode(text: string): { blanked: string; codeSpans: { index: number; text: string }[] } {
	if (!text.includes('`')) {
		return { blanked: text, codeSpans: [] };
	}
	const codeSpans: { index: number; text: string }[] = [];
	let blanked = '';
	let i = 0;
	while (i < text.length) {
		if (text[i] !== '`') {
			const next = text.indexOf('`', i);
			const end = next === -1 ? text.length : next;
			blanked += text.slice(i, end);
			i = end;
			continue;
		}
		let run = i;
		while (run < text.length && text[run] === '`') {
			run++;
		}
		const ticks = text.slice(i, run);
		const close = findClosingTicks(text, run, ticks.length);
		if (close === -1) {
			blanked += ticks;
			i = run;
			continue;
		}
		const raw = text.slice(run, close);
		const inner = raw.trim();
		codeSpans.push({ index: run + raw.indexOf(inner), text: inner });
		blanked += ' '.repeat(close + ticks.length - i);
		i = close + ticks.length;
	}
	return { blanked, codeSpans };
}

function findClosingTicks(text: string, from: number, count: number): number {
	let i = text.indexOf('`', from);
	while (i !== -1) {
		let run = i;
		while (run < text.length && text[run] === '`') {
			run++;
		}
		if (run - i === count) {
			return i;
		}
		i = text.indexOf('`', run);
	}
	return -1;
}

function collectLinks(prose: string, line: number, links: LinkRef[]): void {
	if (!prose.includes('](') && !prose.includes(']:')) {
		return;
	}
	const definition = linkDefinition.exec(prose);
	if (definition) {
		pushTarget(links, 'definition', line, prose.indexOf(definition[1], definition[0].length - definition[1].length), definition[1]);
		return;
	}
	inlineLink.lastIndex = 0;
	for (let match = inlineLink.exec(prose); match; match = inlineLink.exec(prose)) {
		pushTarget(links, match[1] ? 'image' : 'link', line, match.index + match[0].length - match[2].length, match[2]);
	}
}

function pushTarget(links: LinkRef[], kind: LinkKind, line: number, index: number, raw: string): void {
	const bracketed = raw.startsWith('<') && raw.endsWith('>');
	const target = bracketed ? raw.slice(1, -1) : raw;
	links.push({ kind, line, index: bracketed ? index + 1 : index, length: target.length, target });
}

/** The sections of a body: each heading with the lines up to the next heading of the same or a higher level. */
export interface Section {
	heading: Heading;
	/** File line of the section's last line. */
	endLine: number;
}

export function sectionsOf(body: BodyModel): Section[] {
	const lastLine = body.startLine + body.lines.length - 1;
	const sections: Section[] = body.headings.map(heading => ({ heading, endLine: lastLine }));
	const open: number[] = [];
	body.headings.forEach((heading, index) => {
		while (open.length > 0 && body.headings[open[open.length - 1]].level >= heading.level) {
			sections[open.pop() as number].endLine = heading.line - 1;
		}
		open.push(index);
	});
	return sections;
}
