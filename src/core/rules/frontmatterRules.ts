import { clientIds, clients, intendedKey, specFields } from '../check/clients';
import { knownTopLevelKeys, optionOf } from '../check/config';
import { spanOnLine, type Span } from '../check/findings';
import { findKey, type FrontmatterKey } from '../skill/frontmatter';
import { lifecycleKeys } from '../skill/lifecycle';
import type { SkillRule } from './skillContext';

const validName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const maxNameLength = 64;

/** The key's own span, or the opening `---` when the key is absent. */
function keyOrOpening(key: FrontmatterKey | undefined): Span {
	return key ? key.keySpan : spanOnLine(1, 0, 3);
}

/** Characters as the spec counts them: code points, so an emoji is one, not two UTF-16 units. */
export function characterCount(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0xdc00 || code > 0xdfff) {
			count++;
		}
	}
	return count;
}

/** Explains what is wrong with a skill name, or returns undefined when the spec accepts it. */
export function nameProblem(name: string): string | undefined {
	if (name.length === 0) {
		return 'is empty';
	}
	if (/[/\\]/.test(name) || name.includes('..')) {
		return 'contains a path separator or `..`; a name must be a single folder name';
	}
	if (characterCount(name) > maxNameLength) {
		return `is ${characterCount(name)} characters long; the limit is ${maxNameLength}`;
	}
	if (name.startsWith('-') || name.endsWith('-')) {
		return 'must not start or end with `-`';
	}
	if (name.includes('--')) {
		return 'must not contain `--`';
	}
	if (!validName.test(name)) {
		return 'may only contain lower-case letters `a-z`, digits `0-9` and single hyphens';
	}
	return undefined;
}

/**
 * A spec-valid name made from any text: lower case, `a-z0-9` words joined by single hyphens, at
 * most 64 characters (cut at a word's end where there is one); "skill" when nothing is left.
 */
export function specNameFrom(text: string): string {
	const name = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
	const cut = name.length > maxNameLength ? name.slice(0, maxNameLength + 1).replace(/-[^-]*$/, '') || name.slice(0, maxNameLength) : name;
	return cut.replace(/-+$/, '') || 'skill';
}

export const frontmatterInvalid: SkillRule = ({ text, frontmatter }, report) => {
	if (text.hasBom) {
		report({
			rule: 'frontmatter-invalid', severity: 'warning', ...spanOnLine(1, 0, 1),
			message: 'the file starts with a byte-order mark; strict parsers (skills-ref, quick_validate.py) then find no frontmatter. Save it as UTF-8 without BOM.',
		});
	}
	if (frontmatter.state === 'missing') {
		const message = text.lines.length === 0
			? 'the file is empty: a skill needs frontmatter with `name` and `description`'
			: 'no frontmatter: SKILL.md must start with a `---` line, then `name:` and `description:`, then a closing `---` line';
		report({ rule: 'frontmatter-invalid', ...spanOnLine(1, 0, text.lines[0]?.length ?? 0), message });
	} else if (frontmatter.error) {
		const { line, column, message } = frontmatter.error;
		const lineText = text.lines[line - 1] ?? '';
		report({ rule: 'frontmatter-invalid', line, column, endLine: line, endColumn: Math.max(lineText.length + 1, column + 1), message });
	}
};

export const nameRules: SkillRule = ({ frontmatter, folderName, lifecycle }, report) => {
	if (frontmatter.state !== 'ok') {
		return;
	}
	const key = findKey(frontmatter, 'name');
	const value = frontmatter.data.name;
	if (key?.parent || value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		report({ rule: 'name-missing', ...keyOrOpening(key?.parent ? undefined : key), message: 'the frontmatter has no `name`; add `name: ' + folderName + '`' });
		return;
	}
	if (typeof value !== 'string') {
		report({ rule: 'name-format', ...keyOrOpening(key), message: `\`name\` must be a string, not ${Array.isArray(value) ? 'a list' : typeof value}` });
		return;
	}
	const problem = nameProblem(value);
	if (problem) {
		report({ rule: 'name-format', ...(key ? key.valueSpan : spanOnLine(1)), message: `name "${value}" ${problem}` });
		return;
	}
	// A proposal's folder is named for the proposal (a second update of one skill is `<name>-2`).
	if (value !== folderName && lifecycle.status !== 'proposed') {
		const folderProblem = nameProblem(folderName);
		report({
			rule: 'name-mismatch', ...(key ? key.valueSpan : spanOnLine(1)),
			message: folderProblem
				? `name "${value}" differs from its folder "${folderName}", and the folder name ${folderProblem}: rename the folder to "${value}"`
				: `name "${value}" differs from its folder "${folderName}"; the spec requires them to be equal`,
		});
	}
};

