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

/** What a report's closing summary says besides the time: enough to print it again without the findings. */
export interface ReportTally {
	skills: number;
	counts: FindingCounts;
	suppressed: { total: number; inline: number; config: number; byRule: Record<string, number> };
}

export function tallyReport(report: CheckReport): ReportTally {
	const byRule: Record<string, number> = {};
	for (const finding of [...report.suppressed].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))) {
		byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
	}
	return {
		skills: report.skills.length,
		counts: report.counts,
		suppressed: {
			total: report.suppressed.length,
			inline: report.suppressed.filter(finding => finding.via === 'inline').length,
			config: report.suppressed.filter(finding => finding.via === 'config').length,
			byRule,
		},
	};
}

/**
 * A report format: the body, which the findings decide, and the closing summary, which the tally
 * and the time the check took decide (a format without one gives an empty string). The body of an
 * unchanged library's report is kept and printed again (see `KeptReport`); the summary is made anew.
 */
export interface ReportFormat {
	body(report: CheckReport): Iterable<string>;
	summary(tally: ReportTally, elapsedMs: number): string;
}
