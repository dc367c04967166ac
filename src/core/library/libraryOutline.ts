import * as path from 'node:path';
import type { FindingCounts } from '../check/findings';
import type { LifecycleStatus } from '../skill/lifecycle';
import type { SkillRoot } from '../skill/standardRoots';

/** Which skills the Library view shows: all, drafts, those with errors or warnings, those with any finding, or those agents did not load lately. */
export type LibraryFilter = 'all' | 'drafts' | 'problems' | 'findings' | 'unused';

/** What the outline keeps of a skill: enough to place, filter and draw its row. */
export interface OutlineSkillInfo {
	file: string;
	dir: string;
	folderName: string;
	name?: string;
	status: LifecycleStatus;
	/** Its findings by severity; unknown while a scan has read it but not checked it against the library. */
	counts?: FindingCounts;
	hasSidecars: boolean;
}

/** How many skills below a node pass each filter. */
export type Tally = Record<LibraryFilter, number>;

export interface OutlineRoot {
	kind: 'root';
	id: string;
	root: SkillRoot;
	children: OutlineChild[];
	tally: Tally;
}

/** A folder between a root and its skills (an owner's folder in a large collection). */
export interface OutlineGroup {
	kind: 'group';
	id: string;
	dir: string;
	label: string;
	parent: OutlineContainer;
	children: OutlineChild[];
	tally: Tally;
}

export interface OutlineSkill {
	kind: 'skill';
	id: string;
	skill: OutlineSkillInfo;
	parent: OutlineContainer;
	passes: Tally;
}

export type OutlineContainer = OutlineRoot | OutlineGroup;
export type OutlineChild = OutlineGroup | OutlineSkill;
export type OutlineNode = OutlineContainer | OutlineSkill;

/** What a view must redraw after a change: some nodes, or everything (a root appeared or went). */
export type OutlineRedraw = OutlineNode[] | 'all';

const filters: readonly LibraryFilter[] = ['all', 'drafts', 'problems', 'findings', 'unused'];

function emptyTally(): Tally {
	return { all: 0, drafts: 0, problems: 0, findings: 0, unused: 0 };
}

/** Which filters a skill passes (1) or not (0), from its status, its findings by severity, and whether agents left it unused lately. */
export function tallyOf(status: LifecycleStatus, counts: FindingCounts, unused = false): Tally {
	return {
		all: 1,
		drafts: status === 'draft' ? 1 : 0,
		problems: counts.errors + counts.warnings > 0 ? 1 : 0,
		findings: counts.errors + counts.warnings + counts.infos > 0 ? 1 : 0,
		unused: unused ? 1 : 0,
	};
}

/** "17,478 skills", or under a filter "12 of 17,478 skills". */
export function describeTally(tally: Tally, filter: LibraryFilter): string {
	return describeCount(tally[filter], tally.all, filter !== 'all');
}

function describeCount(shown: number, all: number, filtered: boolean): string {
	const total = `${all.toLocaleString('en-US')} ${all === 1 ? 'skill' : 'skills'}`;
	return filtered ? `${shown.toLocaleString('en-US')} of ${total}` : total;
}

/** What the Library view's filter says it shows: "Drafts only", "Name: deploy", both, or nothing when it shows everything. */
export function describeFilter(filter: LibraryFilter, nameQuery: string): string | undefined {
	const parts = [filterLabels[filter], nameQuery ? `Name: ${nameQuery}` : undefined].filter(Boolean);
	return parts.length > 0 ? parts.join(' · ') : undefined;
}

const filterLabels: Record<LibraryFilter, string | undefined> = {
	all: undefined,
	drafts: 'Drafts only',
	problems: 'Errors or warnings',
	findings: 'Any finding',
	unused: 'Not used in 30 days',
};

/** The row label of a skill: its frontmatter name, or its folder's when it has none. */
export function labelOf(skill: OutlineSkillInfo): string {
	return skill.name ?? skill.folderName;
}

/** Where a child sorts among its siblings: skills by file, a group as the files below it do. */
function sortKey(child: OutlineChild): string {
	return child.kind === 'skill' ? child.skill.file : child.dir + path.sep;
}

/**
 * The Library view's tree: roots, the folders between a root and its skills, and the skills,
 * with how many skills below each node pass each filter. A change moves one skill and the
 * tallies of its ancestors, so neither a keystroke nor a filter change walks the library.
 */
export class LibraryOutline {
	private readonly rootNodes: OutlineRoot[];
	private readonly rootsByPath = new Map<string, OutlineRoot>();
	private readonly skills = new Map<string, OutlineSkill>();
	private readonly groups = new Map<string, OutlineGroup>();
	/** The rows by label, to tell namesakes apart. */
	private readonly byLabel = new Map<string, Set<OutlineSkill>>();
	filter: LibraryFilter = 'all';
	/** The name filter as given (trimmed), and lower-cased; empty when every name passes. */
	private givenQuery = '';
	private query = '';
	/** Under a name filter: how many skills below each root and group whose name matches pass each filter. */
	private readonly matched = new Map<OutlineContainer, Tally>();

