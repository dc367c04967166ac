import type { CheckConfig } from '../check/config';
import type { Finding } from '../check/findings';
import { fixContext } from './fixContext';
import { fixesForFinding, fixOrder } from './fixesForFinding';
import { applyPlan, folderOf, type FixState, type SkillFolder } from './fixPlan';

/** What fixing one skill did: the final state and the fixes applied, in order. */
export interface SkillFixResult {
	state: FixState;
	applied: { rule: string; title: string }[];
	/** Whether it stopped at the limit of fixes a skill gets in one run, with more left to fix. */
	stopped: boolean;
}

/** Checks a SKILL.md text (with the sidecars planned so far listed) and returns its findings. */
export type SkillChecker = (text: string, plannedSidecars: readonly string[]) => Finding[];

/** Fixes one skill gets in one run: a bound on the work a hostile file can cause. */
export const maxFixes = 100;

/**
 * Fixes a skill in memory, one fix at a time, re-checking after each so that every fix sees the
 * text as the previous one left it. `rules` limits which findings are fixed.
 */
export function fixSkill(options: {
	text: string;
	folderName: string;
	config: CheckConfig;
	disk: SkillFolder;
	check: SkillChecker;
	today: string;
	rules?: ReadonlySet<string>;
}): SkillFixResult {
	let state: FixState = { text: options.text, sidecars: new Map() };
	const applied: { rule: string; title: string }[] = [];
	const wanted = (rule: string) => !options.rules || options.rules.has(rule) || (rule.startsWith('md/') && options.rules.has('md'));
	const refused = new Set<string>();
	for (let round = 0; ; round++) {
		const findings = options.check(state.text, [...state.sidecars.keys()])
			.filter(finding => wanted(finding.rule) && fixOrder(finding.rule) !== Infinity && !refused.has(`${finding.rule}:${finding.line}:${finding.message}`))
			.sort((a, b) => fixOrder(a.rule) - fixOrder(b.rule) || a.line - b.line);
		const finding = findings[0];
		if (!finding) {
			break;
		}
		if (round === maxFixes) {
			return { state, applied, stopped: true };
		}
		const context = fixContext(state.text, options.folderName, options.config, folderOf(state, options.disk));
		const [plan] = fixesForFinding(context, finding, options.today);
		if (!plan) {
			// Not fixable where it stands (an unclosed fence, a description with no room to split): leave it.
			refused.add(`${finding.rule}:${finding.line}:${finding.message}`);
			continue;
		}
		state = applyPlan(state, plan, options.disk);
		applied.push({ rule: finding.rule, title: plan.title });
	}
	return { state, applied, stopped: false };
}
