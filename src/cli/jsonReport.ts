import { displayPath } from '../core/util/paths';
import type { CheckReport } from './report';

/** The `--format json` document: one object with skills, diagnostics and a summary. */
export function formatJson(report: CheckReport): string {
	const perFile = new Map<string, number>();
	for (const finding of report.findings) {
		perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
	}
	const document = {
		skills: report.skills.map(skill => ({
			path: displayPath(skill.file, [report.cwd]),
			name: skill.name ?? null,
			status: skill.status,
			diagnostics: perFile.get(skill.file) ?? 0,
		})),
		diagnostics: report.findings.map(finding => ({
			file: displayPath(finding.file, [report.cwd]),
			line: finding.line,
			column: finding.column,
			endLine: finding.endLine,
			endColumn: finding.endColumn,
			rule: finding.rule,
			severity: finding.severity,
			message: finding.message,
			related: finding.related.map(related => ({ file: displayPath(related.file, [report.cwd]), line: related.line })),
		})),
		summary: {
			skills: report.skills.length,
			errors: report.counts.errors,
			warnings: report.counts.warnings,
			infos: report.counts.infos,
			suppressed: {
				total: report.suppressed.length,
				inline: report.suppressed.filter(finding => finding.via === 'inline').length,
				config: report.suppressed.filter(finding => finding.via === 'config').length,
				byRule: countByRule(report.suppressed),
			},
			elapsedMs: Math.round(report.elapsedMs),
		},
	};
	return JSON.stringify(document, null, 2) + '\n';
}

function countByRule(findings: readonly { rule: string }[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const finding of [...findings].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))) {
		counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
	}
	return counts;
}
