import { isFindingRule } from '../rules/catalog';
import type { Finding, RawFinding } from './findings';
import { spanOnLine } from './findings';

/**
 * Suppressions: a person saying, with a reason, that a finding is not to be reported. Inline in a
 * SKILL.md (`<!-- skill-distiller-disable-next-line <rule> -- <reason> -->`, or
 * `skill-distiller-disable` for the whole file) or in the configuration file's `suppress` list.
 * One without a reason, or naming no rule the catalog knows, suppresses nothing and is reported.
 */

/** A suppression written in a SKILL.md. */
export interface InlineSuppression {
	rules: string[];
	/** The line whose findings it suppresses; undefined for the whole file. */
	line?: number;
	reason: string;
}

/** A suppression in the configuration file: a rule, for the whole project or for the skills named. */
export interface ConfigSuppression {
	rule: string;
	reason: string;
	/** Skill names (`<plugin>:<name>` for a plugin's skill); every skill when absent. */
	skills?: string[];
}

/** A finding that was not reported, and what suppressed it. */
export interface SuppressedFinding {
	rule: string;
	line: number;
	via: 'inline' | 'config';
}

const directive = /<!--\s*skill-distiller-(disable-next-line|disable)\b(.*?)-->/g;

/**
 * The inline suppressions of a body, read from its prose lines (so an example inside code is not
 * one), and a finding for each that must be ignored.
 */
export function readInlineSuppressions(prose: readonly string[], startLine: number): { suppressions: InlineSuppression[]; invalid: RawFinding[] } {
	const suppressions: InlineSuppression[] = [];
	const invalid: RawFinding[] = [];
	prose.forEach((text, index) => {
		if (!text.includes('skill-distiller-disable')) {
			return;
		}
		const line = startLine + index;
		directive.lastIndex = 0;
		for (let match = directive.exec(text); match; match = directive.exec(text)) {
			const [rulesPart, ...reasonParts] = match[2].split(/\s--\s|\s--$/);
			const rules = rulesPart.split(/[\s,]+/).filter(Boolean);
			const reason = reasonParts.join(' -- ').trim();
			const problem = rules.length === 0 ? 'names no rule'
				: rules.find(rule => !isFindingRule(rule)) !== undefined ? `names "${rules.find(rule => !isFindingRule(rule))}", which is no rule`
					: reason === '' ? 'gives no reason (write it after " -- ")' : undefined;
			if (problem) {
				invalid.push({ rule: 'invalid-suppression', ...spanOnLine(line, match.index, match[0].length), message: `this suppression ${problem}, so it suppresses nothing` });
			} else {
				suppressions.push({ rules, reason, line: match[1] === 'disable-next-line' ? line + 1 : undefined });
			}
		}
	});
	return { suppressions, invalid };
}

function names(rules: readonly string[], rule: string): boolean {
	return rules.includes(rule) || (rule.startsWith('md/') && rules.includes('md'));
}

/**
 * Splits a skill's findings into those reported and those suppressed, by its inline suppressions
 * and the configuration's; `skillName` is the name configuration entries match.
 */
export function applySuppressions(findings: readonly Finding[], inline: readonly InlineSuppression[], configured: readonly ConfigSuppression[], skillName: string): { kept: Finding[]; suppressed: SuppressedFinding[] } {
	const kept: Finding[] = [];
	const suppressed: SuppressedFinding[] = [];
	for (const finding of findings) {
		// A suppression that is itself wrong must stay visible.
		if (finding.rule === 'invalid-suppression') {
			kept.push(finding);
		} else if (inline.some(suppression => names(suppression.rules, finding.rule) && (suppression.line === undefined || suppression.line === finding.line))) {
			suppressed.push({ rule: finding.rule, line: finding.line, via: 'inline' });
		} else if (configured.some(suppression => names([suppression.rule], finding.rule) && (!suppression.skills || suppression.skills.includes(skillName)))) {
			suppressed.push({ rule: finding.rule, line: finding.line, via: 'config' });
		} else {
			kept.push(finding);
		}
	}
	return { kept, suppressed };
}
