import { bandKey, type Fingerprint, jaccard, lshBands, sortedSet } from './similarity';

/** A crowd of variants (see `bucketCap`): how many skills hold one of them and which comes first; `id` names the crowd. */
export interface Crowd {
	id: string;
	skills: number;
	canonical: number;
}

/** Who holds a fingerprint: a skill (by its numeric id) and the item's index within that skill. */
export interface Holder {
	skill: number;
	index: number;
}

interface Group {
	print: Fingerprint;
	/** The shingles sorted for comparison, once they have been needed. */
	sorted?: Uint32Array;
	/** Flat pairs of (skill id, item index). */
	holders: number[];
	bandKeys: number[];
}

function comparable(group: Group): Uint32Array {
	return (group.sorted ??= sortedSet(group.print.shingles.slice()));
}

/**
 * More distinct texts than this sharing one LSH bucket form a crowd: a template repeated with
 * variations across the library. Crowded texts are boilerplate by definition and are not compared
 * one by one, which would cost the square of the crowd's size.
 */
export const bucketCap = 32;

/**
 * Finds near-identical texts across a library without comparing all pairs. Identical texts share
 * a group (by exact key); groups are bucketed by MinHash LSH bands and candidates from shared
 * buckets are verified by exact Jaccard similarity. Neighbour lists and the skills around each
 * group are cached and invalidated locally, so replacing one skill's texts touches only its
 * neighbourhood. Every answer depends only on the texts currently indexed, never on the order
 * they arrived in.
 */
export class NearDuplicateIndex {
	private readonly groups: (Group | undefined)[] = [];
	private readonly freeIds: number[] = [];
	private readonly idByKey = new Map<number, number>();
	private readonly bands: Map<number, number[]>[] = Array.from({ length: lshBands }, () => new Map());
	private readonly neighbourCache = new Map<number, number[]>();
	private readonly aroundCache = new Map<number, number[]>();
	private readonly crowdCache = new Map<string, Crowd>();
	private readonly groupsOfSkill = new Map<number, number[]>();

	/**
	 * @param threshold Jaccard similarity at or above which two texts are near-identical.
	 * @param before Orders skills, so lists of skills come out in a stable order.
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

	/** Whether a group's text belongs to a crowd of variants (see `bucketCap`). */
	crowded(id: number): boolean {
		return this.crowdedBand(id) !== -1;
	}

	private crowdedBand(id: number): number {
		const group = this.groups[id] as Group;
		return group.bandKeys.findIndex((key, band) => (this.bands[band].get(key)?.length ?? 0) > bucketCap);
	}

