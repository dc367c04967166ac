import { FindingStrings } from '../check/findingStrings';
import type { SkillAnalysis } from '../check/analyzeSkill';
import { finalizeFindings } from '../check/analyzeSkill';
import { type CheckConfig, optionOf } from '../check/config';
import { type Finding, skillFindings } from '../check/findings';
import { applySuppressions, type SuppressedFinding } from '../check/suppressions';
import type { CrossFindings } from './analysisCache';
import { sameWhatAndWhen } from '../duplicates/descriptionParts';
import { NearDuplicateIndex } from '../duplicates/nearDuplicateIndex';
import type { ClientId } from '../check/clients';
import { type ListedSkill, listedClients, type Listing, type ListingEntry, listingFactsFor, listingOrder, simulateListing } from '../listing/listingBudget';
import { crossSkillFindings, type CrossSkillView } from '../rules/crossSkillRules';
import type { ListingOutcome } from '../rules/listingRules';
import { qualifiedName } from '../skill/plugin';
import type { SkillRoot } from '../skill/standardRoots';

interface Entry {
	analysis: SkillAnalysis;
	/** What the listings read of it, made once per analysis. */
	listed?: ListedSkill;
	/** Cross-skill findings, computed on demand and kept until the skill's neighbourhood changes. */
	cross?: Finding[];
	/** The cross-skill findings a suppression kept from being reported. */
	crossSuppressed?: SuppressedFinding[];
}

/** Each targeted client's listing, and what each listed skill's findings read of them. */
interface Listings {
	listings: Listing[];
	/** Per listing, each skill's entry by the index's id (ids are small and dense). */
	byId: (ListingEntry | undefined)[][];
}

/** Whether a skill fares alike in two simulations of one listing: its findings read nothing else. */
function sameOutcome(a: ListingEntry | undefined, b: ListingEntry | undefined, capA: number | undefined, capB: number | undefined): boolean {
	return a === undefined || b === undefined ? a === b : a.state === b.state && a.lost === b.lost && a.cutBy === b.cutBy && (a.cutBy !== 'shortened' || capA === capB);
}

/** What a client's listing reads of a skill: a change elsewhere in it leaves every listing as it was. */
function listingInput(analysis: SkillAnalysis | undefined): string {
	return !analysis || analysis.inStaging ? '' : JSON.stringify([listingKey(analysis), analysis.description, analysis.whenToUse, analysis.modelDisabled, analysis.root.path]);
}

/** What a skill's place in a listing depends on: a change of it alone (a description edited) keeps the order. */
function listingKey(analysis: SkillAnalysis): string {
	return JSON.stringify([qualifiedName(analysis) ?? analysis.folderName, analysis.root.scope, analysis.file]);
}

/** Whether a client loads skills from a root (a root of unknown clients is loaded with everything). */
export function rootSeenBy(root: SkillRoot, client: ClientId): boolean {
	return !root.clients || root.clients.includes(client);
}

/** One key for a pair of skill names, whichever way round. */
function pairKey(a: string, b: string): string {
	return a < b ? `${a}\0${b}` : `${b}\0${a}`;
}

function addAll(into: Set<number>, from: Iterable<number>): void {
	for (const item of from) {
		into.add(item);
	}
}

/** Where `file` is in the sorted `files`, which hold it. */
function sortedIndex(files: readonly string[], file: string): number {
	let low = 0;
	let high = files.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (files[middle] < file) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low;
}

/**
 * Every skill of a library with its findings. Per-skill findings come with each analysis; the
 * cross-skill rules (duplicate-name, duplicate-description, duplicate-content) are answered from
 * name and near-duplicate indexes, so replacing one skill re-checks only the skills whose
 * findings it can change.
 */
