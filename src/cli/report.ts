import { compareFindings, countFindings, type Finding, type FindingCounts } from '../core/check/findings';
import type { SuppressedFinding } from '../core/check/suppressions';
import type { SkillResult } from '../core/library/analysisCache';
import { displayPath } from '../core/util/paths';

/** What `check` found, ready to print in any format. */
export interface CheckReport {
	cwd: string;
	skills: readonly Pick<SkillResult, 'file' | 'name' | 'status'>[];
	findings: Finding[];
	counts: FindingCounts;
	/** What suppressions kept from being reported. */
	suppressed: SuppressedFinding[];
	/** A file as the report shows it (relative to `cwd`), worked out once per file: a library's findings name few files many times. */
	show(file: string): string;
}

export function buildReport(cwd: string, skills: CheckReport['skills'], findings: Finding[], suppressed: SuppressedFinding[]): CheckReport {
	const sorted = [...findings].sort(compareFindings);
	const shown = new Map<string, string>();
	const show = (file: string) => {
		let text = shown.get(file);
		if (text === undefined) {
			text = displayPath(file, [cwd]);
			shown.set(file, text);
		}
		return text;
	};
	return { cwd, skills, findings: sorted, counts: countFindings(sorted), suppressed, show };
}

/**
 * A report in one format: its body, which the findings decide, and its closing summary, which the
 * time the check took decides too (a format without one gives an empty string).
 */
export interface RenderedReport {
	body: Iterable<string>;
	summary(elapsedMs: number): string;
}
