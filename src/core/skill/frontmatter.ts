import matter from 'gray-matter';

/** The YAML parser gray-matter uses (js-yaml's safe load), which its typings do not list. */
const yamlEngine = (matter as unknown as { engines: { yaml: { parse(text: string): unknown } } }).engines.yaml;
import type { Span } from '../check/findings';

/** Where a key sits in the frontmatter, so findings can point at it and fixes can rewrite it. */
export interface FrontmatterKey {
	key: string;
	/** `metadata` for keys nested under `metadata:`, otherwise undefined. */
	parent?: string;
	/** The key itself. */
	keySpan: Span;
	/** From the first character of the value to the end of its last line (block scalars included). */
	valueSpan: Span;
}

export type FrontmatterState = 'ok' | 'missing' | 'unclosed' | 'invalid';

export interface Frontmatter {
	state: FrontmatterState;
	/** Parsed keys; empty unless `state` is `ok`. YAML dates arrive as `Date` objects. */
	data: Record<string, unknown>;
	/** 1-based line of the closing `---`, or 0 when there is none. */
	closeLine: number;
	/** 1-based line where the Markdown body starts (may be past the last line when the body is empty). */
	bodyStartLine: number;
	keys: FrontmatterKey[];
	/** Why the frontmatter could not be read, and where. */
	error?: { message: string; line: number; column: number };
}

const delimiter = /^---[ \t]*$/;
const topLevelKey = /^([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)/;
const nestedKey = /^([ \t]+)([A-Za-z_][\w.-]*)[ \t]*:(?=[ \t]|$)/;

/**
 * Finds and parses the YAML frontmatter at the top of a SKILL.md with gray-matter. Never throws:
 * a missing, unclosed or unparseable block is reported in `state` and `error`.
 */
export function parseFrontmatter(lines: readonly string[]): Frontmatter {
	if (lines.length === 0 || !delimiter.test(lines[0])) {
		return { state: 'missing', data: {}, closeLine: 0, bodyStartLine: 1, keys: [] };
	}
	let close = -1;
	for (let i = 1; i < lines.length; i++) {
		if (delimiter.test(lines[i])) {
			close = i;
			break;
		}
	}
	if (close === -1) {
		return {
			state: 'unclosed', data: {}, closeLine: 0, bodyStartLine: lines.length + 1, keys: [],
			error: { message: 'the frontmatter opened on line 1 is never closed by a `---` line', line: 1, column: 1 },
		};
	}
	const yamlLines = lines.slice(1, close);
	const result: Frontmatter = { state: 'ok', data: {}, closeLine: close + 1, bodyStartLine: close + 2, keys: locateKeys(yamlLines) };
	// YAML forbids tabs in indentation, but js-yaml 3 (inside gray-matter) reads them as top-level keys.
	const tabbed = yamlLines.findIndex(line => /^ *\t/.test(line));
	if (tabbed !== -1) {
		return { ...result, state: 'invalid', error: { message: `the frontmatter is not valid YAML: a tab indents line ${tabbed + 2}, and YAML allows only spaces (line ${tabbed + 2}, column 1)`, line: tabbed + 2, column: 1 } };
	}
	try {
		// gray-matter's own YAML engine, given the block as matter() gives it: matter() first looks
		// for an empty block with a pattern that takes time quadratic in a run of blank lines.
		const data: unknown = yamlEngine.parse(`\n${yamlLines.join('\n')}\n`);
		if (yamlLines.some(line => line.trim() !== '' && !line.trimStart().startsWith('#')) && !isPlainObject(data)) {
			return { ...result, state: 'invalid', error: { message: 'the frontmatter must be a mapping of keys to values', line: 2, column: 1 } };
		}
		result.data = isPlainObject(data) ? data : {};
	} catch (error) {
		return { ...result, state: 'invalid', error: describeYamlError(error, lines.slice(0, close + 1)) };
	}
	return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

interface YamlException {
	reason?: string;
	message?: string;
	mark?: { line: number; column: number };
}

/**
 * The YAML error as a message and a position inside the frontmatter (`lines`, the closing `---`
 * included). js-yaml's marks can fall outside the text (a duplicated key is marked at a negative
 * column), so the position is clamped to the lines there are.
 */
function describeYamlError(error: unknown, lines: readonly string[]): { message: string; line: number; column: number } {
	const yamlError = error as YamlException;
	const reason = yamlError.reason ?? yamlError.message ?? String(error);
	// gray-matter hands js-yaml the text after the opening `---`, so mark line 0 is file line 1.
	const line = Math.min(Math.max(yamlError.mark ? yamlError.mark.line + 1 : 2, 1), lines.length);
	const column = Math.min(Math.max(yamlError.mark ? yamlError.mark.column + 1 : 1, 1), lines[line - 1].length + 1);
	return { message: `the frontmatter is not valid YAML: ${reason} (line ${line}, column ${column})`, line, column };
}

/** Finds top-level keys and the keys nested one level under `metadata:`, with their spans. */
function locateKeys(yamlLines: readonly string[]): FrontmatterKey[] {
	const keys: FrontmatterKey[] = [];
	let parent: string | undefined;
	let childIndent: string | undefined;
	for (let i = 0; i < yamlLines.length; i++) {
		const text = yamlLines[i];
		const top = topLevelKey.exec(text);
		if (top) {
			parent = top[1] === 'metadata' ? 'metadata' : undefined;
			childIndent = undefined;
			keys.push(makeKey(yamlLines, i, top[1], 0, top[0].length, 0));
			continue;
		}
		const nested = parent ? nestedKey.exec(text) : null;
		if (nested && (childIndent === undefined || nested[1] === childIndent)) {
			childIndent = nested[1];
			keys.push({ ...makeKey(yamlLines, i, nested[2], nested[1].length, nested[0].length, nested[1].length), parent });
		}
	}
	return keys;
}

function makeKey(yamlLines: readonly string[], index: number, key: string, keyStart: number, colonEnd: number, indent: number): FrontmatterKey {
	const line = index + 2;
	const text = yamlLines[index];
	let valueStart = colonEnd;
	while (valueStart < text.length && (text[valueStart] === ' ' || text[valueStart] === '\t')) {
		valueStart++;
	}
	// A value continues over following lines that are blank or indented deeper than its key.
	let last = index;
	for (let j = index + 1; j < yamlLines.length; j++) {
		const next = yamlLines[j];
		if (next.trim() === '') {
			continue;
		}
		const nextIndent = next.length - next.trimStart().length;
		if (nextIndent <= indent) {
			break;
		}
		last = j;
	}
	return {
		key,
		keySpan: { line, column: keyStart + 1, endLine: line, endColumn: keyStart + key.length + 1 },
		valueSpan: last === index
			? { line, column: valueStart + 1, endLine: line, endColumn: text.length + 1 }
			: { line, column: valueStart + 1, endLine: last + 2, endColumn: yamlLines[last].length + 1 },
	};
}

/** Reads a frontmatter value as a string: dates as YYYY-MM-DD, numbers and booleans as written. */
export function frontmatterString(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	if (value instanceof Date && !Number.isNaN(value.getTime())) {
		return value.toISOString().slice(0, 10);
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}
	return undefined;
}

/** Finds a key's location, preferring the top level over `metadata`. */
export function findKey(frontmatter: Frontmatter, key: string): FrontmatterKey | undefined {
	return frontmatter.keys.find(k => k.key === key && !k.parent) ?? frontmatter.keys.find(k => k.key === key);
}