export class LibraryIndex {
	private readonly entries: (Entry | undefined)[] = [];
	private readonly freeIds: number[] = [];
	private readonly idByFile = new Map<string, number>();
	/** The files and their analyses in path order, until a file comes or goes (a replaced analysis is swapped in place). */
	private sorted: { files: string[]; skills: SkillAnalysis[] } | undefined;
	private readonly names = new Map<string, Set<number>>();
	private readonly descriptions: NearDuplicateIndex;
	private readonly passages: NearDuplicateIndex;
	private readonly boilerplateSkills: number;
	/** What the cross-skill rules read of this index. */
	private readonly view: CrossSkillView;
	/** The listings, simulated when first asked for and again when a skill they read changes. */
	private listingCache: Listings | undefined;
	/** The library's skills in each listing order, until a skill comes, goes, or changes its name or place. */
	private readonly listingOrders = new Map<string, number[]>();
	/** Other roots a skill folder is reached from through symbolic links, by its SKILL.md: one skill, more clients. */
	private readonly aliases = new Map<string, { alias: string; root: SkillRoot }[]>();
	/**
	 * Skills added but not yet filed in the near-duplicate indexes. Filing a whole library's
	 * fingerprints takes seconds, and a library whose cross-skill findings came from the cache
	 * needs none of it until a skill changes.
	 */
	private readonly unfiled = new Set<number>();
	/**
	 * One copy of each finding's message and file name: across a library, thousands of findings
	 * say the same (every skill's listing-budget finding), and each arrives as its own copy from
	 * the thread that analysed it or as a string built anew. Kept for the index's life, which ends
	 * with the next full scan.
	 */
	private readonly findingStrings = new FindingStrings();

	constructor(private readonly config: CheckConfig) {
		const before = (a: number, b: number) => this.entry(a).analysis.file < this.entry(b).analysis.file;
		this.descriptions = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-description', 'similarity'), before);
		this.passages = new NearDuplicateIndex(optionOf<number>(config, 'duplicate-content', 'similarity'), before);
		this.boilerplateSkills = optionOf<number>(config, 'duplicate-content', 'boilerplateSkills');
		const similarity = optionOf<number>(config, 'duplicate-description', 'similarity');
		const distinct = new Set(config.distinct.map(pair => pairKey(pair[0], pair[1])));
		this.view = {
			analysis: id => this.entry(id).analysis,
			namesakes: name => this.names.get(name) ?? [],
			descriptions: this.descriptions,
			sameDescription: (a, b) => !distinct.has(pairKey(qualifiedName(a) ?? a.folderName, qualifiedName(b) ?? b.folderName))
				&& sameWhatAndWhen(a, b, similarity),
			passages: this.passages,
			boilerplateSkills: this.boilerplateSkills,
			alsoReachedFrom: id => (this.aliases.get(this.entry(id).analysis.file) ?? []).map(alias => alias.root),
			targets: config.targets,
			listing: id => {
				const { listings, byId } = this.listingsNow();
				const outcomes: ListingOutcome[] = [];
				listings.forEach((listing, index) => {
					const entry = byId[index][id];
					if (entry) {
						outcomes.push({ listing, entry });
					}
				});
				return outcomes;
			},
		};
	}

	/** Whether a client loads a skill: from its own root, or from another root a link reaches it from. */
	seenBy(analysis: SkillAnalysis, client: ClientId): boolean {
		return rootSeenBy(analysis.root, client) || (this.aliases.get(analysis.file) ?? []).some(alias => rootSeenBy(alias.root, client));
	}

	/** The other roots a skill is reached from through symbolic links. */
	aliasesOf(file: string): readonly { alias: string; root: SkillRoot }[] {
		return this.aliases.get(file) ?? [];
	}

	/** Records the links a whole scan found, without working out whose findings change: for loading a whole library. */
	addAliases(aliases: readonly { file: string; alias: string; root: SkillRoot }[]): void {
		for (const { file, alias, root } of aliases) {
			const known = this.aliases.get(file) ?? [];
			if (!known.some(existing => existing.alias === alias)) {
				this.aliases.set(file, [...known, { alias, root }]);
			}
		}
		this.listingCache = undefined;
	}

	/**
	 * Records that a skill is also reached from another root through a symbolic link (`alias` is
	 * its SKILL.md as seen from there) and returns the files whose findings changed.
	 */
	addAlias(file: string, alias: string, root: SkillRoot): string[] {
		const known = this.aliases.get(file) ?? [];
		if (known.some(existing => existing.alias === alias)) {
			return [];
		}
		this.listingsNow();
		this.aliases.set(file, [...known, { alias, root }]);
		return this.aliasChanged(file);
	}

	/** Forgets a link to a skill (it was deleted); returns the files whose findings changed. */
	removeAlias(alias: string): string[] {
		for (const [file, known] of this.aliases) {
			if (known.some(existing => existing.alias === alias)) {
				this.listingsNow();
				const rest = known.filter(existing => existing.alias !== alias);
				if (rest.length > 0) {
					this.aliases.set(file, rest);
				} else {
					this.aliases.delete(file);
				}
				return this.aliasChanged(file);
			}
		}
		return [];
	}

