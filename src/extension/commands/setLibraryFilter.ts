import * as vscode from 'vscode';
import { BuiltinCommand, ContextKey } from '../ids';
import type { LibraryFilter, LibraryTreeProvider } from '../tree/libraryTree';

/** The Library view's title-bar filter: all skills, drafts only, or skills with problems. */
export function setLibraryFilterCommand(tree: LibraryTreeProvider, filter: LibraryFilter): () => Thenable<unknown> {
	return () => {
		tree.setFilter(filter);
		return vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Filter, filter);
	};
}
