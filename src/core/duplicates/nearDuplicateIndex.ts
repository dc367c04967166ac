import { fingerprintBands, fingerprintKey, type Fingerprints, fingerprintShingles, jaccard, lshBands, sortedSet } from './minHash';

/** Who holds a fingerprint: a skill (by its numeric id) and the item's index within that skill. */
export interface Holder {
	skill: number;
	index: number;
}

/** A crowd of variants (see `bucketCap`): how many skills hold one of them and which comes first; `id` names the crowd. */
export interface Crowd {
	id: string;
	skills: number;
	canonical: number;
}

interface Group {
	/** The fingerprints the group's text was first seen in, and its item there. */
	prints: Fingerprints;
	item: number;
	/** The shingles sorted for comparison, once they have been needed. */
	sorted?: Uint32Array;
	/** Flat pairs of (skill id, item index). */
	holders: number[];
	/** How many of the group's buckets are over `bucketCap`; above zero, the group is crowded. */
	overfull: number;
}

/** A group's LSH bucket keys, read where its fingerprints keep them: a copy (or even a view) per group cost tens of megabytes in a large library. */
function bandKeysOf(group: Group): Uint32Array {
	return fingerprintBands(group.prints, group.item);
}

/** A bucket of group ids: one id, or a list when several groups share the bucket. */
type Bucket = number | number[];

function bucketSize(bucket: Bucket | undefined): number {
	return bucket === undefined ? 0 : typeof bucket === 'number' ? 1 : bucket.length;
}

