import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProposalEntry } from './core/distil/proposalStore';
import { checkLibraryCommand } from './extension/commands/checkLibrary';
import { checkSkillCommand } from './extension/commands/checkSkill';
import { distilSessionCommand } from './extension/commands/distilSession';
import { distilTranscriptFileCommand } from './extension/commands/distilTranscriptFile';
import { fixAllInLibraryCommand } from './extension/commands/fixAllInLibrary';
import { goToLineCommand } from './extension/commands/goToLine';
import { newSkillCommand } from './extension/commands/newSkill';
import { offloadToSidecarCommand } from './extension/commands/offloadToSidecar';
import { openProposalDraftCommand } from './extension/commands/openProposalDraft';
import { openRuleDocumentationCommand } from './extension/commands/openRuleDocumentation';
import { openSkillCommand } from './extension/commands/openSkill';
import { promoteToStableCommand } from './extension/commands/promoteToStable';
import { refreshLibraryCommand } from './extension/commands/refreshLibrary';
import { revealInExplorerCommand } from './extension/commands/revealInExplorer';
import { revealSkillCommand } from './extension/commands/revealSkill';
import { reviewProposalsCommand } from './extension/commands/reviewProposals';
import { setLibraryFilterCommand } from './extension/commands/setLibraryFilter';
import { DiagnosticsPublisher } from './extension/diagnostics/diagnosticsPublisher';
import { RuleDocumentation } from './extension/diagnostics/ruleDocumentation';
import { RuleHover } from './extension/diagnostics/ruleHover';
import { SkillCodeActions } from './extension/fixes/skillCodeActions';
import { CommandId, configurationSection, ContextKey, ViewId } from './extension/ids';
import { LibraryService } from './extension/library/libraryService';
import { LibraryWatcher } from './extension/library/libraryWatcher';
import { ReviewPanel, reviewViewType } from './extension/review/reviewPanel';
import { LibraryStatusBar } from './extension/statusBar';
import { type LibraryNode, LibraryTreeProvider } from './extension/tree/libraryTree';
import { ProposalsTreeProvider } from './extension/tree/proposalsTree';

/** What the extension hands to its integration tests: the live services, nothing more. */
export interface SkillDistillerApi {
	library: LibraryService;
	libraryTree: LibraryTreeProvider;
	libraryView: vscode.TreeView<LibraryNode>;
	proposalsTree: ProposalsTreeProvider;
	proposalsView: vscode.TreeView<ProposalEntry>;
	/** The review panel, while it is open. */
	reviewPanel(): ReviewPanel | undefined;
}

let library: LibraryService | undefined;

const skillDocuments: vscode.DocumentSelector = { scheme: 'file', pattern: '**/SKILL.md' };

