import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { casesPath, parseCases } from '../../core/apprentice/cases';
import type { Finding } from '../../core/check/findings';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { targetBaseFileName } from '../../core/distil/proposalStore';
import { actionOf, mergedUpdate } from '../../core/review/ratify';
import { evidenceAt, reviewProposal, sessionAt } from '../../core/review/reviewModel';
import { type ClientMessage, type HostMessage, parseClientMessage, type ReviewState } from '../../core/review/reviewProtocol';
import { displayPath } from '../../core/util/paths';
import { errorMessage } from '../../core/util/text';
import { openCasesFile } from '../apprentice/apprenticeResults';
import { currentText } from '../edits/workspaceEdits';
import { BuiltinCommand, CommandId, ViewId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import type { ProposalsTreeProvider } from '../tree/proposalsTree';
import type { UsageService } from '../usage/usageService';
import { transcriptViewUri } from './transcriptDocuments';
import { acceptRoots, type ActionResult, type Decision, findingsOf, planFor, ratifyProposal, rejectProposal, undoDecision } from './proposalActions';


export interface ReviewDependencies {
	extensionUri: vscode.Uri;
	library: LibraryService;
	proposals: ProposalsTreeProvider;
	log: vscode.LogOutputChannel;
	/** How agents used the skills, for an update's target. */
	usage?: UsageService;
}

/** What the webview saved with `setState`, handed back by the serializer after a reload. */
interface SavedState {
	id?: unknown;
}

/** The page: a strict Content Security Policy with a fresh nonce, the script and styles from media/ only. */
export function reviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
	const nonce = randomBytes(18).toString('base64');
	const media = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...parts)).toString();
	const csp = [
		'default-src \'none\'',
		`style-src ${webview.cspSource}`,
		`font-src ${webview.cspSource}`,
		`img-src ${webview.cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('dist', 'codicon.css')}">
<link rel="stylesheet" href="${media('review.css')}">
<title>Review Proposals</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${media('dist', 'review.js')}"></script>
</body>
</html>`;
}

/**
 * The review panel: walks a person through each pending proposal (evidence → draft or diff →
 * checks → decision) and carries out the decision. One panel at a time; it follows edits of the
 * draft and changes of the staging folder, and survives a window reload (see the serializer in
 * extension.ts).
 */
export class ReviewPanel implements vscode.Disposable {
	private static current: ReviewPanel | undefined;
	private readonly disposables: vscode.Disposable[] = [];
	private selected: string | undefined;
	/** The ids the webview was last told about: the only ones it may name. */
	private knownIds = new Set<string>();
	private knownDrafts = new Set<string>();
	private refreshTimer: ReturnType<typeof setTimeout> | undefined;
	private lastState: ReviewState | undefined;
	/** How many refreshes have begun, and which of them sent the state last. */
	private refreshesBegun = 0;
	private refreshSent = 0;
	/** The last decision, while it can still be undone from the panel. */
	private decision: Decision | undefined;

	/** Opens the panel (or brings it to the front), on a proposal folder when one is given. */
	static show(dependencies: ReviewDependencies, id?: string): ReviewPanel {
		if (ReviewPanel.current) {
			ReviewPanel.current.panel.reveal();
		} else {
			const panel = vscode.window.createWebviewPanel(ViewId.ReviewPanel, 'Review Proposals', vscode.ViewColumn.Active, ReviewPanel.options(dependencies.extensionUri));
			ReviewPanel.current = new ReviewPanel(panel, dependencies);
		}
		if (id !== undefined) {
			ReviewPanel.current.selected = id;
		}
		void ReviewPanel.current.refresh();
		return ReviewPanel.current;
	}

	/** Restores a panel VS Code kept across a reload, on the proposal it showed. */
	static revive(panel: vscode.WebviewPanel, dependencies: ReviewDependencies, saved: SavedState | undefined): ReviewPanel {
		ReviewPanel.current?.dispose();
		panel.webview.options = ReviewPanel.options(dependencies.extensionUri);
		ReviewPanel.current = new ReviewPanel(panel, dependencies);
		ReviewPanel.current.selected = typeof saved?.id === 'string' ? saved.id : undefined;
		return ReviewPanel.current;
	}

	/** The open panel, if any (for tests and commands). */
	static get active(): ReviewPanel | undefined {
		return ReviewPanel.current;
	}

