/**
 * Case-insensitive patterns searched for through the characters their matches start with. V8 runs
 * a case-insensitive alternation of dozens of words at 20–60 MB/s, and the rules run several over
 * every file of a library; a pass that looks up each character's class and tries a pattern only
 * where the next four characters could start one of its matches reads the text four times as fast,
 * and finds, pattern for pattern, what searching the text with it finds.
 */

/** What every match of an alternative starts with: literal characters, and whether a word ends after them (a `\b` follows). */
export interface Lead {
	text: string;
	thenWordEnds: boolean;
}

/** The index of the bracket or parenthesis closing the class or group that opens at `open`. */
function closingIndex(source: string, open: number): number {
	let depth = 0;
	let inClass = false;
	for (let i = open; i < source.length; i++) {
		const char = source[i];
		if (char === '\\') {
			i++;
		} else if (inClass) {
			inClass = char !== ']';
			if (!inClass && depth === 0) {
				return i;
			}
		} else if (char === '[') {
			inClass = true;
		} else if (char === '(') {
			depth++;
		} else if (char === ')' && --depth === 0) {
			return i;
		}
	}
	throw new Error(`unbalanced group in /${source}/`);
}

/** The top-level alternatives of a regular-expression source. */
export function alternativesOf(source: string): string[] {
	const found: string[] = [];
	let start = 0;
	for (let i = 0; i < source.length; i++) {
		const char = source[i];
		if (char === '\\') {
			i++;
		} else if (char === '[' || char === '(') {
			i = closingIndex(source, i);
		} else if (char === '|') {
			found.push(source.slice(start, i));
			start = i + 1;
		}
	}
	found.push(source.slice(start));
	return found;
}

/**
 * The leads of an alternative: after a leading `\b`, the characters up to the first one that is
 * not matched as itself (an escaped punctuation mark is), a character a quantifier may leave out
 * excepted. A group it starts with is opened: `(?:the )?(?:latest|newest)` leads with `the `,
 * `latest` and `newest`.
 */
