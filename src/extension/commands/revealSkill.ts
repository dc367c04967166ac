import * as vscode from 'vscode';
import { isSkillFile } from '../library/libraryService';
import type { LibraryNode, LibraryTreeProvider } from '../tree/libraryTree';

/** Skills: Reveal Skill in Library — selects the active editor's skill in the Library view. */
export function revealSkillCommand(tree: LibraryTreeProvider, view: vscode.TreeView<LibraryNode>): (uri?: vscode.Uri) => Promise<void> {
	return async uri => {
		const target = uri ?? vscode.window.activeTextEditor?.document.uri;
		if (!target || !isSkillFile(target)) {
			void vscode.window.showInformationMessage('Open a SKILL.md to reveal it in the Library view.');
			return;
		}
		let node = tree.skillNode(target.fsPath);
		if (!node && tree.isFiltered) {
			tree.setNameQuery('');
			tree.setFilter('all');
			node = tree.skillNode(target.fsPath);
		}
		if (!node) {
			void vscode.window.showInformationMessage('This SKILL.md is not in any of the library\'s roots.');
			return;
		}
		await view.reveal(node, { select: true, focus: true, expand: true });
	};
}