	/**
	 * The crowd a crowded group belongs to: every group sharing its first overflowing bucket,
	 * counted by the skills holding them; undefined for a group that is not crowded.
	 */
	crowd(id: number): Crowd | undefined {
		const band = this.crowdedBand(id);
		if (band === -1) {
			return undefined;
		}
		const key = (this.groups[id] as Group).bandKeys[band];
		const crowdId = `${band}:${key}`;
		let cached = this.crowdCache.get(crowdId);
		if (!cached) {
			const skills = new Set<number>();
			for (const member of this.bands[band].get(key) ?? []) {
				const holders = (this.groups[member] as Group).holders;
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
			cached = { id: crowdId, skills: skills.size, canonical };
			this.crowdCache.set(crowdId, cached);
		}
		return cached;
	}

	/** Groups whose text is near-identical to this group's, itself first; a crowded group has none. */
	neighbours(id: number): readonly number[] {
		let cached = this.neighbourCache.get(id);
		if (!cached) {
			cached = this.findNeighbours(id);
			this.neighbourCache.set(id, cached);
		}
		return cached;
	}

	/**
	 * The distinct skills holding this group's text or a near-identical one, ordered by `before`;
	 * undefined for a crowded group.
	 */
	around(id: number): readonly number[] | undefined {
		if (this.crowded(id)) {
			return undefined;
		}
		let cached = this.aroundCache.get(id);
		if (!cached) {
			const skills = new Set<number>();
			for (const neighbour of this.neighbours(id)) {
				const holders = (this.groups[neighbour] as Group).holders;
				for (let i = 0; i < holders.length; i += 2) {
					skills.add(holders[i]);
				}
			}
			cached = [...skills].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
			this.aroundCache.set(id, cached);
		}
		return cached;
	}

	/**
	 * Replaces every fingerprint a skill holds (an empty list removes the skill). Returns the
	 * other skills whose texts became, or stopped being, part of a crowd through this change:
	 * their findings may change although they are not near-identical to this skill's texts.
	 */
	replace(skill: number, prints: readonly Fingerprint[]): Set<number> {
		const recrowded = new Set<number>();
		for (const id of new Set(this.groupsOfSkill.get(skill) ?? [])) {
			const group = this.groups[id] as Group;
			group.holders = group.holders.filter((_, i, all) => all[i - (i % 2)] !== skill);
			this.forgetAround(id);
			if (group.holders.length === 0) {
				this.removeGroup(id, recrowded);
			}
		}
		const ids: number[] = [];
		prints.forEach((print, index) => {
			const id = this.idByKey.get(print.key) ?? this.addGroup(print, recrowded);
			(this.groups[id] as Group).holders.push(skill, index);
			this.forgetAround(id);
			ids.push(id);
		});
		if (ids.length > 0) {
			this.groupsOfSkill.set(skill, ids);
		} else {
			this.groupsOfSkill.delete(skill);
		}
		recrowded.delete(skill);
		return recrowded;
	}

	private findNeighbours(id: number): number[] {
		const group = this.groups[id] as Group;
		if (this.crowded(id)) {
			return [id];
		}
		const candidates = new Set<number>();
		group.bandKeys.forEach((key, band) => {
			for (const other of this.bands[band].get(key) ?? []) {
				candidates.add(other);
			}
		});
		const result = [id];
		for (const other of candidates) {
			if (other !== id && !this.crowded(other) && jaccard(comparable(group), comparable(this.groups[other] as Group)) >= this.threshold) {
				result.push(other);
			}
		}
		return result;
	}

	private addGroup(print: Fingerprint, recrowded: Set<number>): number {
		const id = this.freeIds.pop() ?? this.groups.length;
		const bandKeys = Array.from({ length: lshBands }, (_, band) => bandKey(print.signature, band));
		// Buckets about to overflow turn their members into a crowd: their neighbours' lists go stale.
		const stale = new Set<number>();
		bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (bucket?.length === bucketCap) {
				this.collectNeighbourhoods(bucket, stale, recrowded);
			}
		});
		this.groups[id] = { print, holders: [], bandKeys };
		this.forgetCrowds(this.groups[id] as Group);
		this.idByKey.set(print.key, id);
		bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (bucket) {
				bucket.push(id);
			} else {
				this.bands[band].set(key, [id]);
			}
		});
		for (const neighbour of this.findNeighbours(id)) {
			stale.add(neighbour);
		}
		this.forget(stale);
		return id;
	}

	private removeGroup(id: number, recrowded: Set<number>): void {
		const group = this.groups[id] as Group;
		const stale = new Set<number>(this.neighbours(id));
		const relieved: number[][] = [];
		this.forgetCrowds(group);
		group.bandKeys.forEach((key, band) => {
			const bucket = this.bands[band].get(key) as number[];
			const rest = bucket.filter(other => other !== id);
			if (rest.length === 0) {
				this.bands[band].delete(key);
			} else {
				this.bands[band].set(key, rest);
				if (bucket.length === bucketCap + 1) {
					relieved.push(rest);
				}
			}
		});
		this.idByKey.delete(group.print.key);
		this.groups[id] = undefined;
		this.freeIds.push(id);
		this.forget(stale);
		// Members of a bucket that is no longer overflowing may have left their crowd.
		for (const bucket of relieved) {
			this.forget(bucket);
			const around = new Set<number>();
			this.collectNeighbourhoods(bucket, around, recrowded);
			this.forget(around);
		}
	}

	/** Adds the neighbours of each group to `groups`, and their holders to `skills`. */
	private collectNeighbourhoods(ids: readonly number[], groups: Set<number>, skills: Set<number>): void {
		for (const member of ids) {
			for (const neighbour of this.neighbours(member)) {
				groups.add(neighbour);
				const holders = (this.groups[neighbour] as Group).holders;
				for (let i = 0; i < holders.length; i += 2) {
					skills.add(holders[i]);
				}
			}
		}
	}

	private forget(ids: Iterable<number>): void {
		for (const id of ids) {
			this.neighbourCache.delete(id);
			this.aroundCache.delete(id);
		}
	}

	/** Holders changed: the skills around this group and its neighbours, and the crowds of its buckets, are stale. */
	private forgetAround(id: number): void {
		for (const neighbour of this.neighbours(id)) {
			this.aroundCache.delete(neighbour);
		}
		this.forgetCrowds(this.groups[id] as Group);
	}

	private forgetCrowds(group: Group): void {
		group.bandKeys.forEach((key, band) => this.crowdCache.delete(`${band}:${key}`));
	}
}