	/** Whether a SKILL.md path is a known link to a skill of the library. */
	isAlias(alias: string): boolean {
		return [...this.aliases.values()].some(known => known.some(existing => existing.alias === alias));
	}

	private aliasChanged(file: string): string[] {
		this.fileAll();
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const affected = new Set<number>([id]);
		this.relist(affected);
		const changed = new Set<string>();
		this.recompute(affected, changed);
		return [...changed];
	}

	/** Each targeted client's listing of the library, in listing order. */
	listings(): readonly Listing[] {
		return this.listingsNow().listings;
	}

	private listingsNow(): Listings {
		this.listingCache ??= this.simulateListings();
		return this.listingCache;
	}

	/** Simulates every targeted client's listing: linear in the skills but for one sort by name each. */
	private simulateListings(): Listings {
		const listings: Listing[] = [];
		const byId: (ListingEntry | undefined)[][] = [];
		const clients = this.config.severities['listing-budget'] === 'off' ? [] : listedClients(this.config.targets);
		for (const client of clients) {
			const settings = { contextTokens: this.config.listing.contextTokens[client], version: this.config.listing.clientVersions[client] };
			const skills: ListedSkill[] = [];
			for (const id of this.inListingOrder(listingFactsFor(client, settings.version)?.order ?? 'name')) {
				const entry = this.entry(id);
				const { analysis } = entry;
				if (this.seenBy(analysis, client)) {
					entry.listed ??= {
						id, name: qualifiedName(analysis) ?? analysis.folderName, description: analysis.description ?? '', whenToUse: analysis.whenToUse,
						modelDisabled: analysis.modelDisabled === true, file: analysis.file, scope: analysis.root.scope,
					};
					skills.push(entry.listed);
				}
			}
			const listing = simulateListing(client, skills, settings, true);
			if (!listing) {
				continue;
			}
			listings.push(listing);
			const entries: (ListingEntry | undefined)[] = new Array(this.entries.length);
			for (const entry of listing.entries) {
				entries[entry.skill.id] = entry;
			}
			byId.push(entries);
		}
		return { listings, byId };
	}

	/** The library's skills (proposals left out) in a listing order, sorted once until a skill's place changes. */
	private inListingOrder(order: 'name' | 'scope-then-name'): number[] {
		let ids = this.listingOrders.get(order);
		if (!ids) {
			const compare = listingOrder({ order });
			const placed: { id: number; name: string; file: string; scope: SkillRoot['scope'] }[] = [];
			this.entries.forEach((entry, id) => {
				if (entry && !entry.analysis.inStaging) {
					placed.push({ id, name: qualifiedName(entry.analysis) ?? entry.analysis.folderName, file: entry.analysis.file, scope: entry.analysis.root.scope });
				}
			});
			ids = placed.sort(compare).map(skill => skill.id);
			this.listingOrders.set(order, ids);
		}
		return ids;
	}

	/** After a skill the listings read changed: simulates them again and adds the skills whose outcome moved to `affected`. */
	private relist(affected: Set<number>): void {
		const before = this.listingCache;
		if (!before) {
			return;
		}
		const after = this.listingCache = this.simulateListings();
		// The same targets give the same clients, in the same order, before and after.
		after.listings.forEach((listing, index) => {
			const [old, now] = [before.byId[index], after.byId[index]];
			for (let id = 0; id < Math.max(old.length, now.length); id++) {
				if (!sameOutcome(old[id], now[id], before.listings[index].descriptionCap, listing.descriptionCap)) {
					affected.add(id);
				}
			}
		});
	}

	get size(): number {
		return this.idByFile.size;
	}

	/** Every skill, in file order. */
	skills(): readonly SkillAnalysis[] {
		// Sorting (or even listing) every skill on each call cost tens of milliseconds per keystroke in a large library; the order changes only when a file comes or goes.
		if (!this.sorted) {
			const files = [...this.idByFile.keys()].sort();
			this.sorted = { files, skills: files.map(file => this.entry(this.idByFile.get(file) as number).analysis) };
		}
		return this.sorted.skills;
	}

	get(file: string): SkillAnalysis | undefined {
		const id = this.idByFile.get(file);
		return id === undefined ? undefined : this.entry(id).analysis;
	}

	/**
	 * Adds or replaces a skill without working out whose findings change: for loading a whole
	 * library. Its texts are filed for comparison only when a question needs them.
	 */
	add(analysis: SkillAnalysis): void {
		this.listingCache = undefined;
		this.listingOrders.clear();
		this.unfiled.add(this.put(analysis, undefined, false));
	}

