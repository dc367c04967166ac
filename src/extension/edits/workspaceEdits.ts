import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { changesBetween, type FixPlan, type FixState, type SidecarWrite, type TextChange } from '../../core/fixes/fixPlan';
import { toRange } from '../diagnostics/diagnosticsPublisher';

/** The text of a file as VS Code sees it: the open document if there is one, otherwise the disk. */
export function currentText(uri: vscode.Uri): string | undefined {
	const open = vscode.workspace.textDocuments.find(document => document.uri.toString() === uri.toString());
	if (open) {
		return open.getText();
	}
	try {
		return fs.readFileSync(uri.fsPath, 'utf8');
	} catch {
		return undefined;
	}
}

/** The position just past the end of a text. */
function endOf(text: string): vscode.Position {
	const lines = text.split(/\r\n|\r|\n/);
	return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}

function addSidecar(edit: vscode.WorkspaceEdit, skillDir: string, write: SidecarWrite, metadata?: vscode.WorkspaceEditEntryMetadata): void {
	const uri = vscode.Uri.file(path.join(skillDir, write.path));
	const existing = currentText(uri);
	if (write.mode === 'create' || existing === undefined) {
		// Neither overwrite nor ignore: the edit fails rather than replace a file that appeared
		// meanwhile. The text goes in as an edit of the new file, so the one undo takes both back.
		edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, metadata);
		edit.insert(uri, new vscode.Position(0, 0), write.content, metadata);
	} else {
		edit.insert(uri, endOf(existing), write.content, metadata);
	}
}

function addChanges(edit: vscode.WorkspaceEdit, uri: vscode.Uri, changes: readonly TextChange[], metadata?: vscode.WorkspaceEditEntryMetadata): void {
	for (const change of changes) {
		edit.replace(uri, toRange(change), change.text, metadata);
	}
}

/** One edit that writes a whole file: created with its text when new (never over one that appeared meanwhile), otherwise its changed lines replaced. */
export function textFileEdit(uri: vscode.Uri, before: string | undefined, after: string, metadata?: vscode.WorkspaceEditEntryMetadata, edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
	if (before === undefined) {
		edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, metadata);
		edit.insert(uri, new vscode.Position(0, 0), after, metadata);
	} else {
		addChanges(edit, uri, changesBetween(before, after), metadata);
	}
	return edit;
}

/** One fix as one WorkspaceEdit: SKILL.md's replacements and the sidecars, undone together. */
export function planEdit(skill: vscode.Uri, plan: FixPlan, edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
	addChanges(edit, skill, plan.changes);
	for (const write of plan.sidecars) {
		addSidecar(edit, path.dirname(skill.fsPath), write);
	}
	return edit;
}

/**
 * The edit that takes a skill from `original` to the state several fixes left it in: SKILL.md as
 * small hunks, and each sidecar created or appended to.
 */
export function stateEdit(skill: vscode.Uri, original: string, state: FixState, edit = new vscode.WorkspaceEdit(), metadata?: vscode.WorkspaceEditEntryMetadata): vscode.WorkspaceEdit {
	addChanges(edit, skill, changesBetween(original, state.text), metadata);
	const dir = path.dirname(skill.fsPath);
	for (const [relative, { content, existed }] of state.sidecars) {
		const before = existed ? currentText(vscode.Uri.file(path.join(dir, relative))) ?? '' : '';
		addSidecar(edit, dir, existed ? { path: relative, mode: 'append', content: content.slice(before.length) } : { path: relative, mode: 'create', content }, metadata);
	}
	return edit;
}
