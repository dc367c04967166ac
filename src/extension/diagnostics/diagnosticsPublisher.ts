import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/check/findings';
import { ruleAnchor } from '../../core/rules/catalog';
import { diagnosticSource } from '../ids';
import type { LibraryChange, LibraryService } from '../library/libraryService';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	info: vscode.DiagnosticSeverity.Information,
};

/** Converts the engine's 1-based, end-exclusive spans to VS Code's 0-based ranges. */
export function toRange(span: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
	return new vscode.Range(span.line - 1, span.column - 1, span.endLine - 1, Math.max(span.endColumn - 1, 0));
}

/**
 * The bundled docs/rules.md, with the line of each rule's heading: a diagnostic's code links
 * there (`#L<line>`), which works offline and in remote windows.
 */
export class RuleDocumentation {
	private readonly headingLines = new Map<string, number>();

	constructor(readonly uri: vscode.Uri) {
		try {
			fs.readFileSync(uri.fsPath, 'utf8').split('\n').forEach((line, index) => {
				const heading = /^### (\S+)$/.exec(line);
				if (heading) {
					this.headingLines.set(heading[1], index + 1);
				}
			});
		} catch {
			// Without the file, links point at the top of where it should be.
		}
	}

	/** The 1-based line of a rule's section. */
	lineOf(rule: string): number {
		return this.headingLines.get(ruleAnchor(rule)) ?? 1;
	}

	linkTo(rule: string): vscode.Uri {
		return this.uri.with({ fragment: `L${this.lineOf(rule)}` });
	}
}

/** Publishes the library's findings to the Problems panel and the editors. */
export class DiagnosticsPublisher implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);

	constructor(private readonly library: LibraryService, private readonly docs: RuleDocumentation) {}

	toDiagnostic(finding: Finding): vscode.Diagnostic {
		const diagnostic = new vscode.Diagnostic(toRange(finding), finding.message, severities[finding.severity]);
		diagnostic.source = diagnosticSource;
		diagnostic.code = { value: finding.rule, target: this.docs.linkTo(finding.rule) };
		if (finding.related.length > 0) {
			diagnostic.relatedInformation = finding.related.map(related =>
				new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(related.file), toRange(related)), related.message));
		}
		return diagnostic;
	}

	/** Publishes what changed; a full change replaces everything. */
	update(change: LibraryChange): void {
		if (change.kind === 'all') {
			this.collection.clear();
			const byFile = new Map<string, Finding[]>();
			for (const finding of this.library.scanProblems()) {
				byFile.set(finding.file, [...byFile.get(finding.file) ?? [], finding]);
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

	private set(file: string, findings: Finding[]): void {
		const uri = vscode.Uri.file(file);
		if (findings.length === 0) {
			this.collection.delete(uri);
		} else {
			this.collection.set(uri, findings.map(finding => this.toDiagnostic(finding)));
		}
	}

	dispose(): void {
		this.collection.dispose();
	}
}