	/** `roots`: every root a skill can be shown under, in the view's order. */
	constructor(roots: readonly SkillRoot[]) {
		this.rootNodes = roots.map(root => ({ kind: 'root', id: `root:${root.path}`, root, children: [], tally: emptyTally() }));
		for (const node of this.rootNodes) {
			this.rootsByPath.set(node.root.path, node);
		}
	}

	/** The name filter as given (trimmed); empty when there is none. */
	get nameQuery(): string {
		return this.givenQuery;
	}

	/**
	 * Shows only the skills whose name or folder name contains `query` (any case); an empty query
	 * shows every name. One pass over the skills, each counted into the roots and groups above it.
	 */
	setNameQuery(query: string): void {
		this.givenQuery = query.trim();
		this.query = this.givenQuery.toLowerCase();
		this.matched.clear();
		if (!this.query) {
			return;
		}
		for (const node of this.skills.values()) {
			this.match(node, 1);
		}
	}

	/** The roots with a skill that passes the filter. */
	roots(): OutlineRoot[] {
		return this.rootNodes.filter(node => this.count(node) > 0);
	}

	/** The children of a root or group that pass the filter (a group when a skill below it does). */
	children(container: OutlineContainer): OutlineChild[] {
		return container.children.filter(child => child.kind === 'skill' ? this.shown(child) : this.count(child) > 0);
	}

	/** "17,478 skills", or under a filter "3 of 17,478 skills": what a root or group shows of what it holds. */
	describe(container: OutlineContainer): string {
		return describeCount(this.count(container), container.tally.all, this.filter !== 'all' || this.query !== '');
	}

	/** How many skills below a root or group pass the filters. */
	private count(container: OutlineContainer): number {
		return this.query ? this.matched.get(container)?.[this.filter] ?? 0 : container.tally[this.filter];
	}

	private nameMatches(skill: OutlineSkillInfo): boolean {
		return !this.query || labelOf(skill).toLowerCase().includes(this.query) || skill.folderName.toLowerCase().includes(this.query);
	}

	/** Counts a skill in (1) or out (-1) of the name filter's tallies above it, if its name matches. */
	private match(node: OutlineSkill, sign: 1 | -1): void {
		if (!this.query || !this.nameMatches(node.skill)) {
			return;
		}
		for (let container: OutlineContainer | undefined = node.parent; container; container = container.kind === 'group' ? container.parent : undefined) {
			let tally = this.matched.get(container);
			if (!tally) {
				tally = emptyTally();
				this.matched.set(container, tally);
			}
			for (const filter of filters) {
				tally[filter] += sign * node.passes[filter];
			}
		}
	}

	get(file: string): OutlineSkill | undefined {
		return this.skills.get(file);
	}

	/** Whether a skill's row is shown under the filters. */
	shown(node: OutlineSkill): boolean {
		return node.passes[this.filter] > 0 && this.nameMatches(node.skill);
	}

	/** Whether another row carries the same label. */
	hasNamesake(node: OutlineSkill): boolean {
		return (this.byLabel.get(labelOf(node.skill))?.size ?? 0) > 1;
	}

	/** A skill's folder relative to its root, which tells namesakes apart. */
	folderOf(node: OutlineSkill): string {
		const root = this.rootOf(node).root.path;
		return root ? path.relative(root, node.skill.dir) : node.skill.dir;
	}

	/**
	 * Adds a skill under a root, or replaces it, and says what to redraw. `passes` comes from
	 * `tallyOf`.
	 */
	put(root: SkillRoot, skill: OutlineSkillInfo, passes: Tally): OutlineRedraw {
		const existing = this.skills.get(skill.file);
		const rootNode = this.rootsByPath.get(root.path);
		if (existing && this.rootOf(existing) === rootNode) {
			return this.replace(existing, skill, passes);
		}
		if (existing) {
			// Moved to another root (the settings changed): rare enough to redraw everything.
			this.remove(skill.file);
			if (rootNode) {
				this.add(rootNode, skill, passes);
			}
			return 'all';
		}
		if (!rootNode) {
			return [];
		}
		const wasShown = this.count(rootNode) > 0;
		const namesakes = this.add(rootNode, skill, passes);
		return wasShown !== this.count(rootNode) > 0 ? 'all' : [rootNode, ...namesakes];
	}

