import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/check/findings';
import { type FindingRule, isFindingRule } from '../../core/rules/catalog';
import { errorMessage } from '../../core/util/text';
import { diagnosticSource } from '../ids';
import type { LibraryChange, LibraryService } from '../library/libraryService';
import type { RuleDocumentation } from './ruleDocumentation';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	info: vscode.DiagnosticSeverity.Information,
};

/** Converts the engine's 1-based, end-exclusive spans to VS Code's 0-based ranges (never negative, which VS Code refuses). */
export function toRange(span: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
	return new vscode.Range(Math.max(span.line - 1, 0), Math.max(span.column - 1, 0), Math.max(span.endLine - 1, 0), Math.max(span.endColumn - 1, 0));
}

/** The rule id of one of this extension's diagnostics; undefined for anyone else's. */
export function ruleOfDiagnostic(diagnostic: vscode.Diagnostic): FindingRule | undefined {
	const code = diagnostic.code;
	const rule = typeof code === 'object' && code !== null ? String(code.value) : String(code);
	return diagnostic.source === diagnosticSource && isFindingRule(rule) ? rule : undefined;
}

/** Publishes the library's findings to the Problems panel and the editors. */
export class DiagnosticsPublisher implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);

	constructor(private readonly library: LibraryService, private readonly docs: RuleDocumentation, private readonly log: vscode.LogOutputChannel) {}

	toDiagnostic(finding: Finding): vscode.Diagnostic {
		const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, severities[finding.severity]);
		diagnostic.source = diagnosticSource;
		diagnostic.code = { value: finding.rule, target: this.docs.linkTo(finding.rule) };
		if (finding.related.length > 0) {
			// The Problems panel names a related place by its file alone, and every skill's file is SKILL.md.
			diagnostic.relatedInformation = finding.related.map(related =>
				new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(related.file), toRange(related)), `${path.basename(path.dirname(related.file))}: ${related.message}`));
		}
		return diagnostic;
	}

	/** Publishes what changed; a full change replaces everything. */
	update(change: LibraryChange): void {
		if (change.kind === 'all') {
			this.collection.clear();
			const byFile = new Map<string, Finding[]>();
			for (const finding of this.library.scanProblems()) {
				const list = byFile.get(finding.file);
				if (list) {
					list.push(finding);
				} else {
					byFile.set(finding.file, [finding]);
				}
			}
			for (const file of this.library.allFiles()) {
				this.set(file, byFile.get(file) ?? this.library.findings(file));
			}
			return;
		}
		for (const file of change.files) {
			this.set(file, this.library.findings(file));
		}
	}

	/** Publishes one file's findings; a file that cannot be published is logged and never stops the others. */
	private set(file: string, findings: Finding[]): void {
		const uri = vscode.Uri.file(file);
		try {
			if (findings.length === 0) {
				this.collection.delete(uri);
			} else {
				this.collection.set(uri, findings.map(finding => this.toDiagnostic(finding)));
			}
		} catch (error) {
			this.log.error(`The problems of ${file} could not be shown: ${errorMessage(error)}`);
		}
	}

	dispose(): void {
		this.collection.dispose();
	}
}
