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

/**
 * Saves the documents of files an edit changed, and returns those that could not be saved (the
 * editor keeps their changes, unsaved). Each is opened first rather than looked up: VS Code may
 * tell the extension host of a document an edit loaded, or of its unsaved state, only after the
 * edit resolves, and a document missed so would stay unsaved while the disk kept the old text.
 * Saving a document without changes writes nothing.
 */
export async function saveDocuments(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
	const unsaved: vscode.Uri[] = [];
	for (const uri of uris) {
		if (!await vscode.workspace.openTextDocument(uri).then(document => document.save(), () => false)) {
			unsaved.push(uri);
		}
	}
	return unsaved;
}

/** The position just past the end of a text. */
function endOf(text: string): vscode.Position {
	const lines = text.split(/\r\n|\r|\n/);
	return new vscode.Position(lines.length - 1, lines[lines.length - 1].length);
}

/**
 * The sidecars' files created, then their text written. VS Code's undo takes one step per run of
 * file operations or text edits: creations first and every text edit after them (SKILL.md's
 * last, see planEdit) make a Ctrl+Z in SKILL.md one step that removes the files it created.
 */
function addSidecars(edit: vscode.WorkspaceEdit, skillDir: string, writes: Iterable<SidecarWrite>, metadata?: vscode.WorkspaceEditEntryMetadata): void {
	const texts: [vscode.Uri, vscode.Position, string][] = [];
	for (const write of writes) {
		const uri = vscode.Uri.file(path.join(skillDir, write.path));
		const existing = currentText(uri);
		if (write.mode === 'create' || existing === undefined) {
			// Neither overwrite nor ignore: the edit fails rather than replace a file that appeared
			// meanwhile. The text goes in as an edit of the new file, so the one undo takes both back.
			edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, metadata);
			texts.push([uri, new vscode.Position(0, 0), write.content]);
		} else {
			texts.push([uri, endOf(existing), write.content]);
		}
	}
	for (const [uri, position, content] of texts) {
		edit.insert(uri, position, content, metadata);
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

/**
 * One fix as one WorkspaceEdit: the sidecars, then SKILL.md's replacements, undone together by one
 * Ctrl+Z in SKILL.md. SKILL.md edited before the files are created would be an undo step of its
 * own behind the sidecars': the first Ctrl+Z would undo only a sidecar's text, out of sight, and
 * the file would stay.
 */
export function planEdit(skill: vscode.Uri, plan: FixPlan, edit = new vscode.WorkspaceEdit()): vscode.WorkspaceEdit {
	addSidecars(edit, path.dirname(skill.fsPath), plan.sidecars);
	addChanges(edit, skill, plan.changes);
	return edit;
}

/**
 * The edit that takes a skill from `original` to the state several fixes left it in: SKILL.md as
 * small hunks, and each sidecar created or appended to.
 */
export function stateEdit(skill: vscode.Uri, original: string, state: FixState, edit = new vscode.WorkspaceEdit(), metadata?: vscode.WorkspaceEditEntryMetadata): vscode.WorkspaceEdit {
	const dir = path.dirname(skill.fsPath);
	// Sidecars first, as in planEdit, for the one undo.
	addSidecars(edit, dir, [...state.sidecars].map(([relative, { content, existed }]): SidecarWrite => {
		const before = existed ? currentText(vscode.Uri.file(path.join(dir, relative))) ?? '' : '';
		return existed ? { path: relative, mode: 'append', content: content.slice(before.length) } : { path: relative, mode: 'create', content };
	}), metadata);
	addChanges(edit, skill, changesBetween(original, state.text), metadata);
	return edit;
}
