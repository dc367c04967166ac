import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ApprenticeStatus } from '../../core/apprentice/apprenticeStatus';
import type { SkillEntry } from '../../core/check/analyzeSkill';
import { describeCounts, type FindingCounts } from '../../core/check/findings';
import { shortUsage } from '../../core/usage/skillUsage';
import type { UsageService } from '../usage/usageService';
import { type LibraryFilter, labelOf, LibraryOutline, type OutlineNode, type OutlineSkill, type OutlineSkillInfo, tallyOf } from '../../core/library/libraryOutline';
import { listSkillFolder } from '../../core/library/readSkill';
import type { ReadSkill } from '../../core/library/server/libraryProtocol';
import type { LifecycleStatus } from '../../core/skill/lifecycle';
import { describeRoot, seenBy } from '../../core/skill/standardRoots';
import { excludingPattern } from '../../core/util/glob';
import type { ApprenticeResults } from '../apprentice/apprenticeResults';
import { BuiltinCommand, watcherExcludeSetting } from '../ids';
import { type LibraryService, outsideRoot } from '../library/libraryService';

/** A file in a skill's folder other than its SKILL.md. */
export interface SidecarNode {
	kind: 'sidecar';
	id: string;
	skill: OutlineSkillInfo;
	relative: string;
	parent: OutlineSkill;
}

/** A row of the Library view: a root, a folder between a root and its skills, a skill, or a sidecar file. */
export type LibraryNode = OutlineNode | SidecarNode;

const statusIcons: Record<LifecycleStatus, vscode.ThemeIcon> = {
	stable: new vscode.ThemeIcon('verified', new vscode.ThemeColor('charts.green')),
	draft: new vscode.ThemeIcon('edit', new vscode.ThemeColor('charts.yellow')),
	proposed: new vscode.ThemeIcon('lightbulb', new vscode.ThemeColor('charts.blue')),
};

/** A skill's last apprentice result, as its row's description ends. */
const apprenticeLabels: Record<Exclude<ApprenticeStatus['state'], 'no-cases'>, (status: ApprenticeStatus) => string> = {
	'passed': () => 'apprentice ✓',
	'failed': status => `apprentice ✗ ${status.passed}/${(status.passed ?? 0) + (status.failed ?? 0)}`,
	'stale': () => 'apprentice: changed since',
	'not-run': () => 'apprentice: not run',
};

/** A skill with errors: a green "verified" would say the opposite of what is true. */
const errorIcon = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));

/**
 * A skill's row: label and icon by status (an error icon when it has errors), the status and any
 * info findings in the description; errors and warnings are VS Code's own badge on the row, and
 * the tooltip, from `skillTooltip` when hovered, says what the problems are.
 */
function skillTreeItem(skill: OutlineSkillInfo): vscode.TreeItem {
	const item = new vscode.TreeItem(labelOf(skill), skill.hasSidecars ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
	// VS Code's badge counts errors and warnings; info is said here, since nothing else on the row shows it.
	const infos = skill.counts?.infos ?? 0;
	item.description = [skill.status === 'stable' ? '' : skill.status, infos > 0 ? `${infos} info` : ''].filter(Boolean).join(' · ') || undefined;
	item.iconPath = (skill.counts?.errors ?? 0) > 0 ? errorIcon : statusIcons[skill.status];
	item.resourceUri = vscode.Uri.file(skill.file);
	item.contextValue = `skill.${skill.status}`;
	item.command = { command: BuiltinCommand.Open, title: 'Open', arguments: [vscode.Uri.file(skill.file)] };
	return item;
}

/** What hovering a skill's row shows: its name and status, its description, its file and its problems. */
function skillTooltip(skill: OutlineSkillInfo & { description?: string }): vscode.MarkdownString {
	const problems = skill.counts && describeCounts(skill.counts);
	const tooltip = new vscode.MarkdownString();
	tooltip.appendMarkdown('**').appendText(labelOf(skill)).appendMarkdown(`** — ${skill.status}\n\n`);
	if (skill.description) {
		tooltip.appendText(skill.description).appendMarkdown('\n\n');
	}
	tooltip.appendMarkdown('*').appendText(skill.file).appendMarkdown('*');
	if (problems) {
		tooltip.appendMarkdown('\n\n').appendText(problems);
	}
	return tooltip;
}

/** What the outline keeps of a skill the library read: its row is drawn from this alone, so it shows the same while a rescan reads the library again. */
function infoOf(skill: Pick<SkillEntry, 'file' | 'dir' | 'folderName' | 'name' | 'status' | 'sidecars'>, counts: FindingCounts | undefined): OutlineSkillInfo {
	return { file: skill.file, dir: skill.dir, folderName: skill.folderName, name: skill.name, status: skill.status, counts, hasSidecars: skill.sidecars.length > 0 };
}

/** The `files.watcherExclude` pattern that keeps VS Code's file watcher out of a root, if any. */
function watcherExclusion(rootPath: string): string | undefined {
	const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
	const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(rootPath));
	const patterns = vscode.workspace.getConfiguration(watcherExcludeSetting.section, folder?.uri).get<Record<string, unknown>>(watcherExcludeSetting.key) ?? {};
	return excludingPattern(patterns, rootPath, folders);
}

