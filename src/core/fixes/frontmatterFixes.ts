import { intendedKey } from '../check/clients';
import { optionOf } from '../check/config';
import type { Finding } from '../check/findings';
import { characterCount, nameProblem, specNameFrom } from '../rules/frontmatterRules';
import { findKey, type FrontmatterKey, parseFrontmatter } from '../skill/frontmatter';
import { sectionsOf } from '../skill/markdownScan';
import { splitLines } from '../skill/skillText';
import type { FixContext } from './fixContext';
import { applyChanges, type FixPlan, type TextChange } from './fixPlan';

/** A YAML scalar for a string: plain when that is unambiguous, otherwise double-quoted. */
export function yamlString(value: string): string {
	const plainSafe = /^[A-Za-z0-9][^\n]*$/.test(value) && !/:\s|\s#|[:]$/.test(value) && !/^(?:true|false|yes|no|on|off|null|~|[-+]?\d[\d._]*(?:e[-+]?\d+)?)$/i.test(value);
	return plainSafe ? value : JSON.stringify(value);
}

function frontmatterPlan(title: string, rules: string[], changes: TextChange[]): FixPlan {
	return { title, rules, changes, sidecars: [], preferred: true };
}

/**
 * Sets `name` to the folder's name (or, when the folder name is not valid either, to a valid
 * form of the current name); adds `name` when it is missing.
 */
export function fixName(context: FixContext): FixPlan | undefined {
	const { frontmatter, folderName } = context;
	if (frontmatter.state !== 'ok') {
		return undefined;
	}
	const current = frontmatter.data.name;
	const target = nameProblem(folderName) === undefined ? folderName : specNameFrom(typeof current === 'string' ? current : folderName);
	const key = frontmatter.keys.find(candidate => candidate.key === 'name' && !candidate.parent);
	if (!key) {
		return frontmatterPlan(`Add name: ${target}`, ['name-missing'], [{ line: 2, column: 1, endLine: 2, endColumn: 1, text: `name: ${target}${context.eol}` }]);
	}
	if (current === target) {
		return undefined;
	}
	return frontmatterPlan(`Set name to ${target}`, ['name-format', 'name-mismatch', 'name-missing'], [{ ...key.valueSpan, text: target }]);
}

/**
 * Renames a misspelt key to the one a client reads, keeping its value; a suggested fix (the key
 * starts to take effect). None when the right key is already there too.
 */
export function fixMisspeltField(context: FixContext, finding: Finding): FixPlan | undefined {
	const { frontmatter } = context;
	const key = frontmatter.keys.find(candidate => !candidate.parent && candidate.keySpan.line === finding.line);
	const meant = key && intendedKey(key.key);
	if (frontmatter.state !== 'ok' || !key || meant === undefined || meant in frontmatter.data) {
		return undefined;
	}
	return frontmatterPlan(`Rename to ${meant}`, ['misspelt-field'], [{ ...key.keySpan, text: meant }]);
}

/** Splits a description at the last sentence end (or, failing that, word) that fits the limit. */
export function splitDescription(description: string, max: number): [string, string] {
	const characters = [...description];
	const head = characters.slice(0, max).join('');
	const sentenceEnd = Math.max(...[...head.matchAll(/[.!?](?=\s)/g)].map(match => match.index + 1), -1);
	const cut = sentenceEnd > max / 3 ? sentenceEnd : Math.max(head.lastIndexOf(' '), 1);
	return [description.slice(0, cut).trim(), description.slice(cut).trim()];
}

/**
 * Shortens a description that is over the limit by moving its overflow (whole sentences where
 * possible) into the body's `## When to use` section, which is created after the title when
 * missing. Nothing of the text is lost.
 */
export function fixDescriptionLength(context: FixContext): FixPlan | undefined {
	return moveDescriptionOverflow(context, optionOf<number>(context.config, 'description-too-long', 'maxLength'), 'body', 'description-too-long');
}

/**
 * Shortens a description a client cuts or leaves out of its listing to `shortLength`: the rest
 * goes into `when_to_use` when Claude Code, which reads it, is a target and is not the client
 * cutting the skill (Codex and Copilot CLI list the description alone), and into the body's
 * `## When to use` in any case.
 */
