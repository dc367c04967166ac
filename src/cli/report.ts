import * as path from 'node:path';
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

/** A path as the person running the command would write it: relative when inside the current folder, with `/`. */
export function displayPath(cwd: string, file: string): string {
	const relative = path.relative(cwd, file);
	const shown = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
	return shown.split(path.sep).join('/');
}