function bucketMembers(bucket: Bucket | undefined): readonly number[] {
	return bucket === undefined ? [] : typeof bucket === 'number' ? [bucket] : bucket;
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
 * group are computed on demand, cached, and invalidated locally, so replacing one skill's texts
 * touches only its neighbourhood. Every answer depends only on the texts currently indexed,
 * never on the order they arrived in. Until the first question, texts are only filed: a whole
 * library loads without any comparison.
 */
export class NearDuplicateIndex {
	private readonly groups: (Group | undefined)[] = [];
	private readonly freeIds: number[] = [];
	private readonly idByKey = new Map<number, number>();
	private readonly bands: Map<number, Bucket>[] = Array.from({ length: lshBands }, () => new Map());
	private readonly neighbourCache = new Map<number, number[]>();
	private readonly aroundCache = new Map<number, number[]>();
	private readonly crowdCache = new Map<string, Crowd>();
	private readonly groupsOfSkill = new Map<number, number[]>();
	/** Whether anything has been asked yet; before that there are no caches to keep current. */
	private answering = false;

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

	/** Whether a group's text is held by one skill once and shares no LSH bucket: nothing to compare it with. */
	alone(id: number): boolean {
		const group = this.groups[id] as Group;
		if (group.holders.length !== 2) {
			return false;
		}
		for (let band = 0; band < lshBands; band++) {
			if (typeof this.bands[band].get(group.prints.bands[group.item * lshBands + band]) !== 'number') {
				return false;
			}
		}
		return true;
	}

	/** Whether a group's text belongs to a crowd of variants (see `bucketCap`). */
	crowded(id: number): boolean {
		return (this.groups[id] as Group).overfull > 0;
	}

	/**
	 * The crowd a crowded group belongs to: every group sharing its first overflowing bucket,
	 * counted by the skills holding them; undefined for a group that is not crowded.
	 */
	crowd(id: number): Crowd | undefined {
		this.answering = true;
		const group = this.groups[id] as Group;
		if (group.overfull === 0) {
			return undefined;
		}
		const bandKeys = bandKeysOf(group);
		const band = bandKeys.findIndex((key, index) => bucketSize(this.bands[index].get(key)) > bucketCap);
		const key = bandKeys[band];
		const crowdId = `${band}:${key}`;
		let cached = this.crowdCache.get(crowdId);
		if (!cached) {
			const skills = this.skillsHolding(bucketMembers(this.bands[band].get(key)));
			cached = { id: crowdId, skills: skills.length, canonical: skills[0] };
			this.crowdCache.set(crowdId, cached);
		}
		return cached;
	}

	/** Groups whose text is near-identical to this group's, itself first; a crowded group has none. */
	neighbours(id: number): readonly number[] {
		this.answering = true;
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
			cached = this.skillsHolding(this.neighbours(id));
			this.aroundCache.set(id, cached);
		}
		return cached;
	}

	private skillsHolding(groups: readonly number[]): number[] {
		const only = groups.length === 1 ? (this.groups[groups[0]] as Group).holders : undefined;
		if (only && only.length === 2) {
			// By far the most common case: a text held once, by one skill.
			return [only[0]];
		}
		const skills = new Set<number>();
		for (const group of groups) {
			const holders = (this.groups[group] as Group).holders;
			for (let i = 0; i < holders.length; i += 2) {
				skills.add(holders[i]);
			}
		}
		return [...skills].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
	}

	/**
	 * Replaces every fingerprint a skill holds (none removes the skill). Returns the other skills
	 * whose texts became, or stopped being, part of a crowd through this change: their findings
	 * may change although they are not near-identical to this skill's texts.
	 */
	replace(skill: number, prints: Fingerprints | undefined): Set<number> {
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
		for (let item = 0; item < (prints?.count ?? 0); item++) {
			const fingerprints = prints as Fingerprints;
			const id = this.idByKey.get(fingerprintKey(fingerprints, item)) ?? this.addGroup(fingerprints, item, recrowded);
			(this.groups[id] as Group).holders.push(skill, item);
			this.forgetAround(id);
			ids.push(id);
		}
		if (ids.length > 0) {
			this.groupsOfSkill.set(skill, ids);
		} else {
			this.groupsOfSkill.delete(skill);
		}
		recrowded.delete(skill);
		return recrowded;
	}

	private comparable(group: Group): Uint32Array {
		return (group.sorted ??= sortedSet(fingerprintShingles(group.prints, group.item)));
	}

	private findNeighbours(id: number): number[] {
		const group = this.groups[id] as Group;
		if (group.overfull > 0) {
			return [id];
		}
		const candidates = new Set<number>();
		bandKeysOf(group).forEach((key, band) => {
			const bucket = this.bands[band].get(key);
			if (typeof bucket !== 'number') {
				for (const other of bucketMembers(bucket)) {
					candidates.add(other);
				}
			}
		});
		const result = [id];
		for (const other of candidates) {
			const candidate = this.groups[other] as Group;
			if (other !== id && candidate.overfull === 0 && jaccard(this.comparable(group), this.comparable(candidate)) >= this.threshold) {
				result.push(other);
			}
		}
		return result;
	}

	private addGroup(prints: Fingerprints, item: number, recrowded: Set<number>): number {
		const id = this.freeIds.pop() ?? this.groups.length;
		const bandKeys = fingerprintBands(prints, item);
		const group: Group = { prints, item, holders: [], overfull: 0 };
		this.groups[id] = group;
		this.idByKey.set(fingerprintKey(prints, item), id);
		// Buckets about to overflow turn their members into a crowd: their neighbours' lists go stale.
		const stale = this.answering ? new Set<number>() : undefined;
		for (let band = 0; band < lshBands; band++) {
			const key = bandKeys[band];
			const buckets = this.bands[band];
			const bucket = buckets.get(key);
			if (bucket === undefined) {
				buckets.set(key, id);
				continue;
			}
			const size = bucketSize(bucket);
			if (size === bucketCap) {
				if (stale) {
					this.collectNeighbourhoods(bucketMembers(bucket), stale, recrowded);
				}
				for (const member of bucketMembers(bucket)) {
					(this.groups[member] as Group).overfull++;
				}
			}
			if (size >= bucketCap) {
				group.overfull++;
			}
			if (typeof bucket === 'number') {
				buckets.set(key, [bucket, id]);
			} else {
				bucket.push(id);
			}
		}
		if (stale) {
			this.forgetCrowds(group);
			for (const neighbour of this.findNeighbours(id)) {
				stale.add(neighbour);
			}
			this.forget(stale);
		}
		return id;
	}

	private removeGroup(id: number, recrowded: Set<number>): void {
		const group = this.groups[id] as Group;
		const stale = new Set<number>(this.answering ? this.neighbours(id) : []);
		const relieved: number[][] = [];
		if (this.answering) {
			this.forgetCrowds(group);
		}
		bandKeysOf(group).forEach((key, band) => {
			const members = bucketMembers(this.bands[band].get(key)).filter(other => other !== id);
			if (members.length === 0) {
				this.bands[band].delete(key);
				return;
			}
			this.bands[band].set(key, members.length === 1 ? members[0] : members);
			if (members.length === bucketCap) {
				for (const member of members) {
					(this.groups[member] as Group).overfull--;
				}
				relieved.push(members);
			}
		});
		this.idByKey.delete(fingerprintKey(group.prints, group.item));
		this.groups[id] = undefined;
		this.freeIds.push(id);
		if (!this.answering) {
			return;
		}
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

	private forgetCrowds(group: Group): void {
		bandKeysOf(group).forEach((key, band) => this.crowdCache.delete(`${band}:${key}`));
	}

	/** Holders changed: the skills around this group and its neighbours, and the crowds of its buckets, are stale. */
	private forgetAround(id: number): void {
		if (!this.answering) {
			return;
		}
		this.forgetCrowds(this.groups[id] as Group);
		for (const neighbour of this.neighbours(id)) {
			this.aroundCache.delete(neighbour);
		}
	}
}