export function fixListingBudget(context: FixContext, finding: Finding): FixPlan[] {
	const max = optionOf<number>(context.config, 'listing-budget', 'shortLength');
	const plans = [moveDescriptionOverflow(context, max, 'body', 'listing-budget')];
	// Claude Code lists `when_to_use` with the description: when it is Claude Code that cuts the skill, only the body helps.
	const claudeCodeCuts = /(?:^|; )Claude Code /.test(finding.message);
	if (context.config.targets.includes('claude-code') && !claudeCodeCuts) {
		plans.unshift(moveDescriptionOverflow(context, max, 'when_to_use', 'listing-budget'));
	}
	return plans.filter((plan): plan is FixPlan => plan !== undefined);
}

/** The description cut to whole sentences within `max` characters, its overflow moved word for word to `into`. */
function moveDescriptionOverflow(context: FixContext, max: number, into: 'body' | 'when_to_use', rule: string): FixPlan | undefined {
	const { frontmatter, eol, body } = context;
	const description = frontmatter.data.description;
	const key = findKey(frontmatter, 'description');
	if (frontmatter.state !== 'ok' || typeof description !== 'string' || characterCount(description) <= max || !key || key.parent) {
		return undefined;
	}
	const [kept, overflow] = splitDescription(description.replace(/\s+/g, ' ').trim(), max);
	const changes: TextChange[] = [{ ...key.valueSpan, text: yamlString(kept) }];
	if (into === 'when_to_use') {
		const existing = findKey(frontmatter, 'when_to_use');
		const current = frontmatter.data.when_to_use;
		if (existing && (existing.parent || (current !== undefined && current !== null && typeof current !== 'string'))) {
			return undefined;
		}
		if (existing) {
			const joined = [overflow, typeof current === 'string' ? current.replace(/\s+/g, ' ').trim() : ''].filter(Boolean).join(' ');
			changes.push({ ...existing.valueSpan, text: yamlString(joined) });
			// Both spans are in the frontmatter: keep them in document order.
			changes.sort((a, b) => a.line - b.line || a.column - b.column);
		} else {
			const end = key.valueSpan.endLine;
			const endText = context.lines[end - 1] ?? '';
			changes.push({ line: end, column: endText.length + 1, endLine: end, endColumn: endText.length + 1, text: `${eol}when_to_use: ${yamlString(overflow)}` });
		}
		return { title: `Shorten the description to ${max.toLocaleString('en-US')} characters, the rest to when_to_use`, rules: [rule], changes, sidecars: [], preferred: true };
	}
	const whenToUse = sectionsOf(body).find(section => /^when to use\b/i.test(section.heading.text));
	if (whenToUse) {
		const last = whenToUse.endLine;
		const lastText = context.lines[last - 1] ?? '';
		const text = lastText.trim() === '' ? `${eol}${overflow}${eol}` : `${eol}${eol}${overflow}`;
		changes.push({ line: last, column: lastText.length + 1, endLine: last, endColumn: lastText.length + 1, text });
	} else {
		const title = body.headings[0]?.level === 1 ? body.headings[0].line : undefined;
		const at = title ? title + 1 : body.startLine;
		changes.push({ line: at, column: 1, endLine: at, endColumn: 1, text: `${title ? eol : ''}## When to use${eol}${eol}${overflow}${eol}${title ? '' : eol}` });
	}
	return {
		title: rule === 'description-too-long' ? 'Move the end of the description to "## When to use"' : `Shorten the description to ${max.toLocaleString('en-US')} characters, the rest to "## When to use"`,
		rules: [rule],
		changes,
		sidecars: [],
		preferred: into === 'body' && rule === 'description-too-long',
	};
}

/** Whether a SKILL.md text's frontmatter parses once changed: a syntax fix is offered only then. */
function parsesAfter(context: FixContext, changes: readonly TextChange[]): boolean {
	return parseFrontmatter(splitLines(applyChanges(context.text, changes))).state === 'ok';
}

