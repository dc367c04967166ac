import { type ClientFacts, clients } from '../check/clients';
import { optionOf } from '../check/config';
import { spanOnLine } from '../check/findings';
import type { BodyModel } from '../skill/markdownScan';
import type { SkillRule } from './skillContext';

export const nestedSkill: SkillRule = ({ nestedIn, config }, report) => {
	if (nestedIn === undefined) {
		return;
	}
	const loads = config.targets.map(client => clients[client].nestedSkills);
	report({
		rule: 'nested-skill', ...spanOnLine(1, 0, 3),
		message: `this skill sits inside the folder of the skill "${nestedIn}"${loads.length > 0 ? `: ${loads.join('; ')}` : ''}`,
	});
};

/** A heading over rules: what a reader must not miss. */
const rulesHeading = /\b(?:rules?|critical|important|must|never|always|constraints?|requirements?|gotchas?|warnings?|safety|do not|don'?t)\b/i;
/** A line that lays down a rule by itself: "**Never** push to main", "IMPORTANT: …", "- MUST run …". */
const ruleLine = /^\s*(?:(?:[-*+]|\d+[.)])\s*)?(?:\*\*|__)?(?:NEVER|ALWAYS|MUST(?: NOT)?|DO NOT|DON'T|IMPORTANT|CRITICAL|WARNING)\b/;

/**
 * The first rule a client may lose: one past the part of a long body the client keeps (Claude Code
 * after compaction) or reads (Codex's model). Once per client; clients losing the same line share
 * one finding.
 */
export const buriedRule: SkillRule = ({ body, config }, report) => {
	const charsPerToken = optionOf<number>(config, 'body-too-many-tokens', 'charsPerToken');
	const byLine = new Map<number, string[]>();
	for (const client of config.targets) {
		const kept = clients[client].bodyKept;
		const line = kept && firstRuleBeyond(body, kept, charsPerToken);
		if (kept && line !== undefined) {
			const limit = kept.tokens !== undefined ? `the first ${kept.tokens.toLocaleString('en-US')} tokens (${kept.when})` : `line ${kept.lines} (${kept.when})`;
			byLine.set(line, [...byLine.get(line) ?? [], limit]);
		}
	}
	for (const [line, limits] of byLine) {
		report({ rule: 'buried-rule', ...spanOnLine(line, 0, body.lines[line - body.startLine].length), message: `this rule comes after ${limits.join(' and after ')}: move the rules that matter near the top` });
	}
};

function firstRuleBeyond(body: BodyModel, kept: NonNullable<ClientFacts['bodyKept']>, charsPerToken: number): number | undefined {
	const rulesHeadings = new Set(body.headings.filter(heading => rulesHeading.test(heading.text)).map(heading => heading.line));
	let characters = 0;
	for (let index = 0; index < body.lines.length; index++) {
		const line = body.startLine + index;
		characters += body.lines[index].length + 1;
		const past = (kept.tokens !== undefined && characters / charsPerToken > kept.tokens) || (kept.lines !== undefined && line > kept.lines);
		// A rules section that starts in time is read from its start; one that starts too late, or a rule line on its own, may not be.
		if (past && body.inFence[index] !== 1 && (rulesHeadings.has(line) || ruleLine.test(body.lines[index]))) {
			return line;
		}
	}
	return undefined;
}
