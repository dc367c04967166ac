import * as vscode from 'vscode';
import type { LibraryFilter } from '../../core/library/libraryOutline';
import { BuiltinCommand, ContextKey } from '../ids';
import type { LibraryTreeProvider } from '../tree/libraryTree';

/** The Library view's title-bar filter: all skills, drafts only, skills with errors or warnings, or skills with any finding. */
export function setLibraryFilterCommand(tree: LibraryTreeProvider, filter: LibraryFilter): () => Thenable<unknown> {
	return () => {
		tree.setFilter(filter);
		return vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Filter, filter);
	};
}