/** A line that can belong to a YAML mapping: a key, an indented continuation or list item. (A `#` line is the body's heading more often than a comment.) */
const yamlLine = /^(?:[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)|[ \t]+\S|-[ \t])/;

/**
 * Closes a frontmatter block that is never closed: `---` after the run of YAML lines that opens
 * the file (so the body's heading and prose stay the body).
 */
function closeFrontmatter(context: FixContext): FixPlan | undefined {
	const { lines, eol } = context;
	let last = 1;
	while (last < lines.length && yamlLine.test(lines[last])) {
		last++;
	}
	if (last === 1) {
		return undefined;
	}
	const changes: TextChange[] = [{ line: last + 1, column: 1, endLine: last + 1, endColumn: 1, text: `---${eol}` }];
	if (last === lines.length) {
		// The frontmatter runs to the end of the file: the closing line goes after its last line.
		const end = lines[last - 1];
		changes[0] = { line: last, column: end.length + 1, endLine: last, endColumn: end.length + 1, text: `${eol}---` };
	}
	return parsesAfter(context, changes) ? frontmatterPlan(`Close the frontmatter with --- after line ${last}`, ['frontmatter-invalid'], changes) : undefined;
}

/** A plain (unquoted, single-line) scalar that holds `: `, which YAML reads as a second key. */
function colonValue(context: FixContext, key: FrontmatterKey): TextChange | undefined {
	const { valueSpan } = key;
	if (valueSpan.endLine !== valueSpan.line) {
		return undefined;
	}
	const value = context.lines[valueSpan.line - 1].slice(valueSpan.column - 1).trimEnd();
	// Quoted, flow, block, anchored or tagged values, and ones with a comment, are left to a person.
	if (!/:\s/.test(value) || /^["'[{|>&*!%@`]/.test(value) || /\s#/.test(value)) {
		return undefined;
	}
	return { ...valueSpan, endColumn: valueSpan.column + value.length, text: JSON.stringify(value) };
}

/** Double-quotes every plain value that holds `: ` (`description: Use when: …`). */
function quoteColonValues(context: FixContext): FixPlan | undefined {
	const quoted = context.frontmatter.keys.flatMap(key => {
		const change = colonValue(context, key);
		return change ? [{ key, change }] : [];
	});
	if (quoted.length === 0 || !parsesAfter(context, quoted.map(entry => entry.change))) {
		return undefined;
	}
	const title = quoted.length === 1 ? `Quote the value of ${quoted[0].key.key}` : `Quote the values of ${quoted.map(entry => entry.key.key).join(', ')}`;
	return frontmatterPlan(title, ['frontmatter-invalid'], quoted.map(entry => entry.change));
}

/** Indents the frontmatter with spaces where tabs indent it (a tab for two spaces), as YAML requires. */
function tabsToSpaces(context: FixContext): FixPlan | undefined {
	const { lines, frontmatter } = context;
	const changes: TextChange[] = [];
	for (let line = 2; line < frontmatter.closeLine; line++) {
		const indent = /^[ \t]*/.exec(lines[line - 1])?.[0] ?? '';
		if (indent.includes('\t')) {
			changes.push({ line, column: 1, endLine: line, endColumn: indent.length + 1, text: indent.replace(/\t/g, '  ') });
		}
	}
	return changes.length > 0 && parsesAfter(context, changes) ? frontmatterPlan('Indent the frontmatter with spaces instead of tabs', ['frontmatter-invalid'], changes) : undefined;
}

/**
 * The repairs of a frontmatter that does not parse: the closing `---` added, a value holding `: `
 * quoted, tabs in its indentation made spaces. Each is offered only when the frontmatter then parses.
 */
export function fixFrontmatterSyntax(context: FixContext): FixPlan[] {
	const { state } = context.frontmatter;
	if (state === 'unclosed') {
		return [closeFrontmatter(context)].filter(plan => plan !== undefined);
	}
	if (state === 'invalid') {
		return [tabsToSpaces(context), quoteColonValues(context)].filter(plan => plan !== undefined);
	}
	return [];
}