	/** Forgets a skill and says what to redraw. */
	remove(file: string): OutlineRedraw {
		const node = this.skills.get(file);
		if (!node) {
			return [];
		}
		const rootNode = this.rootOf(node);
		const wasShown = this.count(rootNode) > 0;
		this.skills.delete(file);
		const namesakes = this.removeLabel(node);
		this.adjust(node.parent, node.passes, -1);
		this.match(node, -1);
		let container: OutlineContainer = node.parent;
		removeSorted(container.children, node);
		// A folder left without skills goes with its last one.
		while (container.kind === 'group' && container.children.length === 0) {
			const parent: OutlineContainer = container.parent;
			removeSorted(parent.children, container);
			this.groups.delete(container.dir);
			this.matched.delete(container);
			container = parent;
		}
		return wasShown !== this.count(rootNode) > 0 ? 'all' : [rootNode, ...namesakes];
	}

	/** Files a new skill under its root and folders; returns the rows whose label it now shares. */
	private add(rootNode: OutlineRoot, skill: OutlineSkillInfo, passes: Tally): OutlineSkill[] {
		const node: OutlineSkill = { kind: 'skill', id: `skill:${skill.file}`, skill, parent: this.containerFor(rootNode, skill.dir), passes };
		insertSorted(node.parent.children, node);
		this.skills.set(skill.file, node);
		this.adjust(node.parent, passes, 1);
		this.match(node, 1);
		return this.addLabel(node);
	}

	private replace(node: OutlineSkill, skill: OutlineSkillInfo, passes: Tally): OutlineRedraw {
		const redraw: OutlineNode[] = [node];
		const rootNode = this.rootOf(node);
		const rootShownBefore = this.count(rootNode) > 0;
		const shownBefore = this.shown(node);
		const relabelled = labelOf(node.skill) !== labelOf(skill);
		if (relabelled) {
			redraw.push(...this.removeLabel(node));
		}
		this.match(node, -1);
		node.skill = skill;
		if (relabelled) {
			redraw.push(...this.addLabel(node));
		}
		const before = node.passes;
		node.passes = passes;
		this.adjust(node.parent, { all: 0, drafts: passes.drafts - before.drafts, problems: passes.problems - before.problems, findings: passes.findings - before.findings, unused: passes.unused - before.unused }, 1);
		this.match(node, 1);
		if (shownBefore === this.shown(node)) {
			return redraw;
		}
		// The skill appears or disappears under the filters, and every count above it changes.
		return rootShownBefore !== this.count(rootNode) > 0 ? 'all' : [rootNode, ...redraw.slice(1)];
	}

	private rootOf(node: OutlineSkill | OutlineGroup): OutlineRoot {
		let container = node.parent;
		while (container.kind === 'group') {
			container = container.parent;
		}
		return container;
	}

	/** The group a skill folder belongs in, made with the groups above it if need be. */
	private containerFor(rootNode: OutlineRoot, dir: string): OutlineContainer {
		// Plain string work, no path.relative: discovery gives skill folders below their root, absolute and normalised.
		const prefix = rootNode.root.path + path.sep;
		const folders = rootNode.root.path && dir.startsWith(prefix) ? dir.slice(prefix.length).split(path.sep).slice(0, -1) : [];
		let container: OutlineContainer = rootNode;
		let current = rootNode.root.path;
		for (const folder of folders) {
			current = current + path.sep + folder;
			let group = this.groups.get(current);
			if (!group) {
				group = { kind: 'group', id: `group:${current}`, dir: current, label: folder, parent: container, children: [], tally: emptyTally() };
				this.groups.set(current, group);
				insertSorted(container.children, group);
			}
			container = group;
		}
		return container;
	}

	private adjust(from: OutlineContainer, by: Tally, sign: 1 | -1): void {
		for (let container: OutlineContainer | undefined = from; container; container = container.kind === 'group' ? container.parent : undefined) {
			for (const filter of filters) {
				container.tally[filter] += sign * by[filter];
			}
		}
	}

	/** Files a row under its label; returns the other row whose label just became shared. */
	private addLabel(node: OutlineSkill): OutlineSkill[] {
		const label = labelOf(node.skill);
		let holders = this.byLabel.get(label);
		if (!holders) {
			holders = new Set();
			this.byLabel.set(label, holders);
		}
		holders.add(node);
		return holders.size === 2 ? [...holders].filter(other => other !== node) : [];
	}

	/** Takes a row from its label; returns the row left alone with it. */
	private removeLabel(node: OutlineSkill): OutlineSkill[] {
		const label = labelOf(node.skill);
		const holders = this.byLabel.get(label);
		holders?.delete(node);
		if (holders?.size === 0) {
			this.byLabel.delete(label);
		}
		return holders?.size === 1 ? [...holders] : [];
	}
}

/** Where a child is, or goes, among its siblings in path order (a binary search: siblings can be thousands). */
function positionOf(children: readonly OutlineChild[], child: OutlineChild): number {
	const key = sortKey(child);
	let low = 0;
	let high = children.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sortKey(children[middle]) < key) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low;
}

function insertSorted(children: OutlineChild[], child: OutlineChild): void {
	children.splice(positionOf(children, child), 0, child);
}

function removeSorted(children: OutlineChild[], child: OutlineChild): void {
	children.splice(positionOf(children, child), 1);
}
