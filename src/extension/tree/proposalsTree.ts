import * as vscode from 'vscode';
import { describeCounts } from '../../core/check/findings';
import { listProposals, type ProposalEntry } from '../../core/distil/proposalStore';
import { describeProposal } from '../../core/review/proposalText';
import { agentLabels } from '../../core/sessions/sessionEvents';
import { CommandId } from '../ids';
import type { LibraryService } from '../library/libraryService';

const actionIcons: Record<string, vscode.ThemeIcon> = {
	create: new vscode.ThemeIcon('new-file'),
	update: new vscode.ThemeIcon('diff'),
	memory: new vscode.ThemeIcon('note'),
};

/**
 * The Proposals view: what waits in the staging folders for a person's review, each with its
 * action (create, update, memory), where it came from and what the checks found.
 */
export class ProposalsTreeProvider implements vscode.TreeDataProvider<ProposalEntry>, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<undefined>();
	readonly onDidChangeTreeData = this.changeEmitter.event;
	/** The entries last listed, by folder, so `reveal` finds the same objects. */
	private entries = new Map<string, ProposalEntry>();
	private readonly watchers: vscode.Disposable[] = [];
	private refreshTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(private readonly library: LibraryService) {
		this.watch();
	}

	/** Watches the staging folders for proposals written or removed outside the extension. */
	watch(): void {
		vscode.Disposable.from(...this.watchers.splice(0)).dispose();
		for (const root of this.library.stagingRoots) {
			const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root.path), '**'));
			const later = () => this.refreshSoon();
			this.watchers.push(watcher, watcher.onDidCreate(later), watcher.onDidDelete(later), watcher.onDidChange(later));
		}
	}

	refresh(): void {
		this.changeEmitter.fire(undefined);
	}

	private refreshSoon(): void {
		clearTimeout(this.refreshTimer);
		this.refreshTimer = setTimeout(() => this.refresh(), 200);
	}

	/** Every pending proposal of every staging folder, newest first. */
	list(): ProposalEntry[] {
		const listed = this.library.stagingRoots.flatMap(root => listProposals(root.path));
		this.entries = new Map(listed.map(entry => [entry.dir, entry]));
		return listed.sort((a, b) => (b.record?.created ?? '').localeCompare(a.record?.created ?? '') || a.name.localeCompare(b.name));
	}

	/** The entry of a proposal folder, as the view last listed it. */
	entryFor(dir: string): ProposalEntry | undefined {
		return this.entries.get(dir) ?? this.list().find(entry => entry.dir === dir);
	}

	getChildren(element?: ProposalEntry): ProposalEntry[] {
		return element ? [] : this.list();
	}

	getParent(): undefined {
		return undefined;
	}

	getTreeItem(entry: ProposalEntry): vscode.TreeItem {
		const item = new vscode.TreeItem(entry.record?.name ?? entry.name, vscode.TreeItemCollapsibleState.None);
		item.id = `proposal:${entry.dir}`;
		const analysis = this.library.proposals().find(skill => skill.file === entry.document);
		const problems = analysis ? describeCounts(this.library.counts(entry.document)) : undefined;
		item.description = describeProposal(entry, problems);
		item.iconPath = entry.problem ? new vscode.ThemeIcon('warning') : actionIcons[entry.record?.action ?? 'create'];
		item.resourceUri = vscode.Uri.file(entry.document);
		item.contextValue = `proposal.${entry.record?.action ?? 'manual'}`;
		item.command = { command: CommandId.ReviewProposals, title: 'Review', arguments: [entry.dir] };
		const tooltip = new vscode.MarkdownString();
		tooltip.appendMarkdown('**').appendText(entry.record?.name ?? entry.name).appendMarkdown('**');
		if (entry.record) {
			const { record } = entry;
			tooltip.appendMarkdown(' — ').appendText(`${record.action}${record.target ? ` of ${record.target}` : ''}`).appendMarkdown('\n\n');
			const sessions = record.sessions && record.sessions.length > 1 ? record.sessions : [record.session];
			tooltip.appendText(`From ${sessions.map(session => `${agentLabels[session.agent]} session ${session.id}`).join(', ')}, ${record.created.slice(0, 10)}. ${record.reason}`).appendMarkdown('\n\n');
			for (const trigger of record.triggers.slice(0, 6)) {
				// A trigger kind is a word with hyphens; escaping it inside backticks would show the escapes (`repeated\-error`).
				tooltip.appendMarkdown(`- \`${trigger.kind.replace(/[^a-z-]/g, '')}\` `).appendText(trigger.summary).appendMarkdown('\n');
			}
		} else if (entry.problem) {
			tooltip.appendMarkdown('\n\n').appendText(entry.problem);
		}
		item.tooltip = tooltip;
		return item;
	}

	dispose(): void {
		clearTimeout(this.refreshTimer);
		vscode.Disposable.from(...this.watchers).dispose();
		this.changeEmitter.dispose();
	}
}
