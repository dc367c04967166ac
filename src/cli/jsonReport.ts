import type { CheckReport } from './report';

/**
 * The `--format json` document: one object with skills, diagnostics and a summary, exactly as
 * `JSON.stringify(document, null, 2)` writes it, in pieces: a library's report runs to tens of
 * megabytes, which as one string (and one object per diagnostic alive at once) costs more time
 * in garbage collection than in writing.
 */
export function* formatJson(report: CheckReport): Generator<string> {
	const perFile = new Map<string, number>();
	for (const finding of report.findings) {
		perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
	}
	yield '{\n  "skills": ';
	yield* indentedArray(report.skills, skill => ({
		path: report.show(skill.file),
		name: skill.name ?? null,
		status: skill.status,
		diagnostics: perFile.get(skill.file) ?? 0,
	}));
	yield ',\n  "diagnostics": ';
	yield* indentedArray(report.findings, finding => ({
		file: report.show(finding.file),
		line: finding.line,
		column: finding.column,
		endLine: finding.endLine,
		endColumn: finding.endColumn,
		rule: finding.rule,
		severity: finding.severity,
		message: finding.message,
		related: finding.related.map(related => ({ file: report.show(related.file), line: related.line })),
	}));
	const summary = {
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
	};
	yield `,\n  "summary": ${indented(summary)}\n}\n`;
}

/** A value as `JSON.stringify(…, null, 2)` writes it one level down, as a property of the top-level object. */
function indented(value: unknown, indent = '  '): string {
	return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

/** An array of the top-level object, written as `JSON.stringify` would, one item at a time. */
function* indentedArray<T>(items: readonly T[], shape: (item: T) => unknown): Generator<string> {
	if (items.length === 0) {
		yield '[]';
		return;
	}
	for (let i = 0; i < items.length; i++) {
		yield `${i === 0 ? '[' : ','}\n    ${indented(shape(items[i]), '    ')}`;
	}
	yield '\n  ]';
}

function countByRule(findings: readonly { rule: string }[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const finding of [...findings].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))) {
		counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
	}
	return counts;
}
