import type { SkillAnalysis } from '../core/check/analyzeSkill';
import { compareFindings, countFindings, type Finding, type FindingCounts } from '../core/check/findings';

/** What `check` found, ready to print in any format. */
export interface CheckReport {
	cwd: string;
	skills: SkillAnalysis[];
	findings: Finding[];
	counts: FindingCounts;
	elapsedMs: number;
}

export function buildReport(cwd: string, skills: SkillAnalysis[], findings: Finding[], elapsedMs: number): CheckReport {
	const sorted = [...findings].sort(compareFindings);
	return { cwd, skills, findings: sorted, counts: countFindings(sorted), elapsedMs };
}