export const descriptionRules: SkillRule = ({ frontmatter, config }, report) => {
	if (frontmatter.state !== 'ok') {
		return;
	}
	const key = findKey(frontmatter, 'description');
	const value = frontmatter.data.description;
	if (key?.parent || typeof value !== 'string' || value.trim() === '') {
		const what = value === undefined || value === null || key?.parent ? 'has no `description`' : typeof value === 'string' ? 'has an empty `description`' : '`description` is not text';
		report({ rule: 'description-missing', ...keyOrOpening(key?.parent ? undefined : key), message: `the frontmatter ${what}: say what the skill does and when to use it` });
		return;
	}
	const max = optionOf<number>(config, 'description-too-long', 'maxLength');
	const length = characterCount(value);
	if (length > max) {
		report({
			rule: 'description-too-long', ...(key ? key.valueSpan : spanOnLine(1)),
			message: `the description is ${length.toLocaleString('en-US')} characters; the limit is ${max.toLocaleString('en-US')} and Codex skips skills over it`,
		});
	}
};

export const compatibilityTooLong: SkillRule = ({ frontmatter, config }, report) => {
	const value = frontmatter.data.compatibility;
	const max = optionOf<number>(config, 'compatibility-too-long', 'maxLength');
	if (typeof value === 'string' && characterCount(value) > max) {
		const key = findKey(frontmatter, 'compatibility');
		report({ rule: 'compatibility-too-long', ...(key ? key.valueSpan : spanOnLine(1)), message: `\`compatibility\` is ${characterCount(value)} characters; the spec allows ${max}` });
	}
};

export const unknownField: SkillRule = ({ frontmatter, config }, report) => {
	if (frontmatter.state !== 'ok') {
		return;
	}
	const known = knownTopLevelKeys(config);
	for (const name of Object.keys(frontmatter.data)) {
		if (known.has(name)) {
			continue;
		}
		const key = frontmatter.keys.find(k => k.key === name && !k.parent);
		const isLifecycle = (lifecycleKeys as readonly string[]).includes(name);
		const meant = isLifecycle ? undefined : intendedKey(name);
		if (meant !== undefined) {
			report({
				rule: 'misspelt-field', ...(key ? key.keySpan : spanOnLine(2)),
				message: `\`${name}\` is no key a client reads: it looks like \`${meant}\`, which ${readersOf(meant)} — as written, it silently does nothing`,
			});
			continue;
		}
		report({
			rule: 'unknown-field', ...(key ? key.keySpan : spanOnLine(2)),
			message: isLifecycle
				? `lifecycle key \`${name}\` belongs under \`metadata:\` (as a string) in the ${config.profile} profile`
				: `\`${name}\` is not a field the ${config.profile} profile knows; move it under \`metadata:\` or remove it`,
		});
	}
};

/** Who reads a key, in words: "Claude Code reads", "the spec defines". */
function readersOf(key: string): string {
	if ((specFields as readonly string[]).includes(key)) {
		return 'the spec defines';
	}
	const readers = clientIds.filter(client => clients[client].fields.includes(key)).map(client => clients[client].label);
	return `${readers.join(' and ')} read${readers.length === 1 ? 's' : ''}`;
}

export const reservedName: SkillRule = ({ frontmatter, folderName, config }, report) => {
	const name = typeof frontmatter.data.name === 'string' ? frontmatter.data.name : folderName;
	for (const client of config.targets) {
		const reserved = clients[client].reservedNames;
		if (reserved?.test(name)) {
			const key = findKey(frontmatter, 'name');
			report({ rule: 'reserved-name', ...(key ? key.valueSpan : spanOnLine(1)), message: `"${name}" is a name ${clients[client].label} keeps for itself (${clients[client].since}): the skill will not load as written; choose another name` });
			return;
		}
	}
};

/** What lenient clients read as a boolean besides YAML's own true and false. */
const lenientBoolean = /^(?:yes|no|on|off|1|0)$/i;

export const booleanValue: SkillRule = ({ frontmatter, config }, report) => {
	if (frontmatter.state !== 'ok') {
		return;
	}
	for (const field of new Set(config.targets.flatMap(client => clients[client].booleanFields))) {
		const value = frontmatter.data[field];
		if (value === undefined || typeof value === 'boolean') {
			continue;
		}
		const readers = config.targets.filter(client => clients[client].booleanFields.includes(field));
		const lenient = readers.filter(client => clients[client].lenientBooleans);
		const strict = readers.filter(client => !clients[client].lenientBooleans);
		const text = String(value);
		if (lenientBoolean.test(text) && strict.length === 0) {
			continue;
		}
		const key = findKey(frontmatter, field);
		const means = /^(?:yes|on|1)$/i.test(text) ? 'true' : 'false';
		report({
			rule: 'boolean-value', ...(key ? key.valueSpan : spanOnLine(2)),
			message: lenientBoolean.test(text)
				? `\`${field}: ${text}\` is read as ${means} by ${lenient.map(client => `${clients[client].label} (${clients[client].since})`).join(', ')} but as text by ${strict.map(client => clients[client].label).join(', ')}: write \`${means}\``
				: `\`${field}: ${text}\` is not true or false, so no client reads it as either: write \`true\` or \`false\``,
		});
	}
};