/** How soon the view is first redrawn while a scan fills it; each redraw waits twice as long as the one before. */
const firstFillRedrawMs = 500;

/**
 * The Library view: roots, the folders between a root and its skills (with counts), the skills
 * (by lifecycle status and problems), and each skill's sidecar files.
 */
export class LibraryTreeProvider implements vscode.TreeDataProvider<LibraryNode>, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<LibraryNode | undefined>();
	readonly onDidChangeTreeData = this.changeEmitter.event;
	private readonly filterEmitter = new vscode.EventEmitter<void>();
	/** The status or name filter changed. */
	readonly onDidChangeFilter = this.filterEmitter.event;
	private outline: LibraryOutline;
	private fillTimer: ReturnType<typeof setTimeout> | undefined;
	/** Redrawing a long list costs in proportion to it: backing off keeps a scan's redraws to a few. */
	private fillRedrawMs = firstFillRedrawMs;

	constructor(private readonly library: LibraryService, private readonly apprentice?: ApprenticeResults, private readonly usage?: UsageService) {
		this.outline = this.build();
	}

	/** Whether agents left a skill unused lately, for the "Not used in 30 days" filter. */
	private unused(file: string): boolean {
		return this.usage?.notUsedRecently(file) ?? false;
	}

	get currentFilter(): LibraryFilter {
		return this.outline.filter;
	}

	/** What Find Skill… was given (empty when every name is shown). */
	get nameQuery(): string {
		return this.outline.nameQuery;
	}

	/** Whether a filter hides skills. */
	get isFiltered(): boolean {
		return this.outline.filter !== 'all' || this.outline.nameQuery !== '';
	}

	/** Shows the skills that pass a filter; the counts each node keeps make this cost what the view shows. */
	setFilter(filter: LibraryFilter): void {
		this.outline.filter = filter;
		this.filterEmitter.fire();
		// Usage changes with time, not with the library: the "unused" counts are taken when that filter is chosen.
		if (filter === 'unused') {
			this.reload();
		} else {
			this.refresh();
		}
	}

	/** Redraws the rows with the usage just computed; under the "unused" filter, counts them again. */
	usageChanged(): void {
		if (this.outline.filter === 'unused') {
			this.reload();
		} else {
			this.refresh();
		}
	}

	/** Shows only the skills whose name or folder contains `query` (any case); empty shows every name. */
	setNameQuery(query: string): void {
		this.outline.setNameQuery(query);
		this.filterEmitter.fire();
		this.refresh();
	}

	refresh(): void {
		this.changeEmitter.fire(undefined);
	}

	/** Builds the view again from the library: after a full scan, or when the roots may have changed. */
	reload(): void {
		const { filter, nameQuery } = this.outline;
		this.outline = this.build();
		this.outline.filter = filter;
		this.outline.setNameQuery(nameQuery);
		clearTimeout(this.fillTimer);
		this.fillTimer = undefined;
		this.fillRedrawMs = firstFillRedrawMs;
		this.refresh();
	}

	private build(): LibraryOutline {
		const outline = new LibraryOutline([...this.library.roots, outsideRoot]);
		for (const group of this.library.groups()) {
			for (const skill of group.skills) {
				const counts = this.library.counts(skill.file);
				outline.put(group.root, infoOf(skill, counts), tallyOf(skill.status, counts, this.unused(skill.file)));
			}
		}
		return outline;
	}

	/** Redraws what a change of some files' findings touched: their rows, and the counts above them when they change. */
	refreshFiles(files: readonly string[]): void {
		const redraw = new Set<LibraryNode>();
		let all = false;
		for (const file of files) {
			const skill = this.library.skill(file);
			const counts = skill && !skill.inStaging ? this.library.counts(file) : undefined;
			const changed = skill && counts
				? this.outline.put(this.library.isOutsideRoots(file) ? outsideRoot : skill.root, infoOf(skill, counts), tallyOf(skill.status, counts, this.unused(file)))
				: this.outline.remove(file);
			if (changed === 'all') {
				all = true;
			} else {
				changed.forEach(node => redraw.add(node));
			}
		}
		if (all) {
			this.refresh();
		} else {
			redraw.forEach(node => this.changeEmitter.fire(node));
		}
	}

	/**
	 * Shows a skill a scan has just read, before the scan ends: its problem counts follow with the
	 * scan's end (the cross-skill rules need the whole library), the filters meanwhile go by the
	 * problems it has on its own. A skill already shown keeps its row.
	 */
	addRead(skill: ReadSkill): void {
		if (skill.inStaging || this.outline.get(skill.file)) {
			return;
		}
		this.outline.put(skill.root, infoOf(skill, undefined), tallyOf(skill.status, skill.counts, this.unused(skill.file)));
		this.fillTimer ??= setTimeout(() => {
			this.fillTimer = undefined;
			this.fillRedrawMs *= 2;
			this.refresh();
		}, this.fillRedrawMs);
	}

	getChildren(element?: LibraryNode): LibraryNode[] {
		if (!element) {
			return this.outline.roots();
		}
		if (element.kind === 'root' || element.kind === 'group') {
			return this.outline.children(element);
		}
		if (element.kind === 'skill') {
			const { dir } = element.skill;
			return sidecarFiles(dir).map(relative => ({ kind: 'sidecar', id: `file:${path.join(dir, relative)}`, skill: element.skill, relative, parent: element }));
		}
		return [];
	}

	getParent(element: LibraryNode): LibraryNode | undefined {
		return element.kind === 'root' ? undefined : element.parent;
	}

	getTreeItem(element: LibraryNode): vscode.TreeItem {
		if (element.kind === 'root') {
			const { root } = element;
			const item = new vscode.TreeItem(root.label, vscode.TreeItemCollapsibleState.Expanded);
			item.id = element.id;
			item.iconPath = new vscode.ThemeIcon(root.scope === 'user' ? 'account' : 'folder-library');
			const unwatchedBy = root.path ? watcherExclusion(root.path) : undefined;
			item.description = [describeRoot(root), this.outline.describe(element), unwatchedBy ? 'not watched' : ''].filter(Boolean).join(' · ');
			item.contextValue = !root.path ? 'outside' : unwatchedBy ? 'root.unwatched' : 'root';
			item.tooltip = root.path ? `${root.path}\n${seenBy(root)}` : 'Skill files opened from outside the configured roots';
			if (unwatchedBy) {
				// Said on the root, since nothing else tells a person why a skill deleted there stays listed.
				item.tooltip = new vscode.MarkdownString().appendText(`${root.path}\n\n${seenBy(root)}`).appendMarkdown('\n\nChanges on disk here are not watched (`files.watcherExclude`: ')
					.appendText(unwatchedBy).appendMarkdown('): skills created, deleted or edited outside VS Code show after **Refresh Folder**.');
			}
			return item;
		}
		if (element.kind === 'group') {
			const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Collapsed);
			item.id = element.id;
			item.description = this.outline.describe(element);
			item.tooltip = element.dir;
			item.iconPath = vscode.ThemeIcon.Folder;
			item.resourceUri = vscode.Uri.file(element.dir);
			item.contextValue = 'group';
			return item;
		}
		if (element.kind === 'skill') {
			const item = skillTreeItem(element.skill);
			item.id = element.id;
			if (this.outline.hasNamesake(element)) {
				item.description = [this.outline.folderOf(element), item.description].filter(Boolean).join(' · ');
			}
			const apprentice = this.apprentice?.status(element.skill.file);
			if (apprentice && apprentice.state !== 'no-cases') {
				item.description = [item.description, apprenticeLabels[apprentice.state](apprentice)].filter(Boolean).join(' · ');
			}
			const usage = this.usage?.usageOf(element.skill.file);
			if (usage && usage.loads > 0) {
				item.description = [item.description, shortUsage(usage)].filter(Boolean).join(' · ');
			}
			return item;
		}
		const uri = vscode.Uri.file(path.join(element.skill.dir, element.relative));
		const item = new vscode.TreeItem(element.relative, vscode.TreeItemCollapsibleState.None);
		item.id = element.id;
		item.resourceUri = uri;
		item.iconPath = vscode.ThemeIcon.File;
		item.contextValue = 'sidecar';
		item.command = { command: BuiltinCommand.Open, title: 'Open', arguments: [uri] };
		return item;
	}

	/** A skill's tooltip is made when it is hovered, not for every row the view lists. */
	resolveTreeItem(item: vscode.TreeItem, element: LibraryNode): vscode.TreeItem {
		if (element.kind === 'skill') {
			const tooltip = skillTooltip({ ...element.skill, description: this.library.skill(element.skill.file)?.description });
			const apprentice = this.apprentice?.status(element.skill.file);
			if (apprentice && apprentice.state !== 'no-cases') {
				tooltip.appendMarkdown('\n\nApprentice test: ').appendText(apprentice.text);
			}
			const usage = this.usage?.describe(element.skill.file);
			if (usage) {
				// Said beside the count: a session Claude Code deleted is no evidence the skill went unused.
				tooltip.appendMarkdown('\n\n').appendText(usage).appendMarkdown('\n\n*').appendText(this.usage?.note ?? '').appendMarkdown('*');
			}
			item.tooltip = tooltip;
		}
		return item;
	}

	/** Redraws a skill's row whose apprentice result changed. */
	redrawSkill(file: string): void {
		const node = this.outline.get(file);
		if (node) {
			this.changeEmitter.fire(node);
		}
	}

	/** The node of a skill as currently shown, for revealing it. */
	skillNode(file: string): LibraryNode | undefined {
		const node = this.outline.get(file);
		return node && this.outline.shown(node) ? node : undefined;
	}

	dispose(): void {
		clearTimeout(this.fillTimer);
		this.changeEmitter.dispose();
		this.filterEmitter.dispose();
	}
}

/** A skill's sidecar files (folders left out), in path order, listed when the skill is expanded. */
function sidecarFiles(dir: string): string[] {
	return listSkillFolder(dir).filter(entry => !entry.endsWith('/')).sort();
}