export function leadsOf(alternative: string): Lead[] {
	const rest = alternative.startsWith('\\b') ? alternative.slice(2) : alternative;
	if (rest.startsWith('(?:')) {
		const close = closingIndex(rest, 0);
		const optional = rest[close + 1] === '?';
		const after = rest.slice(close + (optional ? 2 : 1));
		if (/^[*+{]/.test(after)) {
			throw new Error(`the lead filter does not open a repeated group (${alternative})`);
		}
		const opened = alternativesOf(rest.slice(3, close)).flatMap(branch => leadsOf(branch + after));
		return optional ? [...opened, ...leadsOf(after)] : opened;
	}
	let text = '';
	let i = 0;
	for (; i < rest.length; i++) {
		const char = rest[i];
		if (char === '\\' && /^[^A-Za-z0-9]$/.test(rest[i + 1] ?? '')) {
			text += rest[++i];
		} else if (/^[A-Za-z0-9 _\-:/!`'=<>@#%&,;"~]$/.test(char)) {
			text += char;
		} else {
			break;
		}
	}
	return /^[?*{]$/.test(rest[i] ?? '')
		? [{ text: text.slice(0, -1), thenWordEnds: false }]
		: [{ text, thenWordEnds: rest.startsWith('\\b', i) && /\w$/.test(text) }];
}

/**
 * Characters are read in classes of six bits: 0 past the end of the text, one for each letter
 * whatever its case (without the `u` flag no other character matches an ASCII letter when case is
 * ignored), one for each digit and for each other character some lead holds, one for every other
 * ASCII character and one for everything beyond.
 */
const classBits = 6;
const classCount = 1 << classBits;
const quadMask = (1 << (4 * classBits)) - 1;
const firstOtherClass = 37;

/**
 * The filter's tables. Each triple of classes some lead may start with has a number in
 * `tripleNumbers` (0: none does); under that number, `quadPatterns` holds for each class of the
 * fourth character the patterns one of whose leads may start so, one bit each. A lead shorter than
 * four characters is followed by any class (but one that would continue a word, where a `\b`
 * follows).
 */
interface LeadTables {
	characterClass: Uint8Array;
	tripleNumbers: Uint16Array;
	quadPatterns: Uint8Array;
}

export class LeadFilter {
	/** The patterns, tried at one place at a time. */
	private readonly sticky: RegExp[];
	private readonly leads: Lead[][];
	/** Built when the filter first scans: most processes that load the rules (the editor's, a warm check's) never do. */
	private built: LeadTables | undefined;

	/** Every alternative of each source (at most eight) must lead with two literal characters or more. */
	constructor(sources: readonly string[]) {
		if (sources.length > 8) {
			throw new Error('a lead filter holds at most eight patterns');
		}
		this.sticky = sources.map(source => new RegExp(source, 'iy'));
		this.leads = sources.map(source => alternativesOf(source).flatMap(leadsOf));
		this.leads.forEach((patternLeads, i) => {
			const short = patternLeads.find(lead => lead.text.length < 2);
			if (short) {
				throw new Error(`an alternative of /${sources[i]}/ starts with fewer than two literal characters ("${short.text}"), which a lead filter needs`);
			}
		});
		if (firstOtherClass + this.punctuation().length + 1 >= classCount) {
			throw new Error('the leads hold too many punctuation marks for a lead filter');
		}
	}

	/** The characters other than letters and digits the leads hold, each of which has a class of its own. */
	private punctuation(): string[] {
		return [...new Set(this.leads.flat().map(lead => lead.text).join('').replace(/[A-Za-z0-9]/g, ''))];
	}

	private tables(): LeadTables {
		if (this.built) {
			return this.built;
		}
		const punctuation = this.punctuation();
		const otherAscii = firstOtherClass + punctuation.length;
		const classes = new Uint8Array(0x10000);
		classes.fill(otherAscii + 1);
		classes.fill(otherAscii, 0, 128);
		for (let code = 0; code < 26; code++) {
			classes[65 + code] = classes[97 + code] = 1 + code;
		}
		for (let code = 0; code < 10; code++) {
			classes[48 + code] = 27 + code;
		}
		punctuation.forEach((char, i) => (classes[char.charCodeAt(0)] = firstOtherClass + i));
		const underscore = classes['_'.charCodeAt(0)];
		const endsWord = (kind: number) => kind === 0 || (kind >= firstOtherClass && kind !== underscore);
		const tripleNumbers = new Uint16Array(1 << (3 * classBits));
		// Number 0 stands for no lead, so its row stays empty.
		const quads: number[] = new Array<number>(classCount).fill(0);
		const mark = (kinds: readonly number[], bit: number) => {
			const triple = (kinds[0] << (2 * classBits)) | (kinds[1] << classBits) | kinds[2];
			if (tripleNumbers[triple] === 0) {
				tripleNumbers[triple] = quads.length / classCount;
				quads.push(...new Array<number>(classCount).fill(0));
			}
			quads[tripleNumbers[triple] * classCount + kinds[3]] |= 1 << bit;
		};
		this.leads.forEach((patternLeads, bit) => {
			for (const { text, thenWordEnds } of patternLeads) {
				const fill = (kinds: number[]) => {
					if (kinds.length === 4) {
						mark(kinds, bit);
						return;
					}
					for (let kind = 0; kind < classCount; kind++) {
						if (kinds.length > text.length || !thenWordEnds || endsWord(kind)) {
							fill([...kinds, kind]);
						}
					}
				};
				fill([...text.slice(0, 4)].map(char => classes[char.charCodeAt(0)]));
			}
		});
		if (quads.length / classCount > 0xffff) {
			throw new Error('the leads start too many ways for a lead filter');
		}
		this.built = { characterClass: classes, tripleNumbers, quadPatterns: Uint8Array.from(quads) };
		return this.built;
	}

	/**
	 * Finds the patterns' matches in a text, in order. Each match is handed to `found` with the
	 * pattern's index, which answers the offset from which that pattern is looked for again: the
	 * match's end, for every match, or the next line's start, for one match a line.
	 */
	scan(text: string, found: (pattern: number, match: RegExpExecArray) => number): void {
		const resumeAt = this.sticky.map(() => 0);
		const tryAt = (at: number, patterns: number) => {
			for (let bit = 0; bit < this.sticky.length; bit++) {
				if ((patterns & (1 << bit)) === 0 || at < resumeAt[bit]) {
					continue;
				}
				const pattern = this.sticky[bit];
				pattern.lastIndex = at;
				const match = pattern.exec(text);
				if (match) {
					resumeAt[bit] = found(bit, match);
				}
			}
		};
		// The hot loop of the rules: the tables in locals, and nothing else done at most places.
		const { characterClass: classes, tripleNumbers: numbers, quadPatterns: quads } = this.tables();
		const length = text.length;
		let quad = 0;
		for (let i = 0; i < length; i++) {
			quad = ((quad << classBits) | classes[text.charCodeAt(i)]) & quadMask;
			const number = numbers[quad >>> classBits];
			if (number !== 0 && i >= 3) {
				const patterns = quads[number * classCount + (quad & (classCount - 1))];
				if (patterns !== 0) {
					tryAt(i - 3, patterns);
				}
			}
		}
		// The last three places, with the end (class 0) after them.
		for (let at = length - 3; at < length; at++) {
			quad = (quad << classBits) & quadMask;
			const patterns = quads[numbers[quad >>> classBits] * classCount + (quad & (classCount - 1))];
			if (patterns !== 0 && at >= 0) {
				tryAt(at, patterns);
			}
		}
	}
}
