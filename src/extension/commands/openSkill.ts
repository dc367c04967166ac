import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryNode } from '../tree/libraryTree';

/** The file a Library node stands for: a skill's SKILL.md, or a sidecar file. */
export function fileOfNode(node: LibraryNode): vscode.Uri | undefined {
	if (node.kind === 'skill') {
		return vscode.Uri.file(node.skill.file);
	}
	return node.kind === 'sidecar' ? vscode.Uri.file(path.join(node.skill.dir, node.relative)) : undefined;
}

/** Open (Library view context menu): opens the skill's SKILL.md or the sidecar file. */
export function openSkillCommand(): (node?: LibraryNode) => Thenable<unknown> | undefined {
	return node => {
		const uri = node && fileOfNode(node);
		return uri && vscode.window.showTextDocument(uri);
	};
}
