import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProposalEntry } from '../core/distil/proposalStore';
import { errorMessage } from '../core/util/text';
import { ApprenticeResults } from './apprentice/apprenticeResults';
import { CasesDiagnostics } from './apprentice/casesDiagnostics';
import { type CommandHandler, commandTable } from './commands/commandTable';
import { DiagnosticsPublisher } from './diagnostics/diagnosticsPublisher';
import { RuleDocumentation } from './diagnostics/ruleDocumentation';
import { RuleHover } from './diagnostics/ruleHover';
import { SkillCodeActions } from './fixes/skillCodeActions';
import { chatSkillLocationsSetting, type CommandId, configurationSection } from './ids';
import { LibraryService } from './library/libraryService';
import { LibraryWatcher } from './library/libraryWatcher';
import { ListingDocuments } from './listing/listingDocuments';
import { ReviewPanel } from './review/reviewPanel';
import { TranscriptDocuments } from './review/transcriptDocuments';
import { LibraryStatusBar } from './statusBar';
import type { LibraryNode, LibraryTreeProvider } from './tree/libraryTree';
import type { ProposalsTreeProvider } from './tree/proposalsTree';
import { SkillViews } from './tree/skillViews';
import { sessionCacheFile, UsageService } from './usage/usageService';

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

/** The library's services, and what the extension registered at activation hands its calls to. */
export interface Workbench {
	api: SkillDistillerApi;
	commands: Record<CommandId, CommandHandler>;
	codeActions: vscode.CodeActionProvider;
	hover: vscode.HoverProvider;
	ruleDocumentation: vscode.TextDocumentContentProvider;
	transcripts: vscode.TextDocumentContentProvider;
	/** The simulated listings, which change with the library. */
	listings: vscode.TextDocumentContentProvider & { onDidChange: vscode.Event<vscode.Uri> };
	reviewPanels: vscode.WebviewPanelSerializer;
}

/**
 * Builds the library's services, the views and everything that keeps them current, and starts
 * the first scan. It is its own bundle (dist/workbench.js, with the engine), loaded just after
 * activation, so activating the extension never waits for it.
 */
export function startWorkbench(context: vscode.ExtensionContext): Workbench {
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
		service, log, apprentice, usage, views, diagnostics, statusBar, watcher, listings, new CasesDiagnostics(apprentice),
		service.onDidStartScan(scan => void scan.then(() => log.info(service.scanSummary()))),
		service.onDidStopProcess(why => {
			log.error(`The library process stopped: ${why}. Until the next scan, the library holds only the skills read since.`);
			void vscode.window.showWarningMessage(`Skill Distiller: the library process stopped (${why}). Refresh to scan the library again.`, 'Refresh').then(choice => choice && void rescanAndRewatch());
		}),
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
		{ dispose: () => ReviewPanel.active?.dispose() },
	);
	watcher.checkOpenDocuments();
	// Usage is computed once the first scan has ended, in the background.
	usage.start();
	// The first scan runs after the views are up, so it never delays them.
	setTimeout(() => void service.rescan().then(() => {
		if (service.configError) {
			void vscode.window.showWarningMessage(`Skill Distiller: ${service.configError}. The defaults apply until it is fixed.`);
		}
		for (const problem of service.config.suppressProblems) {
			void vscode.window.showWarningMessage(`Skill Distiller: ${problem}.`);
		}
	}), 0);
	const { libraryTree, libraryView, proposalsTree, proposalsView } = views;
	return {
		api: { library: service, libraryTree, libraryView, statusBar: statusBar.item, proposalsTree, proposalsView, reviewPanel: () => ReviewPanel.active, usage },
		commands: commandTable({ library: service, views, docs, log, storageUri: context.storageUri, globalState: context.globalState, review, apprentice, usage, sessionCache, extensionPath: context.extensionPath }),
		codeActions: new SkillCodeActions(service),
		hover: new RuleHover(),
		ruleDocumentation: docs,
		transcripts: new TranscriptDocuments(),
		listings,
		reviewPanels: {
			deserializeWebviewPanel: async (panel, state: unknown) => void ReviewPanel.revive(panel, review, state as { id?: unknown } | undefined),
		},
	};
}
