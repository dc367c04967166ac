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

/**
 * One object for each file and each span the diagnostics of a publish name: VS Code keeps every
 * diagnostic, and at 56,000 of them the same related file's URI and the same span made anew for
 * each cost megabytes. Both are immutable.
 */
class SharedParts {
	private readonly uris = new Map<string, vscode.Uri>();
	private readonly ranges = new Map<string, vscode.Range>();

	uri(file: string): vscode.Uri {
		let uri = this.uris.get(file);
		if (!uri) {
			uri = vscode.Uri.file(file);
			this.uris.set(file, uri);
		}
		return uri;
	}

	range(span: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
		const key = `${span.line}:${span.column}:${span.endLine}:${span.endColumn}`;
		let range = this.ranges.get(key);
		if (!range) {
			range = toRange(span);
			this.ranges.set(key, range);
		}
		return range;
	}
}

/**
 * How many files' diagnostics go to VS Code in one call. The extension host held about 500 MB after
 * publishing 20,000 skills' diagnostics one file per call, about 400 MB a thousand files per call
 * and about 340 MB five thousand per call, no less in one call (the editor bench).
 */
const filesPerPublish = 5000;

/** Publishes the library's findings to the Problems panel and the editors. */
export class DiagnosticsPublisher implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);

	constructor(private readonly library: LibraryService, private readonly docs: RuleDocumentation, private readonly log: vscode.LogOutputChannel) {}

	private toDiagnostic(finding: Finding, shared: SharedParts): vscode.Diagnostic {
		const diagnostic = new vscode.Diagnostic(shared.range(finding), finding.message, severities[finding.severity]);
		diagnostic.source = diagnosticSource;
		diagnostic.code = { value: finding.rule, target: this.docs.linkTo(finding.rule) };
		if (finding.related.length > 0) {
			// The Problems panel names a related place by its file alone, and every skill's file is SKILL.md.
			diagnostic.relatedInformation = finding.related.map(related =>
				new vscode.DiagnosticRelatedInformation(new vscode.Location(shared.uri(related.file), shared.range(related)), `${path.basename(path.dirname(related.file))}: ${related.message}`));
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
			this.publish(this.library.allFiles().map(file => [file, byFile.get(file) ?? this.library.findings(file)]));
			return;
		}
		this.publish(change.files.map(file => [file, this.library.findings(file)]));
	}

	/**
	 * Publishes files' findings a batch at a time: VS Code sends each call to the workbench as a
	 * message of its own, and each message costs the extension host memory until the workbench has
	 * taken it. A file that cannot be published is logged and never stops the others.
	 */
	private publish(files: readonly [string, Finding[]][]): void {
		const shared = new SharedParts();
		for (let start = 0; start < files.length; start += filesPerPublish) {
			const batch: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
			for (const [file, findings] of files.slice(start, start + filesPerPublish)) {
				try {
					batch.push([shared.uri(file), findings.length === 0 ? undefined : findings.map(finding => this.toDiagnostic(finding, shared))]);
				} catch (error) {
					this.log.error(`The problems of ${file} could not be shown: ${errorMessage(error)}`);
				}
			}
			try {
				this.collection.set(batch);
			} catch {
				// One file VS Code refuses must not cost the batch its other files.
				for (const [uri, diagnostics] of batch) {
					try {
						this.collection.set(uri, diagnostics);
					} catch (error) {
						this.log.error(`The problems of ${uri.fsPath} could not be shown: ${errorMessage(error)}`);
					}
				}
			}
		}
	}

	dispose(): void {
		this.collection.dispose();
	}
}
