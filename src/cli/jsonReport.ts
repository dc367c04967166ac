import type { CheckReport, ReportFormat, ReportTally } from './report';

/**
 * The `--format json` document: one object with skills, diagnostics and a summary, exactly as
 * `JSON.stringify(document, null, 2)` writes it, in pieces: a library's report runs to tens of
 * megabytes, which as one string (and one object per diagnostic alive at once) costs more time
 * in garbage collection than in writing.
 */
export const jsonFormat: ReportFormat = { body: jsonBody, summary: jsonSummary };

function* jsonBody(report: CheckReport): Generator<string> {
	const perFile = new Map<string, number>();
	for (const finding of report.findings) {
		perFile.set(finding.file, (perFile.get(finding.file) ?? 0) + 1);
	}
	const text = JSON.stringify;
	yield '{\n  "skills": ';
	// Each item spelled out as `JSON.stringify(…, null, 2)` spells it, four spaces in (a unit test holds the two to each other).
	yield* arrayItems(report.skills, skill => `{\n      "path": ${text(report.show(skill.file))},\n      "name": ${text(skill.name ?? null)},\n      "status": ${text(skill.status)},\n      "diagnostics": ${text(perFile.get(skill.file) ?? 0)}\n    }`);
	yield ',\n  "diagnostics": ';
	yield* arrayItems(report.findings, finding => {
		const related = finding.related.length === 0 ? '[]'
			: `[${finding.related.map(place => `\n        {\n          "file": ${text(report.show(place.file))},\n          "line": ${text(place.line)}\n        }`).join(',')}\n      ]`;
		return `{\n      "file": ${text(report.show(finding.file))},\n      "line": ${text(finding.line)},\n      "column": ${text(finding.column)},\n      "endLine": ${text(finding.endLine)},\n      "endColumn": ${text(finding.endColumn)},\n      "rule": ${text(finding.rule)},\n      "severity": ${text(finding.severity)},\n      "message": ${text(finding.message)},\n      "related": ${related}\n    }`;
	});
}

function jsonSummary(tally: ReportTally, elapsedMs: number): string {
	const { errors, warnings, infos } = tally.counts;
	const summary = { skills: tally.skills, errors, warnings, infos, suppressed: tally.suppressed, elapsedMs: Math.round(elapsedMs) };
	return `,\n  "summary": ${indented(summary)}\n}\n`;
}

/** A value as `JSON.stringify(…, null, 2)` writes it as a property of the top-level object. */
function indented(value: unknown): string {
	return JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
}

/** An array of the top-level object, as `JSON.stringify(…, null, 2)` writes it, one item (as `item` spells it) at a time. */
function* arrayItems<T>(items: readonly T[], item: (value: T) => string): Generator<string> {
	if (items.length === 0) {
		yield '[]';
		return;
	}
	for (let i = 0; i < items.length; i++) {
		yield `${i === 0 ? '[' : ','}\n    ${item(items[i])}`;
	}
	yield '\n  ]';
}
