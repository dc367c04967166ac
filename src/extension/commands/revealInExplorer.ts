import * as vscode from 'vscode';
import { BuiltinCommand } from '../ids';
import type { LibraryNode } from '../tree/libraryTree';
import { fileOfNode } from './openSkill';

/** Reveal in Explorer (Library view context menu): shows the skill's or sidecar's file in the Explorer. */
export function revealInExplorerCommand(): (node?: LibraryNode) => Thenable<unknown> | undefined {
	return node => {
		const uri = node && fileOfNode(node);
		return uri && vscode.commands.executeCommand(BuiltinCommand.RevealInExplorer, uri);
	};
}
