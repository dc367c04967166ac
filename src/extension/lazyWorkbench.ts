import * as vscode from 'vscode';
import { providedCodeActionKinds } from './fixes/codeActionKinds';
import { CommandId, DocumentScheme, ViewId } from './ids';
import type * as WorkbenchModule from './workbench';
import type { SkillDistillerApi, Workbench } from './workbench';

const skillDocuments: vscode.DocumentSelector = { scheme: 'file', pattern: '**/SKILL.md' };

/**
 * The library's services as activation sees them: loaded from their own bundle
 * (dist/workbench.js: the engine, the distiller, the review panel and everything else) the first
 * time anything needs them. What VS Code may call at any moment (commands, providers, the review
 * panel's serializer) is registered at once and hands each call to the services, loading them if
 * they are not yet; activation costs loading this small bundle only.
 */
export class LazyWorkbench {
	private loaded: Workbench | undefined;
	private failure: Error | undefined;
	private readonly listingChanged = new vscode.EventEmitter<vscode.Uri>();

	constructor(private readonly context: vscode.ExtensionContext) {}

	/** The services, loaded and started now if they are not yet (require is synchronous). */
	get(): Workbench {
		if (this.failure) {
			// Started twice, the views and the listeners would be registered twice.
			throw this.failure;
		}
		if (!this.loaded) {
			try {
				// A bundle of its own beside this one, left out of this bundle by esbuild.mjs.
				// eslint-disable-next-line @typescript-eslint/no-require-imports
				const { startWorkbench } = require('./workbench.js') as typeof WorkbenchModule;
				this.loaded = startWorkbench(this.context);
			} catch (error) {
				this.failure = error instanceof Error ? error : new Error(String(error));
				throw this.failure;
			}
			this.context.subscriptions.push(this.loaded.listings.onDidChange(uri => this.listingChanged.fire(uri)));
		}
		return this.loaded;
	}

	/** Loads the services now; a failure is said once, as VS Code says an activation failed. */
	start(): void {
		try {
			this.get();
		} catch (error) {
			void vscode.window.showErrorMessage(`Skill Distiller could not start: ${(error as Error).message}`);
		}
	}

	/** Every command, provider and serializer, each handing its calls to the services. */
	register(): vscode.Disposable[] {
		const command = (id: CommandId) => (...args: unknown[]) => (this.get().commands[id] as (...args: unknown[]) => unknown)(...args);
		return [
			...Object.values(CommandId).map(id => vscode.commands.registerCommand(id, command(id))),
			vscode.languages.registerCodeActionsProvider(skillDocuments, {
				provideCodeActions: (...args) => this.get().codeActions.provideCodeActions(...args),
			}, { providedCodeActionKinds }),
			vscode.languages.registerHoverProvider(skillDocuments, { provideHover: (...args) => this.get().hover.provideHover(...args) }),
			vscode.workspace.registerTextDocumentContentProvider(DocumentScheme.RuleDocumentation, { provideTextDocumentContent: (...args) => this.get().ruleDocumentation.provideTextDocumentContent(...args) }),
			vscode.workspace.registerTextDocumentContentProvider(DocumentScheme.Transcript, { provideTextDocumentContent: (...args) => this.get().transcripts.provideTextDocumentContent(...args) }),
			this.listingChanged,
			vscode.workspace.registerTextDocumentContentProvider(DocumentScheme.Listing, {
				onDidChange: this.listingChanged.event,
				provideTextDocumentContent: (...args) => this.get().listings.provideTextDocumentContent(...args),
			}),
			vscode.window.registerWebviewPanelSerializer(ViewId.ReviewPanel, { deserializeWebviewPanel: (panel, state: unknown) => this.get().reviewPanels.deserializeWebviewPanel(panel, state) }),
		];
	}

	/** The API the integration tests use; each part loads the services when it is first read. */
	api(): SkillDistillerApi {
		const services = () => this.get().api;
		return {
			get library() {
				return services().library;
			},
			get libraryTree() {
				return services().libraryTree;
			},
			get libraryView() {
				return services().libraryView;
			},
			get statusBar() {
				return services().statusBar;
			},
			get proposalsTree() {
				return services().proposalsTree;
			},
			get proposalsView() {
				return services().proposalsView;
			},
			reviewPanel: () => services().reviewPanel(),
			get usage() {
				return services().usage;
			},
		};
	}
}
