import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigError } from '../../core/check/config';
import { configFileName, findConfigFile } from '../../core/library/configFile';
import type { LibraryService } from '../library/libraryService';
import { currentText, saveDocuments, textFileEdit } from './workspaceEdits';

/** The configuration file the checks of a skill read: the nearest one above its workspace folder, or a new one at the folder's root. */
function configFileFor(skillFile: string): vscode.Uri | undefined {
	const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(skillFile)) ?? vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		return undefined;
	}
	return vscode.Uri.file(findConfigFile(folder.uri.fsPath) ?? path.join(folder.uri.fsPath, configFileName));
}

/**
 * Changes the configuration file (`.skill-distiller.json`) the way `change` says, as one
 * undoable edit, saves it, and checks the library again under it. Returns whether it was changed
 * (or already said what was asked).
 */
export async function editConfigFile(library: LibraryService, skillFile: string, label: string, change: (text: string | undefined) => string): Promise<boolean> {
	if (!vscode.workspace.isTrusted) {
		void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
		return false;
	}
	const uri = configFileFor(skillFile);
	if (!uri) {
		void vscode.window.showWarningMessage(`${label}: open a folder first; the configuration file lives in it.`);
		return false;
	}
	const before = currentText(uri);
	let after: string;
	try {
		after = change(before);
	} catch (error) {
		if (error instanceof ConfigError) {
			void vscode.window.showErrorMessage(`${label}: ${vscode.workspace.asRelativePath(uri)}: ${error.message}.`);
			return false;
		}
		throw error;
	}
	if (after === before) {
		return true;
	}
	if (!await vscode.workspace.applyEdit(textFileEdit(uri, before, after, { label: `Skill Distiller: ${label}`, needsConfirmation: false }))) {
		void vscode.window.showErrorMessage(`${label}: the edit of ${vscode.workspace.asRelativePath(uri)} could not be applied.`);
		return false;
	}
	if ((await saveDocuments([uri])).length > 0) {
		void vscode.window.showErrorMessage(`${label}: ${vscode.workspace.asRelativePath(uri)} is changed in the editor but could not be saved.`);
		return false;
	}
	await library.rescan();
	return true;
}
