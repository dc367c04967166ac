import { lint } from 'markdownlint/sync';
import { optionOf } from '../config';
import { type RawFinding, spanOnLine } from '../findings';
import { bodyCharacters } from './bodyRules';
import type { SkillContext } from './skillContext';

/** A markdownlint finding relative to the body (line 1 = the body's first line), as cached. */
export interface BodyMarkdownFinding {
	rule: string;
	line: number;
	index: number;
	length: number;
	message: string;
}

/**
 * Runs markdownlint over the body text. The result depends only on the body and the markdownlint
 * configuration, which is what makes it cacheable by content.
 */
export function lintBody(body: string, markdownlintConfig: Record<string, unknown>): BodyMarkdownFinding[] {
	const results = lint({ strings: { body }, config: markdownlintConfig, frontMatter: null, handleRuleFailures: true });
	return (results.body ?? []).map(error => {
		const [column, length] = error.errorRange ?? [1, 0];
		const detail = error.errorDetail ? `: ${error.errorDetail}` : '';
		return {
			rule: `md/${error.ruleNames[0]}`,
			line: error.lineNumber,
			index: column - 1,
			length,
			message: `${error.ruleDescription}${detail} (${error.ruleNames.slice(0, 2).join('/')})`,
		};
	});
}

export interface MarkdownlintRunner {
	(body: string, config: Record<string, unknown>): BodyMarkdownFinding[];
}

/** Reports markdownlint's findings in file coordinates; bodies over the size limit are skipped. */
export function markdownlintFindings({ body, config, frontmatter }: SkillContext, run: MarkdownlintRunner): RawFinding[] {
	if (body.lines.length === 0 || frontmatter.state === 'unclosed' || config.severities.md === 'off' && !Object.keys(config.severities).some(id => id.startsWith('md/') && config.severities[id] !== 'off')) {
		return [];
	}
	if (bodyCharacters(body.lines) > optionOf<number>(config, 'md', 'maxBytes')) {
		return [];
	}
	return run(body.lines.join('\n'), config.markdownlint).map(finding => ({
		rule: finding.rule,
		...spanOnLine(body.startLine + finding.line - 1, finding.index, finding.length),
		message: finding.message,
	}));
}
