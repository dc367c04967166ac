import * as vscode from 'vscode';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { BuiltinCommand, ContextKey, ViewId } from '../ids';
import type { LibraryChange, LibraryService } from '../library/libraryService';
import { type LibraryNode, LibraryTreeProvider } from './libraryTree';
import { ProposalsTreeProvider } from './proposalsTree';

/** The Skills view container's two views, Library and Proposals, and what keeps them current. */
export class SkillViews implements vscode.Disposable {
	readonly libraryTree: LibraryTreeProvider;
	readonly proposalsTree: ProposalsTreeProvider;
	readonly libraryView: vscode.TreeView<LibraryNode>;
	readonly proposalsView: vscode.TreeView<ProposalEntry>;

	constructor(library: LibraryService) {
		this.libraryTree = new LibraryTreeProvider(library);
		this.proposalsTree = new ProposalsTreeProvider(library);
		this.libraryView = vscode.window.createTreeView(ViewId.Library, { treeDataProvider: this.libraryTree, showCollapseAll: true });
		this.proposalsView = vscode.window.createTreeView(ViewId.Proposals, { treeDataProvider: this.proposalsTree });
		void vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Filter, this.libraryTree.currentFilter);
		void library.scanned.then(() => vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Scanned, true));
	}

	/** Redraws what a change of the library touched. */
	update(change: LibraryChange): void {
		if (change.kind === 'all') {
			this.libraryTree.reload();
		} else {
			this.libraryTree.refreshFiles(change.files);
		}
		this.proposalsTree.refresh();
	}

	dispose(): void {
		vscode.Disposable.from(this.libraryView, this.proposalsView, this.libraryTree, this.proposalsTree).dispose();
	}
}