	/** Sets the cross-skill findings of skills loaded with `add`, as computed before for this same library. */
	restoreCross(known: ReadonlyMap<string, CrossFindings>): void {
		for (const [file, found] of known) {
			const id = this.idByFile.get(file);
			if (id !== undefined) {
				this.findingStrings.share(found.cross);
				Object.assign(this.entry(id), found);
			}
		}
	}

	/** One skill's cross-skill findings, reported and suppressed, computed if need be. */
	crossFindings(file: string): CrossFindings {
		const entry = this.cross(this.idByFile.get(file) as number);
		return { cross: entry.cross ?? [], crossSuppressed: entry.crossSuppressed ?? [] };
	}

	/**
	 * Files skills loaded with `add` for comparison until `deadline` (a `performance.now()` time),
	 * or all of them; returns whether all are filed. A caller with time to spare files them ahead of
	 * the first change, which would otherwise wait for all of them.
	 */
	fileUntil(deadline = Infinity): boolean {
		for (const id of this.unfiled) {
			if (performance.now() >= deadline) {
				return false;
			}
			this.unfiled.delete(id);
			const { analysis } = this.entry(id);
			this.descriptions.replace(id, analysis.descriptionPrint);
			this.passages.replace(id, analysis.passages);
		}
		return true;
	}

	private fileAll(): void {
		if (this.unfiled.size > 0) {
			this.fileUntil();
		}
	}

	/** Adds or replaces one skill and returns the files whose findings changed. */
	update(analysis: SkillAnalysis): string[] {
		this.fileAll();
		const existing = this.idByFile.get(analysis.file);
		const previous = existing === undefined ? undefined : this.entry(existing).analysis;
		const affected = existing === undefined ? new Set<number>() : this.neighbourhood(existing);
		const relisting = listingInput(previous) !== listingInput(analysis);
		if (relisting) {
			// The listings as they were, to tell whose findings the change moves (findings restored from the cache came without them).
			this.listingsNow();
		}
		const id = this.put(analysis, affected);
		for (const other of this.neighbourhood(id)) {
			affected.add(other);
		}
		if (relisting) {
			if (!previous || previous.inStaging !== analysis.inStaging || listingKey(previous) !== listingKey(analysis)) {
				this.listingOrders.clear();
			}
			this.relist(affected);
		}
		const changed = new Set<string>();
		if (!previous || JSON.stringify(previous.findings) !== JSON.stringify(analysis.findings)) {
			changed.add(analysis.file);
		}
		this.recompute(affected, changed);
		return [...changed];
	}

	/** Removes a skill and returns the files whose findings changed (the removed file included). */
	remove(file: string): string[] {
		this.fileAll();
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const affected = this.neighbourhood(id);
		const { analysis } = this.entry(id);
		if (listingInput(analysis) !== '') {
			this.listingsNow();
		}
		this.unindex(id, analysis, affected);
		affected.delete(id);
		this.idByFile.delete(file);
		this.sorted = undefined;
		this.entries[id] = undefined;
		this.freeIds.push(id);
		if (listingInput(analysis) !== '') {
			this.listingOrders.clear();
			this.relist(affected);
			affected.delete(id);
		}
		const changed = new Set<string>([file]);
		this.recompute(affected, changed);
		return [...changed];
	}

	/** All findings of one skill, per-skill and cross-skill, in order. */
	findings(file: string): Finding[] {
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const entry = this.cross(id);
		return skillFindings(entry.analysis.findings, entry.cross);
	}

	/** The findings of one skill that suppressions kept from being reported. */
	suppressed(file: string): SuppressedFinding[] {
		const id = this.idByFile.get(file);
		if (id === undefined) {
			return [];
		}
		const entry = this.cross(id);
		return [...entry.analysis.suppressed ?? [], ...entry.crossSuppressed ?? []];
	}

	/**
	 * The findings a skill would have if it were in the library as given (replacing the skill of
	 * the same file, if any). The index is left exactly as it was.
	 */
	findingsAsIf(analysis: SkillAnalysis): Finding[] {
		const previous = this.get(analysis.file);
		this.update(analysis);
		try {
			return this.findings(analysis.file);
		} finally {
			if (previous) {
				this.update(previous);
			} else {
				this.remove(analysis.file);
			}
		}
	}

