import * as vscode from 'vscode';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { describeFilter } from '../../core/library/libraryOutline';
import { BuiltinCommand, ContextKey, ViewId, watcherExcludeSetting } from '../ids';
import type { ApprenticeResults } from '../apprentice/apprenticeResults';
import type { LibraryChange, LibraryService } from '../library/libraryService';
import type { UsageService } from '../usage/usageService';
import { type LibraryNode, LibraryTreeProvider } from './libraryTree';
import { ProposalsTreeProvider } from './proposalsTree';

/** How often the Library view's count of skills read is redrawn while a scan runs. */
const scanMessageMs = 500;

/** The Skills view container's two views, Library and Proposals, and what keeps them current. */
export class SkillViews implements vscode.Disposable {
	readonly libraryTree: LibraryTreeProvider;
	readonly proposalsTree: ProposalsTreeProvider;
	readonly libraryView: vscode.TreeView<LibraryNode>;
	readonly proposalsView: vscode.TreeView<ProposalEntry>;
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly library: LibraryService, apprentice?: ApprenticeResults, usage?: UsageService) {
		this.libraryTree = new LibraryTreeProvider(library, apprentice, usage);
		this.proposalsTree = new ProposalsTreeProvider(library);
		this.libraryView = vscode.window.createTreeView(ViewId.Library, { treeDataProvider: this.libraryTree, showCollapseAll: true });
		this.proposalsView = vscode.window.createTreeView(ViewId.Proposals, { treeDataProvider: this.proposalsTree });
		this.disposables = [
			library.onDidStartScan(scan => this.showScan(scan)),
			library.onDidRead(skill => this.libraryTree.addRead(skill)),
			...apprentice ? [apprentice.onDidChange(file => this.libraryTree.redrawSkill(file))] : [],
			...(usage ? [usage.onDidChange(() => this.libraryTree.usageChanged())] : []),
			this.libraryTree.onDidChangeFilter(() => this.showFilter()),
			vscode.workspace.onDidChangeConfiguration(event => {
				if (event.affectsConfiguration(`${watcherExcludeSetting.section}.${watcherExcludeSetting.key}`)) {
					this.libraryTree.refresh();
				}
			}),
		];
		this.showFilter();
		void library.scanned.then(() => vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Scanned, true));
	}

	/** While a scan runs, the Library view shows progress and how many skills it has read, and fills as it reads them. */
	private showScan(scan: Promise<void>): void {
		const ended = scan.then(() => undefined, () => undefined);
		void vscode.window.withProgress({ location: { viewId: ViewId.Library } }, () => ended);
		const showCount = () => {
			const read = this.library.scanRead;
			this.libraryView.message = read > 0 ? `Scanning… ${read.toLocaleString('en-US')} ${read === 1 ? 'skill' : 'skills'} so far` : 'Scanning…';
		};
		showCount();
		const timer = setInterval(showCount, scanMessageMs);
		void ended.then(() => {
			clearInterval(timer);
			this.libraryView.message = undefined;
		});
	}

	/**
	 * Says which filter the Library view shows under (its description: "Drafts only", "Name:
	 * deploy"), checks it in the Filter menu and offers Clear Filter; when nothing passes, the view
	 * says so instead of looking as if the library were empty.
	 */
	private showFilter(): void {
		const tree = this.libraryTree;
		const filter = describeFilter(tree.currentFilter, tree.nameQuery);
		this.libraryView.description = filter;
		this.showFilterMessage();
		void vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Filter, tree.currentFilter);
		void vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.NameFiltered, tree.nameQuery !== '');
		void vscode.commands.executeCommand(BuiltinCommand.SetContext, ContextKey.Filtered, tree.isFiltered);
	}

	private showFilterMessage(): void {
		const filter = describeFilter(this.libraryTree.currentFilter, this.libraryTree.nameQuery);
		this.libraryView.message = filter && this.libraryTree.getChildren().length === 0 ? `No skill passes the filter (${filter}).` : undefined;
	}

	/** Redraws what a change of the library touched. */
	update(change: LibraryChange): void {
		if (change.kind === 'all') {
			this.libraryTree.reload();
		} else {
			this.libraryTree.refreshFiles(change.files);
		}
		if (this.libraryTree.isFiltered) {
			// A skill renamed, created or deleted may be the first or the last to pass the filter.
			this.showFilterMessage();
		}
		this.proposalsTree.refresh();
	}

	dispose(): void {
		vscode.Disposable.from(this.libraryView, this.proposalsView, this.libraryTree, this.proposalsTree, ...this.disposables).dispose();
	}
}
