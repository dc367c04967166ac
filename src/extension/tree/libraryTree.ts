import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SkillAnalysis } from '../../core/check/analyzeSkill';
import { describeCounts, type FindingCounts } from '../../core/check/findings';
import { listSkillFolder } from '../../core/library/readSkill';
import type { LifecycleStatus } from '../../core/skill/lifecycle';
import { describeRoot } from '../../core/skill/standardRoots';
import { BuiltinCommand } from '../ids';
import type { LibraryService, RootGroup } from '../library/libraryService';

export type LibraryFilter = 'all' | 'drafts' | 'problems';

export type LibraryNode =
	| { kind: 'root'; id: string; group: RootGroup }
	| { kind: 'skill'; id: string; skill: SkillAnalysis; parent?: LibraryNode }
	| { kind: 'sidecar'; id: string; skill: SkillAnalysis; relative: string; parent: LibraryNode };

const statusIcons: Record<LifecycleStatus, vscode.ThemeIcon> = {
	stable: new vscode.ThemeIcon('verified', new vscode.ThemeColor('charts.green')),
	draft: new vscode.ThemeIcon('edit', new vscode.ThemeColor('charts.yellow')),
	proposed: new vscode.ThemeIcon('lightbulb', new vscode.ThemeColor('charts.blue')),
};

/** The tree items of a skill, shared by the Library and Proposals views. */
export function skillTreeItem(skill: SkillAnalysis, counts: FindingCounts, collapsible: boolean): vscode.TreeItem {
	const item = new vscode.TreeItem(skill.name ?? skill.folderName, collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
	const problems = describeCounts(counts);
	item.description = [skill.status === 'stable' ? '' : skill.status, problems ?? ''].filter(Boolean).join(' · ') || undefined;
	item.iconPath = statusIcons[skill.status];
	item.resourceUri = vscode.Uri.file(skill.file);
	item.contextValue = `skill.${skill.status}`;
	item.command = { command: BuiltinCommand.Open, title: 'Open', arguments: [vscode.Uri.file(skill.file)] };
	const tooltip = new vscode.MarkdownString();
	tooltip.appendMarkdown('**').appendText(skill.name ?? skill.folderName).appendMarkdown(`** — ${skill.status}\n\n`);
	if (skill.description) {
		tooltip.appendText(skill.description).appendMarkdown('\n\n');
	}
	tooltip.appendMarkdown('*').appendText(skill.file).appendMarkdown('*');
	if (problems) {
		tooltip.appendMarkdown('\n\n').appendText(problems);
	}
	item.tooltip = tooltip;
	return item;
}

/** The Library view: roots, their skills (by lifecycle status and problems), and each skill's sidecar files. */
export class LibraryTreeProvider implements vscode.TreeDataProvider<LibraryNode>, vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<LibraryNode | undefined>();
	readonly onDidChangeTreeData = this.changeEmitter.event;
	private filter: LibraryFilter = 'all';
	private readonly nodes = new Map<string, LibraryNode>();

	constructor(private readonly library: LibraryService) {}

	get currentFilter(): LibraryFilter {
		return this.filter;
	}

	setFilter(filter: LibraryFilter): void {
		this.filter = filter;
		this.refresh();
	}

	refresh(): void {
		this.changeEmitter.fire(undefined);
	}

	private counts(skill: SkillAnalysis): FindingCounts {
		return this.library.counts(skill.file);
	}

	/** Redraws the skills whose findings changed; a skill not shown yet redraws the whole tree. */
	refreshFiles(files: readonly string[]): void {
		const nodes = files.map(file => this.nodes.get(`skill:${file}`));
		if (this.filter !== 'all' || nodes.some(node => !node)) {
			this.refresh();
			return;
		}
		for (const node of nodes) {
			this.changeEmitter.fire(node);
		}
	}

	private visible(skill: SkillAnalysis): boolean {
		if (this.filter === 'drafts') {
			return skill.status === 'draft';
		}
		if (this.filter === 'problems') {
			const counts = this.counts(skill);
			return counts.errors + counts.warnings + counts.infos > 0;
		}
		return true;
	}

	/** A node keeps the analysis it was made from; a redraw must show the skill as it is now. */
	private fresh(skill: SkillAnalysis): SkillAnalysis {
		return this.library.skill(skill.file) ?? skill;
	}

	private node<T extends LibraryNode>(node: T): T {
		this.nodes.set(node.id, node);
		return node;
	}

	getChildren(element?: LibraryNode): LibraryNode[] {
		if (!element) {
			this.nodes.clear();
			return this.library.groups()
				.map(group => ({ ...group, skills: group.skills.filter(skill => this.visible(skill)) }))
				.filter(group => group.skills.length > 0)
				.map(group => this.node({ kind: 'root', id: `root:${group.root.path}`, group }));
		}
		if (element.kind === 'root') {
			return element.group.skills.map(skill => this.node({ kind: 'skill', id: `skill:${skill.file}`, skill, parent: element }));
		}
		if (element.kind === 'skill') {
			const skill = this.fresh(element.skill);
			return sidecarFiles(skill).map(relative => this.node({ kind: 'sidecar', id: `file:${path.join(skill.dir, relative)}`, skill, relative, parent: element }));
		}
		return [];
	}

	getParent(element: LibraryNode): LibraryNode | undefined {
		return element.kind === 'root' ? undefined : element.parent;
	}

	getTreeItem(element: LibraryNode): vscode.TreeItem {
		if (element.kind === 'root') {
			const item = new vscode.TreeItem(element.group.root.label, vscode.TreeItemCollapsibleState.Expanded);
			item.id = element.id;
			item.description = describeRoot(element.group.root);
			item.tooltip = element.group.root.path || 'Skill files opened from outside the configured roots';
			item.iconPath = new vscode.ThemeIcon(element.group.root.scope === 'user' ? 'account' : 'folder-library');
			item.contextValue = 'root';
			return item;
		}
		if (element.kind === 'skill') {
			const skill = this.fresh(element.skill);
			const item = skillTreeItem(skill, this.counts(skill), skill.sidecars.length > 0);
			item.id = element.id;
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

	/** The node of a skill as currently shown, for revealing it. */
	skillNode(file: string): LibraryNode | undefined {
		this.getChildren().forEach(root => this.getChildren(root));
		return this.nodes.get(`skill:${file}`);
	}

	dispose(): void {
		this.changeEmitter.dispose();
	}
}

/** A skill's sidecar files (folders left out), in path order, listed when the skill is expanded. */
export function sidecarFiles(skill: SkillAnalysis): string[] {
	return listSkillFolder(skill.dir).filter(entry => !entry.endsWith('/')).sort();
}
