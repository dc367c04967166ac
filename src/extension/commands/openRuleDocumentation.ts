import * as vscode from 'vscode';
import { ruleCatalog, ruleMeta } from '../../core/rules/catalog';
import { ruleOfDiagnostic } from '../diagnostics/diagnosticsPublisher';
import type { RuleDocumentation } from '../diagnostics/ruleDocumentation';

/**
 * Skills: Open Rule Documentation — opens docs/rules.md at a rule's section: the rule passed in
 * (from a diagnostic), the rule under the cursor, or one picked from the catalog.
 */
export function openRuleDocumentationCommand(docs: RuleDocumentation): (rule?: string) => Promise<void> {
	return async rule => {
		let id = typeof rule === 'string' && ruleMeta(rule) ? rule : ruleUnderCursor();
		if (!id) {
			const picked = await vscode.window.showQuickPick(
				ruleCatalog.map(meta => ({ label: meta.id === 'md' ? 'md/<rule>' : meta.id, description: meta.severity, detail: meta.title.replace(/`/g, ''), id: meta.id })),
				{ placeHolder: 'Which rule?', matchOnDetail: true },
			);
			id = picked?.id;
		}
		if (!id) {
			return;
		}
		const line = docs.lineOf(id) - 1;
		const editor = await vscode.window.showTextDocument(docs.uri, { preview: true, selection: new vscode.Range(line, 0, line, 0) });
		editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
	};
}

function ruleUnderCursor(): string | undefined {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		return undefined;
	}
	return vscode.languages.getDiagnostics(editor.document.uri)
		.filter(candidate => candidate.range.contains(editor.selection.active))
		.map(ruleOfDiagnostic)
		.find(rule => rule !== undefined);
}
