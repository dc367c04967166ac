import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProposalEntry } from './core/distil/proposalStore';
import { errorMessage } from './core/util/text';
import { ApprenticeResults } from './extension/apprentice/apprenticeResults';
import { CasesDiagnostics } from './extension/apprentice/casesDiagnostics';
import { commandTable, registerCommands } from './extension/commands/commandTable';
import { DiagnosticsPublisher } from './extension/diagnostics/diagnosticsPublisher';
import { RuleDocumentation } from './extension/diagnostics/ruleDocumentation';
import { RuleHover } from './extension/diagnostics/ruleHover';
import { SkillCodeActions } from './extension/fixes/skillCodeActions';
import { chatSkillLocationsSetting, configurationSection, DocumentScheme, ViewId } from './extension/ids';
import { LibraryService } from './extension/library/libraryService';
import { LibraryWatcher } from './extension/library/libraryWatcher';
import { ReviewPanel } from './extension/review/reviewPanel';
import { ListingDocuments } from './extension/listing/listingDocuments';
import { TranscriptDocuments } from './extension/review/transcriptDocuments';
import { LibraryStatusBar } from './extension/statusBar';
import type { LibraryNode, LibraryTreeProvider } from './extension/tree/libraryTree';
import type { ProposalsTreeProvider } from './extension/tree/proposalsTree';
import { SkillViews } from './extension/tree/skillViews';
import { sessionCacheFile, UsageService } from './extension/usage/usageService';

/** What the extension hands to its integration tests: the live services, nothing more. */
export interface SkillDistillerApi {
	library: LibraryService;
	libraryTree: LibraryTreeProvider;
	libraryView: vscode.TreeView<LibraryNode>;
	/** The library's status bar item. */
	statusBar: vscode.StatusBarItem;
	proposalsTree: ProposalsTreeProvider;
	proposalsView: vscode.TreeView<ProposalEntry>;
	/** The review panel, while it is open. */
	reviewPanel(): ReviewPanel | undefined;
	/** How agents used the skills. */
	usage: UsageService;
}

const skillDocuments: vscode.DocumentSelector = { scheme: 'file', pattern: '**/SKILL.md' };

export function activate(context: vscode.ExtensionContext): SkillDistillerApi {
	// The analysis cache belongs to the workspace (its skills), in the workspace's own storage when there is one.
	const service = new LibraryService(context.extensionPath, path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'analysis-cache.bin'));
	const docs = new RuleDocumentation(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md'));
	const log = vscode.window.createOutputChannel('Skill Distiller', { log: true });
	const apprentice = new ApprenticeResults(service);
	const sessionCache = sessionCacheFile(context.globalStorageUri);
	const usage = new UsageService(service, sessionCache, context.extensionPath, context.storageUri, log);
	const views = new SkillViews(service, apprentice, usage);
	const diagnostics = new DiagnosticsPublisher(service, docs, log);
	const statusBar = new LibraryStatusBar(service);
	const watcher = new LibraryWatcher(service);
	const listings = new ListingDocuments(service);
	const review = { extensionUri: context.extensionUri, library: service, proposals: views.proposalsTree, log, usage };
	const rescanAndRewatch = () => service.rescan().then(() => {
		watcher.watchRoots();
		views.proposalsTree.watch();
	});
	context.subscriptions.push(
		service, log, apprentice, usage, views, diagnostics, statusBar, watcher, new CasesDiagnostics(apprentice),
		vscode.languages.registerCodeActionsProvider(skillDocuments, new SkillCodeActions(service), { providedCodeActionKinds: SkillCodeActions.providedCodeActionKinds }),
		vscode.languages.registerHoverProvider(skillDocuments, new RuleHover()),
		vscode.workspace.registerTextDocumentContentProvider(docs.uri.scheme, docs),
		vscode.workspace.registerTextDocumentContentProvider(DocumentScheme.Transcript, new TranscriptDocuments()),
		listings, vscode.workspace.registerTextDocumentContentProvider(DocumentScheme.Listing, listings),
		service.onDidStartScan(scan => void scan.then(() => log.info(service.scanSummary()))),
		// Each view of a change is updated on its own: one that fails leaves the others current.
		service.onDidChange(change => [() => apprentice.update(change), () => diagnostics.update(change), () => views.update(change), () => statusBar.update()].forEach(update => {
			try {
				update();
			} catch (error) {
				log.error(`Showing a change of the library failed: ${errorMessage(error)}`);
			}
		})),
		vscode.workspace.onDidChangeConfiguration(event => {
			if (event.affectsConfiguration(configurationSection) || event.affectsConfiguration(`${chatSkillLocationsSetting.section}.${chatSkillLocationsSetting.key}`)) {
				void rescanAndRewatch();
			}
		}),
		vscode.workspace.onDidChangeWorkspaceFolders(() => void rescanAndRewatch()),
		...registerCommands(commandTable({ library: service, views, docs, log, storageUri: context.storageUri, globalState: context.globalState, review, apprentice, usage, sessionCache, extensionPath: context.extensionPath })),
		vscode.window.registerWebviewPanelSerializer(ViewId.ReviewPanel, {
			deserializeWebviewPanel: async (panel, state: unknown) => void ReviewPanel.revive(panel, review, state as { id?: unknown } | undefined),
		}),
		{ dispose: () => ReviewPanel.active?.dispose() },
	);
	// Usage is computed once the first scan has ended, in the background.
	usage.start();
	// The first scan runs after activation returns, so it never delays the window.
	setTimeout(() => void service.rescan().then(() => {
		if (service.configError) {
			void vscode.window.showWarningMessage(`Skill Distiller: ${service.configError}. The defaults apply until it is fixed.`);
		}
		for (const problem of service.config.suppressProblems) {
			void vscode.window.showWarningMessage(`Skill Distiller: ${problem}.`);
		}
	}), 0);
	const { libraryTree, libraryView, proposalsTree, proposalsView } = views;
	return { library: service, libraryTree, libraryView, statusBar: statusBar.item, proposalsTree, proposalsView, reviewPanel: () => ReviewPanel.active, usage };
}
