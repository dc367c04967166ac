import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ruleAnchor } from '../../core/rules/catalog';
import { CommandId, DocumentScheme } from '../ids';

/**
 * The bundled docs/rules.md as a read-only document of its own scheme: opening it never opens
 * the installed extension's file for editing. Diagnostics link to a rule through the command that
 * shows the rendered section, which works offline and in remote windows.
 */
export class RuleDocumentation implements vscode.TextDocumentContentProvider {
	readonly uri = vscode.Uri.from({ scheme: DocumentScheme.RuleDocumentation, path: '/rules.md' });
	private readonly links = new Map<string, vscode.Uri>();

	constructor(private readonly file: vscode.Uri) {}

	provideTextDocumentContent(): string {
		try {
			return fs.readFileSync(this.file.fsPath, 'utf8');
		} catch {
			return '# Skill Distiller rules\n\nThe rule documentation is missing from this installation.\n';
		}
	}

	/** The document at a rule's section, as the Markdown preview scrolls to it. */
	sectionOf(rule: string): vscode.Uri {
		return this.uri.with({ fragment: ruleAnchor(rule) });
	}

	/** What a diagnostic's code opens: the rendered section, through Open Rule Documentation; one link per rule, shared by its diagnostics (a library has tens of thousands). */
	linkTo(rule: string): vscode.Uri {
		let link = this.links.get(rule);
		if (!link) {
			link = vscode.Uri.parse(`command:${CommandId.OpenRuleDocumentation}?${encodeURIComponent(JSON.stringify([rule]))}`);
			this.links.set(rule, link);
		}
		return link;
	}
}
