import * as path from 'node:path';
import * as vscode from 'vscode';
import { casesFileName, casesFolder, parseCases } from '../../core/apprentice/cases';
import { skillFileName } from '../../core/skill/skillText';
import { diagnosticSource } from '../ids';
import type { ApprenticeResults } from './apprenticeResults';

/** Whether a document is a skill's (or a proposal's) apprentice cases: `<skill>/evals/cases.json`. */
function isCasesDocument(document: vscode.TextDocument): boolean {
	return document.uri.scheme === 'file' && path.basename(document.uri.fsPath) === casesFileName && path.basename(path.dirname(document.uri.fsPath)) === casesFolder;
}

/**
 * The problems of an open `evals/cases.json`, as diagnostics while it is edited — the review
 * panel's Edit cases opens it here — and, on save, the skill's apprentice status read again.
 */
export class CasesDiagnostics implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection('skill-distiller-cases');
	private readonly disposables: vscode.Disposable[];

	constructor(results: ApprenticeResults) {
		this.disposables = [
			this.collection,
			vscode.workspace.onDidOpenTextDocument(document => this.check(document)),
			vscode.workspace.onDidChangeTextDocument(event => this.check(event.document)),
			vscode.workspace.onDidCloseTextDocument(document => this.collection.delete(document.uri)),
			vscode.workspace.onDidSaveTextDocument(document => {
				if (isCasesDocument(document)) {
					results.invalidate(path.join(path.dirname(path.dirname(document.uri.fsPath)), skillFileName));
				}
			}),
		];
		vscode.workspace.textDocuments.forEach(document => this.check(document));
	}

	private check(document: vscode.TextDocument): void {
		if (!isCasesDocument(document)) {
			return;
		}
		this.collection.set(document.uri, parseCases(document.getText()).problems.map(problem => {
			const line = Math.min(Math.max((problem.line ?? 1) - 1, 0), document.lineCount - 1);
			const diagnostic = new vscode.Diagnostic(document.lineAt(line).range, problem.message, vscode.DiagnosticSeverity.Error);
			diagnostic.source = diagnosticSource;
			diagnostic.code = 'apprentice-cases';
			return diagnostic;
		}));
	}

	dispose(): void {
		vscode.Disposable.from(...this.disposables).dispose();
	}
}