	private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
		return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
	}

	private constructor(readonly panel: vscode.WebviewPanel, private readonly dependencies: ReviewDependencies) {
		panel.webview.html = reviewHtml(panel.webview, dependencies.extensionUri);
		this.disposables.push(
			panel.onDidDispose(() => this.dispose()),
			panel.webview.onDidReceiveMessage(message => void this.handle(message)),
			dependencies.proposals.onDidChangeTreeData(() => this.refreshSoon()),
			dependencies.library.onDidChange(() => this.refreshSoon()),
			vscode.workspace.onDidChangeTextDocument(event => {
				if (this.follows(event.document.uri.fsPath)) {
					this.refreshSoon();
				}
			}),
		);
	}

	/** Whether a file is the shown proposal's draft or its target, whose edits the panel follows. */
	private follows(file: string): boolean {
		const entry = this.selected === undefined ? undefined : this.dependencies.proposals.entryFor(this.selected);
		return entry !== undefined && (file === entry.document || file === entry.record?.target || file === path.join(entry.dir, casesPath));
	}

	/** The state the webview was last sent (for tests). */
	get state(): ReviewState | undefined {
		return this.lastState;
	}

	private refreshSoon(): void {
		clearTimeout(this.refreshTimer);
		this.refreshTimer = setTimeout(() => void this.refresh(), 150);
	}

	/**
	 * Rebuilds what the panel shows from the proposals on disk (and the open editors), sends it and
	 * returns the state shown. A rebuild that ends after a later one was sent is dropped, so the
	 * webview never goes back to an older state while the checks are awaited.
	 */
	async refresh(): Promise<ReviewState> {
		const begun = ++this.refreshesBegun;
		const { library, proposals } = this.dependencies;
		const entries = proposals.list();
		const current = entries.find(entry => entry.dir === this.selected) ?? entries[0];
		this.selected = current?.dir;
		const drafts = library.groups().flatMap(group => group.skills).filter(skill => skill.status === 'draft');
		const described = current ? await this.describe(current) : undefined;
		const state: ReviewState = {
			proposals: entries.map(entry => ({ id: entry.dir, name: entry.record?.name ?? entry.name, action: actionOf(entry) })),
			current: described,
			drafts: drafts.map(skill => ({ id: skill.file, name: skill.name ?? skill.folderName, root: skill.root.label })),
			readOnly: !vscode.workspace.isTrusted,
		};
		if (this.lastState && begun < this.refreshSent) {
			return this.lastState;
		}
		this.refreshSent = begun;
		this.knownIds = new Set(state.proposals.map(proposal => proposal.id));
		this.knownDrafts = new Set(state.drafts.map(draft => draft.id));
		this.lastState = state;
		this.post({ type: 'state', state });
		return state;
	}

	private async describe(entry: ProposalEntry) {
		const { library } = this.dependencies;
		const roots = acceptRoots(library);
		const document = currentText(vscode.Uri.file(entry.document)) ?? '';
		const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
		let checks: Finding[] = [];
		let update: { current: string; merged?: string; conflict?: string; base?: string } | undefined;
		if (actionOf(entry) === 'update' && entry.record?.target) {
			const target = entry.record.target;
			const current = currentText(vscode.Uri.file(target)) ?? '';
			const baseFile = path.join(entry.dir, targetBaseFileName);
			update = { current, base: fs.existsSync(baseFile) ? fs.readFileSync(baseFile, 'utf8') : undefined };
			try {
				update.merged = mergedUpdate(entry, current, document);
				checks = await findingsOf(library, { action: 'update', name: entry.name, file: target, before: current, after: update.merged });
			} catch (error) {
				update.conflict = errorMessage(error);
			}
		} else {
			try {
				checks = await findingsOf(library, planFor(library, entry, roots[0]), roots[0]);
			} catch (error) {
				// A draft that cannot be placed (no name, a name taken) is a problem the panel shows.
				entry = { ...entry, problem: entry.problem ?? errorMessage(error) };
			}
		}
		const casesFile = vscode.Uri.file(path.join(entry.dir, casesPath));
		const casesText = currentText(casesFile);
		const cases = casesText === undefined ? undefined : parseCases(casesText);
		const target = entry.record?.target;
		const used = target && update ? this.dependencies.usage?.describe(target) : undefined;
		return reviewProposal({
			entry, document, update, checks, cases, roots: roots.map(root => ({ label: root.label, path: root.path })), displayPath: file => displayPath(file, folders),
			usage: used && this.dependencies.usage ? { summary: used, note: this.dependencies.usage.note } : undefined,
		});
	}

	private post(message: HostMessage): void {
		void this.panel.webview.postMessage(message);
	}

	/** Handles one message from the webview, after checking it against the protocol. */
	async handle(raw: unknown): Promise<void> {
		const message = parseClientMessage(raw, this.knownIds, this.knownDrafts);
		if (!message) {
			this.dependencies.log.warn(`The review panel sent a message outside its protocol; ignored: ${JSON.stringify(raw)?.slice(0, 200)}`);
			return;
		}
		const mutating: ClientMessage['type'][] = ['accept', 'merge', 'reject', 'promote', 'undo'];
		if (mutating.includes(message.type) && !vscode.workspace.isTrusted) {
			this.post({ type: 'result', ok: false, message: 'This workspace is not trusted: the panel is read-only.' });
			return;
		}
		await this.act(message);
	}

	private async act(message: ClientMessage): Promise<void> {
		const { library, proposals, log } = this.dependencies;
		if (message.type === 'ready') {
			await this.refresh();
			return;
		}
		if (message.type === 'undo') {
			const decision = this.decision;
			this.decision = undefined;
			if (decision) {
				const result = await undoDecision(library, decision, log);
				this.selected = decision.entry.dir;
				await this.report(result);
			}
			return;
		}
		if (message.type === 'promote') {
			await vscode.commands.executeCommand(CommandId.PromoteToStable, message.draft);
			await this.refresh();
			return;
		}
		const entry = proposals.entryFor(message.id);
		if (!entry) {
			await this.refresh();
			return;
		}
		switch (message.type) {
			case 'select':
				this.selected = entry.dir;
				await this.refresh();
				return;
			case 'openTranscript':
				await this.openTranscript(entry, message);
				return;
			case 'editDraft':
				await vscode.window.showTextDocument(vscode.Uri.file(entry.document), { viewColumn: vscode.ViewColumn.Beside, preview: false });
				return;
			case 'editCases':
				await openCasesFile(entry.dir, vscode.ViewColumn.Beside);
				await this.refresh();
				return;
			case 'openTarget':
				if (entry.record?.target) {
					await vscode.window.showTextDocument(vscode.Uri.file(entry.record.target), { viewColumn: vscode.ViewColumn.Beside, preview: false });
				}
				return;
			case 'later': {
				const ids = [...this.knownIds];
				this.selected = ids[(ids.indexOf(entry.dir) + 1) % ids.length];
				await this.refresh();
				return;
			}
			case 'accept':
			case 'merge': {
				const roots = acceptRoots(library);
				const root = message.type === 'accept' ? roots[message.root] : undefined;
				if (message.type === 'accept' && actionOf(entry) === 'create' && !root) {
					this.post({ type: 'result', ok: false, message: 'Choose a library folder for the new skill.' });
					return;
				}
				await this.report(await ratifyProposal(library, entry, root, log));
				return;
			}
			case 'reject': {
				await this.report(rejectProposal(library, entry, message.reason, log));
				return;
			}
		}
	}

	/** Shows what a decision (or its undo) did, and keeps what takes it back. */
	private async report({ ok, message, decision }: ActionResult): Promise<void> {
		if (decision) {
			this.decision = decision;
		}
		this.dependencies.proposals.refresh();
		await this.refresh();
		this.post({ type: 'result', ok, message, undoable: decision !== undefined });
	}

	/** Shows the session, rendered and read-only, around a line the Evidence step showed: a trigger's, an episode's or a noted entry's. */
	private async openTranscript(entry: ProposalEntry, { list, item, evidence: index, raw }: Extract<ClientMessage, { type: 'openTranscript' }>): Promise<void> {
		const record = entry.record;
		const evidence = record && evidenceAt(record, list, item, index);
		if (!record || !evidence) {
			return;
		}
		// A proposal resting on several sessions cites each line in its own session's transcript.
		const session = sessionAt(record, list, item);
		const file = evidence.file ?? session.path;
		if (!fs.existsSync(file)) {
			this.post({ type: 'result', ok: false, message: `The transcript ${file} is no longer there.` });
			return;
		}
		if (raw) {
			const line = Math.max(0, evidence.line - 1);
			await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside, preview: true, selection: new vscode.Range(line, 0, line, 0) });
		} else {
			await vscode.commands.executeCommand(BuiltinCommand.MarkdownPreviewToSide, transcriptViewUri({ file, line: evidence.line, agent: session.agent }));
		}
	}

	dispose(): void {
		if (ReviewPanel.current === this) {
			ReviewPanel.current = undefined;
		}
		clearTimeout(this.refreshTimer);
		vscode.Disposable.from(...this.disposables.splice(0)).dispose();
		this.panel.dispose();
	}
}
