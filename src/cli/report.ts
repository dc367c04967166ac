import type { SkillAnalysis } from '../core/check/analyzeSkill';
import { compareFindings, countFindings, type Finding, type FindingCounts } from '../core/check/findings';
import type { SuppressedFinding } from '../core/check/suppressions';
import { displayPath } from '../core/util/paths';

/** What `check` found, ready to print in any format. */
export interface CheckReport {
	cwd: string;
	skills: SkillAnalysis[];
	findings: Finding[];
	counts: FindingCounts;
	/** What suppressions kept from being reported. */
	suppressed: SuppressedFinding[];
	elapsedMs: number;
	/** A file as the report shows it (relative to `cwd`), worked out once per file: a library's findings name few files many times. */
	show(file: string): string;
}

export function buildReport(cwd: string, skills: SkillAnalysis[], findings: Finding[], suppressed: SuppressedFinding[], elapsedMs: number): CheckReport {
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
	return { cwd, skills, findings: sorted, counts: countFindings(sorted), suppressed, elapsedMs, show };
}
