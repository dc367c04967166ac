import { pathToFileURL } from 'node:url';
import packageJson from '../../package.json';
import type { Finding, Severity, Span } from '../core/check/findings';
import { ruleAnchor, ruleCatalog, ruleMeta } from '../core/rules/catalog';
import type { CheckReport, ReportFormat } from './report';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const markdownlintDocs = 'https://github.com/DavidAnson/markdownlint/blob/v0.40.0/doc/';

/** Where a rule is documented: its section of docs/rules.md, or markdownlint's own page. */
export function ruleHelpUri(rule: string): string {
	if (rule.startsWith('md/')) {
		return `${markdownlintDocs}${rule.slice(3).toLowerCase()}.md`;
	}
	return `${packageJson.homepage}/blob/main/docs/rules.md#${ruleAnchor(rule)}`;
}

function pascalCase(id: string): string {
	return id.split(/[-/]/).map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function sarifRule(id: string) {
	const meta = ruleMeta(id);
	if (!meta) {
		throw new Error(`no metadata for rule ${id}`);
	}
	const help = `${meta.flags}\n\nWhy: ${meta.why}\n\nFix: ${meta.fix}`;
	return {
		id,
		name: pascalCase(id),
		shortDescription: { text: id.startsWith('md/') ? `markdownlint ${id.slice(3)}` : meta.title.replace(/`/g, '') },
		fullDescription: { text: meta.flags.replace(/`/g, '') },
		help: { text: help.replace(/`/g, ''), markdown: help },
		helpUri: ruleHelpUri(id),
		defaultConfiguration: { level: levels[meta.severity] },
		properties: { tags: [meta.group.toLowerCase()] },
	};
}

function region(span: Span) {
	const sameLineEmpty = span.endLine === span.line && span.endColumn <= span.column;
	return {
		startLine: span.line,
		startColumn: span.column,
		endLine: span.endLine,
		...(sameLineEmpty ? {} : { endColumn: span.endColumn }),
	};
}

function artifact(report: CheckReport, file: string) {
	const shown = report.show(file);
	return shown.startsWith('/') ? { uri: pathToFileURL(file).href } : { uri: encodeURI(shown), uriBaseId: 'SRCROOT' };
}

/** A SARIF 2.1.0 log that GitHub code scanning accepts: rule metadata with help links, one result per finding. */
export function formatSarif(report: CheckReport): string {
	const ruleIds = [...ruleCatalog.filter(rule => rule.id !== 'md').map(rule => rule.id)];
	for (const finding of report.findings) {
		if (!ruleIds.includes(finding.rule)) {
			ruleIds.push(finding.rule);
		}
	}
	const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
	const result = (finding: Finding) => ({
		ruleId: finding.rule,
		ruleIndex: ruleIndex.get(finding.rule),
		level: levels[finding.severity],
		message: { text: finding.message },
		locations: [{ physicalLocation: { artifactLocation: artifact(report, finding.file), region: region(finding) } }],
		...(finding.related.length > 0 ? {
			relatedLocations: finding.related.map((related, id) => ({
				id,
				message: { text: related.message },
				physicalLocation: { artifactLocation: artifact(report, related.file), region: region(related) },
			})),
		} : {}),
	});
	const log = {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [{
			tool: {
				driver: {
					name: 'skill-distiller',
					version: packageJson.version,
					semanticVersion: packageJson.version,
					informationUri: packageJson.homepage,
					rules: ruleIds.map(sarifRule),
				},
			},
			originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(report.cwd + '/').href } },
			columnKind: 'utf16CodeUnits',
			results: report.findings.map(result),
		}],
	};
	return JSON.stringify(log, null, 2) + '\n';
}

/** SARIF has no summary line: its document is the whole report. */
export const sarifFormat: ReportFormat = { body: report => [formatSarif(report)], summary: () => '' };
