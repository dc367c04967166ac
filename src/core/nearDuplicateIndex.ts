import type { Fingerprint } from './passages';
import { bandKey, jaccard, lshBands } from './similarity';

/** Who holds a fingerprint: a skill (by its numeric id) and the item's index within that skill. */
export interface Holder {
	skill: number;
	index: number;
}

/** The skills around a group of identical texts: how many distinct skills hold it or a near-duplicate, and which one comes first. */
export interface Cluster {
	skills: number;
	canonical: number;
}

interface Group {
	print: Fingerprint;
	/** Flat pairs of (skill id, item index). */
	holders: number[];
	bandKeys: number[];
}

/**
 * Finds near-identical texts across a library without comparing all pairs. Identical texts share
 * a group (by exact key); groups are bucketed by MinHash LSH bands and candidates from shared
 * buckets are verified by exact Jaccard similarity. Neighbour lists and cluster sizes are cached
 * and invalidated locally, so replacing one skill's texts touches only its neighbourhood.
 */
export class NearDuplicateIndex {
	private readonly groups: (Group | undefined)[] = [];
	private readonly freeIds: number[] = [];
	private readonly idByKey = new Map<number, number>();
	private readonly bands: Map<number, number | number[]>[] = Array.from({ length: lshBands }, () => new Map());
	private readonly neighbourCache = new Map<number, number[]>();
	private readonly clusterCache = new Map<number, Cluster>();
	private readonly groupsOfSkill = new Map<number, number[]>();

	/**
	 * @param threshold Jaccard similarity at or above which two texts are near-identical.
	 * @param before Orders skills, to choose a cluster's canonical skill deterministically.
	 */
	constructor(private readonly threshold: number, private readonly before: (a: number, b: number) => boolean) {}

	/** The group ids a skill's items belong to, in item order. */
	groupsOf(skill: number): readonly number[] {
		return this.groupsOfSkill.get(skill) ?? [];
	}

	/** Holders of one group, as (skill, index) pairs. */
	holdersOf(group: number): Holder[] {
		const holders = this.groups[group]?.holders ?? [];
		const result: Holder[] = [];
		for (let i = 0; i < holders.length; i += 2) {
			result.push({ skill: holders[i], index: holders[i + 1] });
		}
		return result;
	}

	/**
	 * Replaces every fingerprint a skill holds (an empty list removes the skill) and returns the
	 * groups whose holders changed.
	 */
	replace(skill: number, prints: readonly Fingerprint[]): Set<number> {
		const touched = new Set<number>();
		for (const id of new Set(this.groupsOfSkill.get(skill) ?? [])) {
			const group = this.groups[id] as Group;
			group.holders = group.holders.filter((_, i, all) => all[i - (i % 2)] !== skill);
			this.invalidateAround(id);
			touched.add(id);
			if (group.holders.length === 0) {
				this.removeGroup(id);
			}
		}
		const ids: number[] = [];
		prints.forEach((print, index) => {
			const id = this.idByKey.get(print.key) ?? this.addGroup(print);
			(this.groups[id] as Group).holders.push(skill, index);
			this.invalidateAround(id);
			touched.add(id);
			ids.push(id);
		});
		if (ids.length > 0) {
			this.groupsOfSkill.set(skill, ids);
		} else {
			this.groupsOfSkill.delete(skill);
		}
		return touched;
	}

	/** Whether a group still exists (a group disappears with its last holder). */
	has(group: number): boolean {
		return this.groups[group] !== undefined;
	}

	/** Groups whose text is near-identical to this group's, itself included. */
	neighbours(id: number): readonly number[] {
		let cached = this.neighbourCache.get(id);
		if (!cached) {
			cached = this.findNeighbours(id);
			this.neighbourCache.set(id, cached);
		}
		return cached;
	}

	/** How many distinct skills hold this group's text or a near-duplicate of it. */
	cluster(id: number): Cluster {
		let cached = this.clusterCache.get(id);
		if (!cached) {
			const skills = new Set<number>();
			for (const neighbour of this.neighbours(id)) {
				const holders = (this.groups[neighbour] as Group).holders;
				for (let i = 0; i < holders.length; i += 2) {
					skills.add(holders[i]);
				}
			}
			let canonical = -1;
			for (const skill of skills) {
				if (canonical === -1 || this.before(skill, canonical)) {
					canonical = skill;
				}
			}
			cached = { skills: skills.size, canonical };
			this.clusterCache.set(id, cached);
		}
		return cached;
	}

	private findNeighbours(id: number): number[] {
		const group = this.groups[id] as Group;
		const candidates = new Set<number>();
		group.bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (typeof bucket === 'number') {
				candidates.add(bucket);
			} else if (bucket) {
				for (const other of bucket) {
					candidates.add(other);
				}
			}
		});
		const result = [id];
		for (const other of candidates) {
			if (other !== id && jaccard(group.print.shingles, (this.groups[other] as Group).print.shingles) >= this.threshold) {
				result.push(other);
			}
		}
		return result;
	}

	private addGroup(print: Fingerprint): number {
		const id = this.freeIds.pop() ?? this.groups.length;
		const bandKeys = Array.from({ length: lshBands }, (_, band) => bandKey(print.signature, band));
		this.groups[id] = { print, holders: [], bandKeys };
		this.idByKey.set(print.key, id);
		bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (bucket === undefined) {
				this.bands[band].set(key, id);
			} else if (typeof bucket === 'number') {
				this.bands[band].set(key, [bucket, id]);
			} else {
				bucket.push(id);
			}
		});
		// Groups that are near-identical to the new one have stale neighbour lists now.
		const neighbours = this.findNeighbours(id);
		for (const neighbour of neighbours) {
			this.neighbourCache.delete(neighbour);
		}
		this.neighbourCache.set(id, neighbours);
		return id;
	}

	private removeGroup(id: number): void {
		const group = this.groups[id] as Group;
		for (const neighbour of this.neighbours(id)) {
			this.neighbourCache.delete(neighbour);
			this.clusterCache.delete(neighbour);
		}
		group.bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (bucket === id) {
				this.bands[band].delete(key);
			} else if (Array.isArray(bucket)) {
				const rest = bucket.filter(other => other !== id);
				this.bands[band].set(key, rest.length === 1 ? rest[0] : rest);
			}
		});
		this.idByKey.delete(group.print.key);
		this.groups[id] = undefined;
		this.freeIds.push(id);
	}

	private invalidateAround(id: number): void {
		for (const neighbour of this.neighbours(id)) {
			this.clusterCache.delete(neighbour);
		}
	}
}
