import type { Colors } from 'picocolors/types';
import type { Severity } from '../core/check/findings';
import { plural, printable } from '../core/util/text';
import type { CheckReport, ReportFormat, ReportTally } from './report';

const labels: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/** The report for people: findings grouped by file, then one summary line. */
export function textFormat(colors: Colors): ReportFormat {
	return { body: report => [textBody(report, colors)], summary: (tally, elapsedMs) => `${summaryLine(tally, colors, elapsedMs)}\n` };
}

function textBody(report: CheckReport, colors: Colors): string {
	const paint: Record<Severity, (text: string) => string> = { error: colors.red, warning: colors.yellow, info: colors.blue };
	const out: string[] = [];
	let currentFile: string | undefined;
	for (const finding of report.findings) {
		if (finding.file !== currentFile) {
			if (currentFile !== undefined) {
				out.push('');
			}
			currentFile = finding.file;
			out.push(colors.underline(printable(report.show(finding.file))));
		}
		const position = `${finding.line}:${finding.column}`.padEnd(8);
		out.push(`  ${colors.dim(position)} ${paint[finding.severity](labels[finding.severity].padEnd(7))}  ${printable(finding.message)}  ${colors.dim(finding.rule)}`);
		for (const related of finding.related) {
			out.push(`  ${' '.repeat(8)} ${' '.repeat(7)}  ${colors.dim(printable(`↳ ${report.show(related.file)}:${related.line} ${related.message}`))}`);
		}
	}
	return out.length > 0 ? `${out.join('\n')}\n\n` : '';
}

function summaryLine(tally: ReportTally, colors: Colors, elapsedMs: number): string {
	const { errors, warnings, infos } = tally.counts;
	const total = errors + warnings + infos;
	const skills = plural(tally.skills, 'skill');
	const seconds = `${(elapsedMs / 1000).toFixed(2)} s`;
	const suppressed = tally.suppressed.total > 0 ? `, ${tally.suppressed.total} suppressed` : '';
	return total === 0
		? colors.green(`✔ no problems in ${skills}`) + colors.dim(` (${seconds}${suppressed})`)
		: `${(errors > 0 ? colors.red : colors.yellow)(`✖ ${plural(total, 'problem')}`)} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info', 'info')}) in ${skills}${colors.dim(` (${seconds}${suppressed})`)}`;
}
