import * as vscode from 'vscode';
import { BuiltinCommand } from '../ids';
import type { LibraryNode } from '../tree/libraryTree';
import { fileOfNode } from './openSkill';

/** The file or folder a Library row stands for: a skill's SKILL.md, a sidecar, a root's or group's folder. */
function uriOfNode(node: LibraryNode): vscode.Uri | undefined {
	if (node.kind === 'root') {
		return node.root.path ? vscode.Uri.file(node.root.path) : undefined;
	}
	return node.kind === 'group' ? vscode.Uri.file(node.dir) : fileOfNode(node);
}

/**
 * Reveal in Explorer (Library view context menu): shows a skill's or sidecar's file, or a root's
 * folder, in the Explorer. A folder outside the workspace, which the Explorer does not show, is
 * revealed in the system's file manager on the desktop; elsewhere its path is offered to copy.
 */
export function revealInExplorerCommand(): (node?: LibraryNode) => Thenable<unknown> | undefined {
	return node => {
		const uri = node && uriOfNode(node);
		if (!uri) {
			return undefined;
		}
		if (vscode.workspace.getWorkspaceFolder(uri)) {
			return vscode.commands.executeCommand(BuiltinCommand.RevealInExplorer, uri);
		}
		if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
			return vscode.commands.executeCommand(BuiltinCommand.RevealInOS, uri);
		}
		return vscode.window.showInformationMessage(`${uri.fsPath} is outside the workspace folders, which are all the Explorer shows.`, 'Copy Path').then(choice => {
			if (choice === 'Copy Path') {
				void vscode.env.clipboard.writeText(uri.fsPath);
			}
		});
	};
}
