import type { Finding } from '../check/findings';
import { type RuleId, ruleMeta } from '../rules/catalog';
import { lintBody } from '../rules/markdownlintRules';
import type { FixContext } from './fixContext';
import type { FixPlan } from './fixPlan';
import { fixDescriptionLength, fixFrontmatterSyntax, fixListingBudget, fixMisspeltField, fixName } from './frontmatterFixes';
import { offloadAllCodeBlocks, offloadCodeBlock } from './offloadCodeBlocks';
import { offloadLessons } from './offloadLessons';
import { chooseSections, offloadSections, sectionCandidates } from './offloadSections';
import { fixHardcodedPath, fixMarkdownlint } from './textFixes';

/** Rules with a fix, in the order a whole skill is fixed: frontmatter, then text, then offloads (smallest first). */
export const fixableRules = [
	'frontmatter-invalid', 'name-missing', 'name-format', 'name-mismatch', 'misspelt-field', 'description-too-long', 'listing-budget', 'hardcoded-path', 'md',
	'long-code-block', 'code-heavy', 'dated-sections', 'body-too-long', 'body-too-many-tokens',
] as const satisfies readonly RuleId[];

/** The rules whose fixes are `safe`: what Fix All, on save and in the library, applies without a person choosing. */
export const safeFixRules: ReadonlySet<string> = new Set<string>(fixableRules.filter(rule => ruleMeta(rule)?.fixTier === 'safe'));

/** Whether a rule's fix is safe to apply unasked (`md/<rule>` counts as `md`); the others are only suggested. */
export function isSafeFix(rule: string): boolean {
	return safeFixRules.has(rule.startsWith('md/') ? 'md' : rule);
}

/** Where a rule's fixes come in the fixing order; rules without a fix come last. */
export function fixOrder(rule: string): number {
	const index = (fixableRules as readonly string[]).indexOf(rule.startsWith('md/') ? 'md' : rule);
	return index === -1 ? Infinity : index;
}

/** Whether a rule id has a fix (`md/<rule>` counts as `md`; markdownlint only fixes some of its findings). */
export function isFixable(rule: string): boolean {
	return fixOrder(rule) !== Infinity;
}

/**
 * The fixes for one finding on the text it was found in. Section offloads here are chosen
 * automatically (the editor also lets a person choose them).
 */
export function fixesForFinding(context: FixContext, finding: Finding, today: string): FixPlan[] {
	const plans: (FixPlan | undefined)[] = [];
	switch (finding.rule) {
		case 'frontmatter-invalid':
			plans.push(...fixFrontmatterSyntax(context));
			break;
		case 'name-missing':
		case 'name-format':
		case 'name-mismatch':
			plans.push(fixName(context));
			break;
		case 'misspelt-field':
			plans.push(fixMisspeltField(context, finding));
			break;
		case 'description-too-long':
			plans.push(fixDescriptionLength(context));
			break;
		case 'listing-budget':
			plans.push(...fixListingBudget(context, finding));
			break;
		case 'hardcoded-path':
			plans.push(fixHardcodedPath(context, finding));
			break;
		case 'long-code-block':
			plans.push(offloadCodeBlock(context, finding.line));
			break;
		case 'code-heavy':
			plans.push(offloadAllCodeBlocks(context));
			break;
		case 'dated-sections':
			plans.push(offloadLessons(context, today));
			break;
		case 'body-too-long':
		case 'body-too-many-tokens':
			plans.push(offloadSections(context, chooseSections(context, sectionCandidates(context)), today));
			break;
		default:
			if (finding.rule.startsWith('md/')) {
				const bodyLine = finding.line - context.body.startLine + 1;
				const found = lintBody(context.body.lines.join('\n'), context.config.markdownlint)
					.find(candidate => candidate.rule === finding.rule && candidate.line === bodyLine && candidate.fixInfo);
				plans.push(found?.fixInfo ? fixMarkdownlint(context, finding.line, found.fixInfo, finding.rule) : undefined);
			}
	}
	return plans.filter((plan): plan is FixPlan => plan !== undefined && (plan.changes.length > 0 || plan.sidecars.length > 0));
}
