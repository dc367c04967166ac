import * as vscode from 'vscode';
import { ruleCatalog, ruleMeta } from '../../core/rules/catalog';
import { ruleOfDiagnostic } from '../diagnostics/diagnosticsPublisher';
import type { RuleDocumentation } from '../diagnostics/ruleDocumentation';
import { BuiltinCommand } from '../ids';

/**
 * Skills: Open Rule Documentation — shows docs/rules.md rendered, read-only, at a rule's section:
 * the rule passed in (from a diagnostic), the rule under the cursor, or one picked from the catalog.
 */
export function openRuleDocumentationCommand(docs: RuleDocumentation): (rule?: string) => Promise<vscode.Uri | undefined> {
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
			return undefined;
		}
		const section = docs.sectionOf(id);
		await vscode.commands.executeCommand(BuiltinCommand.MarkdownPreview, section);
		return section;
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
