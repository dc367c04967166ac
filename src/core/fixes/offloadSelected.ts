import type { CheckConfig } from '../check/config';
import { fixContext } from './fixContext';
import { applyPlan, folderOf, type FixState, type SkillFolder } from './fixPlan';
import { offloadCodeBlock } from './offloadCodeBlocks';
import { offloadLessons } from './offloadLessons';
import { offloadSections, sectionCandidates } from './offloadSections';

/** Something a person picked to move out of SKILL.md. */
export type OffloadChoice =
	| { kind: 'block'; openLine: number }
	| { kind: 'section'; heading: string }
	| { kind: 'lessons' };

/**
 * Applies several offloads a person picked, as one result: code blocks first, from the bottom up
 * so each block's line still holds when it is moved; then the sections (found again by their
 * headings), which take any pointer left inside them along; then the lessons.
 */
export function offloadSelected(options: { text: string; folderName: string; config: CheckConfig; disk: SkillFolder; today: string; choices: readonly OffloadChoice[] }): FixState {
	let state: FixState = { text: options.text, sidecars: new Map() };
	const contextOf = () => fixContext(state.text, options.folderName, options.config, folderOf(state, options.disk));
	const blocks = options.choices.flatMap(choice => (choice.kind === 'block' ? [choice.openLine] : [])).sort((a, b) => b - a);
	for (const openLine of blocks) {
		const plan = offloadCodeBlock(contextOf(), openLine);
		if (plan) {
			state = applyPlan(state, plan, options.disk);
		}
	}
	const headings = new Set(options.choices.flatMap(choice => (choice.kind === 'section' ? [choice.heading] : [])));
	if (headings.size > 0) {
		const context = contextOf();
		const plan = offloadSections(context, sectionCandidates(context).filter(candidate => headings.has(candidate.section.heading.text)), options.today);
		if (plan) {
			state = applyPlan(state, plan, options.disk);
		}
	}
	if (options.choices.some(choice => choice.kind === 'lessons')) {
		const plan = offloadLessons(contextOf(), options.today);
		if (plan) {
			state = applyPlan(state, plan, options.disk);
		}
	}
	return state;
}