export function activate(context: vscode.ExtensionContext): SkillDistillerApi {
	const cacheFile = path.join(context.globalStorageUri.fsPath, 'markdownlint-cache.json');
	library = new LibraryService(context.extensionPath, cacheFile);
	const docs = new RuleDocumentation(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md'));
	const diagnostics = new DiagnosticsPublisher(library, docs);
	const libraryTree = new LibraryTreeProvider(library);
	const proposalsTree = new ProposalsTreeProvider(library);
	const libraryView = vscode.window.createTreeView(ViewId.Library, { treeDataProvider: libraryTree, showCollapseAll: true });
	const proposalsView = vscode.window.createTreeView(ViewId.Proposals, { treeDataProvider: proposalsTree });
	const log = vscode.window.createOutputChannel('Skill Distiller', { log: true });
	const statusBar = new LibraryStatusBar(library);
	const watcher = new LibraryWatcher(library);
	const service = library;
	const distil = { library: service, proposals: proposalsTree, proposalsView, log };
	const review = { extensionUri: context.extensionUri, library: service, proposals: proposalsTree, log };

	context.subscriptions.push(
		service, diagnostics, libraryTree, proposalsTree, libraryView, proposalsView, log, statusBar, watcher,
		vscode.languages.registerCodeActionsProvider(skillDocuments, new SkillCodeActions(service), { providedCodeActionKinds: SkillCodeActions.providedCodeActionKinds }),
		vscode.languages.registerHoverProvider(skillDocuments, new RuleHover()),
		service.onDidChange(change => {
			diagnostics.update(change);
			if (change.kind === 'all') {
				libraryTree.refresh();
			} else {
				libraryTree.refreshFiles(change.files);
			}
			proposalsTree.refresh();
			statusBar.update();
		}),
		vscode.workspace.onDidChangeConfiguration(event => {
			if (event.affectsConfiguration(configurationSection) || event.affectsConfiguration('chat.agentSkillsLocations')) {
				void service.rescan().then(() => {
					watcher.watchRoots();
					proposalsTree.watch();
				});
			}
		}),
		vscode.workspace.onDidChangeWorkspaceFolders(() => void service.rescan().then(() => {
			watcher.watchRoots();
			proposalsTree.watch();
		})),
		vscode.commands.registerCommand(CommandId.RefreshLibrary, refreshLibraryCommand(service)),
		vscode.commands.registerCommand(CommandId.CheckLibrary, checkLibraryCommand(service)),
		vscode.commands.registerCommand(CommandId.CheckSkill, checkSkillCommand(service)),
		vscode.commands.registerCommand(CommandId.OpenSkill, openSkillCommand()),
		vscode.commands.registerCommand(CommandId.OffloadToSidecar, offloadToSidecarCommand(service)),
		vscode.commands.registerCommand(CommandId.FixAllInLibrary, fixAllInLibraryCommand(service)),
		vscode.commands.registerCommand(CommandId.GoToLine, goToLineCommand()),
		vscode.commands.registerCommand(CommandId.RevealInExplorer, revealInExplorerCommand()),
		vscode.commands.registerCommand(CommandId.NewSkill, newSkillCommand(service)),
		vscode.commands.registerCommand(CommandId.RevealSkill, revealSkillCommand(libraryTree, libraryView)),
		vscode.commands.registerCommand(CommandId.OpenRuleDocumentation, openRuleDocumentationCommand(docs)),
		vscode.commands.registerCommand(CommandId.ShowAllSkills, setLibraryFilterCommand(libraryTree, 'all')),
		vscode.commands.registerCommand(CommandId.ShowDrafts, setLibraryFilterCommand(libraryTree, 'drafts')),
		vscode.commands.registerCommand(CommandId.ShowSkillsWithProblems, setLibraryFilterCommand(libraryTree, 'problems')),
		vscode.commands.registerCommand(CommandId.DistilSession, distilSessionCommand(distil, context.storageUri)),
		vscode.commands.registerCommand(CommandId.DistilTranscriptFile, distilTranscriptFileCommand(distil)),
		vscode.commands.registerCommand(CommandId.ReviewProposals, reviewProposalsCommand(review)),
		vscode.commands.registerCommand(CommandId.OpenProposalDraft, openProposalDraftCommand()),
		vscode.commands.registerCommand(CommandId.PromoteToStable, promoteToStableCommand(service, log)),
		vscode.window.registerWebviewPanelSerializer(reviewViewType, {
			deserializeWebviewPanel: async (panel, state: unknown) => {
				ReviewPanel.revive(panel, review, state as { id?: unknown } | undefined);
			},
		}),
		{ dispose: () => ReviewPanel.active?.dispose() },
	);
	void vscode.commands.executeCommand('setContext', ContextKey.Filter, 'all');

	// The first scan runs after activation returns, so it never delays the window.
	setTimeout(() => {
		void service.rescan().then(() => {
			if (service.configError) {
				void vscode.window.showWarningMessage(`Skill Distiller: ${service.configError}. The defaults apply until it is fixed.`);
			}
		});
	}, 0);
	return { library: service, libraryTree, libraryView, proposalsTree, proposalsView, reviewPanel: () => ReviewPanel.active };
}

export function deactivate(): void {
	library?.saveCache();
}