	allFindings(): Finding[] {
		return this.skills().flatMap(skill => this.findings(skill.file));
	}

	private entry(id: number): Entry {
		return this.entries[id] as Entry;
	}

	/** Indexes a skill (its texts only when `file`); skills whose findings it may change from afar are added to `affected`. */
	private put(analysis: SkillAnalysis, affected = new Set<number>(), file = true): number {
		let id = this.idByFile.get(analysis.file);
		if (id === undefined) {
			id = this.freeIds.pop() ?? this.entries.length;
			this.idByFile.set(analysis.file, id);
			this.sorted = undefined;
		} else {
			this.unindex(id, this.entry(id).analysis, affected);
			if (this.sorted) {
				this.sorted.skills[sortedIndex(this.sorted.files, analysis.file)] = analysis;
			}
		}
		this.findingStrings.share(analysis.findings);
		this.entries[id] = { analysis };
		const name = qualifiedName(analysis);
		if (name !== undefined && !analysis.inStaging) {
			let holders = this.names.get(name);
			if (!holders) {
				holders = new Set();
				this.names.set(name, holders);
			}
			holders.add(id);
		}
		if (file) {
			addAll(affected, this.descriptions.replace(id, analysis.descriptionPrint));
			addAll(affected, this.passages.replace(id, analysis.passages));
		}
		return id;
	}

	private unindex(id: number, analysis: SkillAnalysis, affected: Set<number>): void {
		const name = qualifiedName(analysis);
		if (name !== undefined) {
			const holders = this.names.get(name);
			holders?.delete(id);
			if (holders?.size === 0) {
				this.names.delete(name);
			}
		}
		addAll(affected, this.descriptions.replace(id, undefined));
		addAll(affected, this.passages.replace(id, undefined));
	}

	/**
	 * The skills whose cross-skill findings depend on this skill as it is indexed now: those
	 * sharing its name, holding a near-identical description, or holding a near-identical
	 * passage (for boilerplate, only the skill that carries the single report).
	 */
	private neighbourhood(id: number): Set<number> {
		const ids = new Set<number>([id]);
		const name = qualifiedName(this.entry(id).analysis);
		if (name !== undefined) {
			for (const other of this.names.get(name) ?? []) {
				ids.add(other);
			}
		}
		for (const group of this.descriptions.groupsOf(id)) {
			if (!this.descriptions.alone(group)) {
				addAll(ids, this.descriptions.around(group) ?? []);
			}
		}
		for (const group of new Set(this.passages.groupsOf(id))) {
			if (this.passages.alone(group)) {
				continue;
			}
			const crowd = this.passages.crowd(group);
			if (crowd) {
				// The crowd's single report is on its first skill, or on the second when the first is the one changing.
				ids.add(crowd.canonical);
				if (crowd.runnerUp !== undefined) {
					ids.add(crowd.runnerUp);
				}
				continue;
			}
			for (const neighbour of this.passages.neighbours(group)) {
				const around = this.passages.around(neighbour) ?? [];
				// One skill more or less can move a passage across the boilerplate threshold, which
				// changes the findings of every holder; well above it, only the single report moves:
				// to the second skill when the first is the one changing, or away from it when the
				// changed skill comes first.
				if (around.length > this.boilerplateSkills) {
					ids.add(around[0]);
					ids.add(around[1]);
				} else {
					addAll(ids, around);
				}
			}
		}
		return ids;
	}

	private recompute(ids: Iterable<number>, changed: Set<string>): void {
		for (const id of ids) {
			const entry = this.entries[id];
			if (!entry) {
				continue;
			}
			const before = entry.cross;
			this.computeCross(entry, id);
			if (!before || JSON.stringify(before) !== JSON.stringify(entry.cross)) {
				changed.add(entry.analysis.file);
			}
		}
	}

	/** An entry with its cross-skill findings computed. */
	private cross(id: number): Entry {
		const entry = this.entry(id);
		if (!entry.cross) {
			this.computeCross(entry, id);
		}
		return entry;
	}

	private computeCross(entry: Entry, id: number): void {
		this.fileAll();
		const { analysis } = entry;
		const found = finalizeFindings(analysis.file, crossSkillFindings(this.view, id), this.config);
		const { kept, suppressed } = applySuppressions(found, analysis.suppressions ?? [], this.config.suppress, qualifiedName(analysis) ?? analysis.folderName);
		this.findingStrings.share(kept);
		entry.cross = kept;
		entry.crossSuppressed = suppressed;
	}
}
