import type { SkillAnalysis } from '../core/check/analyzeSkill';
import { compareFindings, countFindings, type Finding, type FindingCounts } from '../core/check/findings';
import type { SuppressedFinding } from '../core/check/suppressions';

/** What `check` found, ready to print in any format. */
export interface CheckReport {
	cwd: string;
	skills: SkillAnalysis[];
	findings: Finding[];
	counts: FindingCounts;
	/** What suppressions kept from being reported. */
	suppressed: SuppressedFinding[];
	elapsedMs: number;
}

export function buildReport(cwd: string, skills: SkillAnalysis[], findings: Finding[], suppressed: SuppressedFinding[], elapsedMs: number): CheckReport {
	const sorted = [...findings].sort(compareFindings);
	return { cwd, skills, findings: sorted, counts: countFindings(sorted), suppressed, elapsedMs };
}
