import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/check/findings';
import { fixesForFinding, fixOrder, isSafeFix, safeFixRules } from '../../core/fixes/fixesForFinding';
import { fixSkill } from '../../core/fixes/fixSkill';
import { originalSectionOf } from '../../core/fixes/patchTarget';
import { newNameProblem } from '../../core/fixes/renameSkill';
import type { FindingRule } from '../../core/rules/catalog';
import { qualifiedName } from '../../core/skill/plugin';
import { ruleOfDiagnostic } from '../diagnostics/diagnosticsPublisher';
import { contextOf, folderOf, writesRefusal } from '../edits/skillDocuments';
import { planEdit, stateEdit } from '../edits/workspaceEdits';
import { CommandId } from '../ids';
import { isSkillFile, type LibraryService } from '../library/libraryService';
import { fixAllKind } from './codeActionKinds';

/** The engine's view of one of its diagnostics, enough to compute its fixes. */
function findingOf(diagnostic: vscode.Diagnostic, rule: FindingRule, file: string): Finding {
	const severity: Severity = diagnostic.severity === vscode.DiagnosticSeverity.Error ? 'error' : diagnostic.severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';
	return {
		file, rule, severity, message: diagnostic.message, related: [],
		line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1,
		endLine: diagnostic.range.end.line + 1, endColumn: diagnostic.range.end.character + 1,
	};
}

/**
 * Quick fixes for the library's diagnostics (offloads to sidecars, name, description, paths,
 * markdownlint's own fixes), with the one obvious fix preferred; the configuration's own (ignore
 * a rule in the project, mark two skills distinct); and a source.fixAll action that applies the
 * safe fixes only.
 */
export class SkillCodeActions implements vscode.CodeActionProvider {
	constructor(private readonly library: LibraryService) {}

	provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
		if (!isSkillFile(document.uri)) {
			return [];
		}
		const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind);
		const actions: vscode.CodeAction[] = [];
		if (context.only && wants(fixAllKind) && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
			const fixAll = this.fixAll(document, fixAllKind, 'Fix all safe Skill Distiller problems');
			return fixAll ? [fixAll] : [];
		}
		if (!wants(vscode.CodeActionKind.QuickFix)) {
			return [];
		}
		const root = this.library.rootOf(document.uri.fsPath);
		const skillContext = contextOf(document, this.library.config, root);
		const today = this.library.config.today;
		// One action per distinct edit: offloading a skill's only block answers long-code-block and code-heavy alike.
		const byEdit = new Map<string, vscode.CodeAction>();
		const ours = context.diagnostics.flatMap(diagnostic => {
			const rule = ruleOfDiagnostic(diagnostic);
			return rule ? [{ diagnostic, rule }] : [];
		}).sort((a, b) => fixOrder(a.rule) - fixOrder(b.rule));
		for (const { diagnostic, rule } of ours) {
			const finding = findingOf(diagnostic, rule, document.uri.fsPath);
			for (const plan of fixesForFinding(skillContext, finding, today)) {
				const key = JSON.stringify([plan.changes, plan.sidecars]);
				const same = byEdit.get(key);
				if (same) {
					same.diagnostics?.push(diagnostic);
					continue;
				}
				const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
				const refusal = writesRefusal(root, document.uri.fsPath, plan.sidecars.map(write => write.path));
				if (refusal) {
					action.disabled = { reason: `Not offered: ${refusal}.` };
				} else {
					action.edit = planEdit(document.uri, plan);
				}
				action.diagnostics = [diagnostic];
				action.isPreferred = plan.preferred;
				byEdit.set(key, action);
				actions.push(action);
			}
			if (finding.rule === 'name-mismatch') {
				actions.push(...this.renameActions(document.uri, skillContext.frontmatter.data.name, diagnostic, !actions.some(action => action.isPreferred && action.diagnostics?.includes(diagnostic))));
			}
			if (finding.rule === 'body-too-long' || finding.rule === 'body-too-many-tokens') {
				actions.push(this.command('Choose sections to offload…', diagnostic, CommandId.OffloadToSidecar, [document.uri]));
			}
			if (finding.rule === 'patch-section') {
				const original = originalSectionOf(skillContext, finding.line);
				if (original) {
					actions.push(this.command(`Go to the original section "${original.text}"`, diagnostic, CommandId.GoToLine, [document.uri, original.line]));
				}
			}
			if (finding.rule === 'unseen-by-claude-code' && vscode.workspace.isTrusted && this.library.config.targets.includes('claude-code')) {
				actions.push(this.command('Make visible to Claude Code', diagnostic, CommandId.MakeVisibleToClaudeCode, [document.uri]));
			}
			if (finding.rule === 'duplicate-description') {
				for (const related of diagnostic.relatedInformation ?? []) {
					const other = this.library.skill(related.location.uri.fsPath);
					const label = (other && qualifiedName(other)) ?? path.basename(path.dirname(related.location.uri.fsPath));
					actions.push(this.command(`Mark as distinct from ${label}`, diagnostic, CommandId.MarkDistinct, [document.uri, related.location.uri]));
				}
			}
			// A suppression that is itself wrong is fixed where it is written, never hidden.
			if (finding.rule !== 'invalid-suppression') {
				actions.push(this.command(`Ignore ${finding.rule} in the project…`, diagnostic, CommandId.IgnoreRuleInProject, [finding.rule, document.uri]));
			}
			actions.push(this.command(`Explain ${finding.rule}`, diagnostic, CommandId.OpenRuleDocumentation, [finding.rule]));
		}
		const safeHere = ours.some(({ rule }) => isSafeFix(rule));
		const fixAll = safeHere ? this.fixAll(document, vscode.CodeActionKind.QuickFix, 'Fix all safe Skill Distiller problems in this skill') : undefined;
		if (fixAll) {
			actions.push(fixAll);
		}
		return actions;
	}

	/**
	 * The way out of a name that differs from its folder when the name is the one to keep: rename
	 * the folder to it (preferred when no other fix is), or to a name asked for.
	 */
	private renameActions(uri: vscode.Uri, name: unknown, diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction[] {
		const actions: vscode.CodeAction[] = [];
		const dir = path.dirname(uri.fsPath);
		if (vscode.workspace.isTrusted && typeof name === 'string' && newNameProblem(name, '', other => fs.existsSync(path.join(path.dirname(dir), other)), path.basename(dir)) === undefined) {
			const rename = this.command(`Rename the skill folder to ${name}`, diagnostic, CommandId.RenameSkill, [uri, name]);
			rename.isPreferred = preferred;
			actions.push(rename);
		}
		if (vscode.workspace.isTrusted) {
			actions.push(this.command('Rename Skill…', diagnostic, CommandId.RenameSkill, [uri]));
		}
		return actions;
	}

	private command(title: string, diagnostic: vscode.Diagnostic, command: string, args: unknown[]): vscode.CodeAction {
		const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
		action.command = { title, command, arguments: args };
		action.diagnostics = [diagnostic];
		return action;
	}

	/** Every fix that only edits text in place, applied one after another, as one edit. */
	private fixAll(document: vscode.TextDocument, kind: vscode.CodeActionKind, title: string): vscode.CodeAction | undefined {
		const text = document.getText();
		const file = document.uri.fsPath;
		const root = this.library.rootOf(file);
		const result = fixSkill({
			text, folderName: path.basename(path.dirname(file)), config: this.library.config, today: this.library.config.today,
			disk: folderOf(file, root), rules: safeFixRules,
			check: (current, planned) => this.library.checkText(file, current, planned),
		});
		if (result.applied.length === 0 || writesRefusal(root, file, result.state.sidecars.keys()) !== undefined) {
			return undefined;
		}
		const action = new vscode.CodeAction(title, kind);
		action.edit = stateEdit(document.uri, text, result.state);
		return action;
	}
}
