import * as vscode from 'vscode';
import { type FindingRule, ruleMeta } from '../../core/rules/catalog';
import { CommandId } from '../ids';
import { ruleOfDiagnostic } from './diagnosticsPublisher';

/** What to write instead, for the rules that have no automatic rewrite. */
const advice: Partial<Record<FindingRule, string>> = {
	'time-sensitive': 'Write what stays true: the version or condition ("with v3 or later", "when the API returns 429") rather than the moment ("currently", "as of March 2026"). Old behaviour that still matters goes into a collapsed "Old patterns" section.',
	'patch-section': 'Edit the section this one corrects so that it says the right thing, then delete this one: an agent reads top to bottom and may follow the old guidance.',
};

/**
 * Explains the library's diagnostics where they are: why the rule exists and how to fix it, with
 * a link to its documentation.
 */
export class RuleHover implements vscode.HoverProvider {
	provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
		const diagnostics = vscode.languages.getDiagnostics(document.uri).flatMap(diagnostic => {
			const rule = ruleOfDiagnostic(diagnostic);
			return rule && diagnostic.range.contains(position) ? [{ diagnostic, rule }] : [];
		});
		if (diagnostics.length === 0) {
			return undefined;
		}
		const markdown = new vscode.MarkdownString();
		markdown.isTrusted = { enabledCommands: [CommandId.OpenRuleDocumentation] };
		for (const { rule } of diagnostics) {
			const meta = ruleMeta(rule);
			if (!meta) {
				continue;
			}
			const link = `command:${CommandId.OpenRuleDocumentation}?${encodeURIComponent(JSON.stringify([rule]))}`;
			// The catalog's texts are the extension's own Markdown: their code spans render as code.
			markdown.appendMarkdown(`**${rule}** — ${meta.title}\n\n`);
			markdown.appendMarkdown(`*Why:* ${meta.why}\n\n`);
			markdown.appendMarkdown(`*What to do:* ${advice[rule] ?? meta.fix}\n\n[Rule documentation](${link})\n\n`);
		}
		return new vscode.Hover(markdown, diagnostics[0].diagnostic.range);
	}
}
