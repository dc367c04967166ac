import { fingerprintKey, type Fingerprints, fingerprintShingles, grow, jaccard, lshBands } from './minHash';

/** Who holds a fingerprint: a skill (by its numeric id) and the item's index within that skill. */
export interface Holder {
	skill: number;
	index: number;
}

/** A crowd of variants (see `bucketCap`): how many skills hold one of them, which comes first and which second; `id` names the crowd. */
export interface Crowd {
	id: string;
	skills: number;
	canonical: number;
	runnerUp?: number;
}

/**
 * More distinct texts than this sharing one LSH bucket form a crowd: a template repeated with
 * variations across the library. Crowded texts are boilerplate by definition and are not compared
 * one by one, which would cost the square of the crowd's size.
 */
export const bucketCap = 32;

/** A slot of `ValueTable` that holds nothing (no group id or list reference is this large). */
const vacant = 0x7fffffff;

/**
 * A hash map from keys (hashes already, of 32 or 53 bits) to int32 values: open addressing with
 * linear probing in typed arrays, so a quarter of a million texts cost megabytes, not the tens of
 * megabytes of a `Map` per band. Each slot keeps its key beside its value, so a probe compares
 * numbers instead of looking the key up through the value (which cost seconds when filing
 * 20,000 skills).
 */
class ValueTable {
	private slots = new Int32Array(16).fill(vacant);
	private keys: Float64Array | Uint32Array;
	private count = 0;

	/** `wide`: keys up to 53 bits (otherwise 32). */
	constructor(private readonly wide: boolean) {
		this.keys = this.keyArray(16);
	}

	private keyArray(length: number): Float64Array | Uint32Array {
		return this.wide ? new Float64Array(length) : new Uint32Array(length);
	}

	private home(key: number): number {
		return ((key | 0) ^ ((key / 0x100000000) | 0)) & (this.slots.length - 1);
	}

	/** Where the value of `key` is, or the vacant slot where it would go. */
	private slotOf(key: number): number {
		const { slots, keys } = this;
		const mask = slots.length - 1;
		let at = this.home(key);
		while (slots[at] !== vacant && keys[at] !== key) {
			at = (at + 1) & mask;
		}
		return at;
	}

	/** The value with this key, or `vacant`. */
	get(key: number): number {
		return this.slots[this.slotOf(key)];
	}

	/** Puts a value in, replacing the one with the same key. */
	set(key: number, value: number): void {
		let at = this.slotOf(key);
		if (this.slots[at] === vacant) {
			if ((this.count + 1) * 2 > this.slots.length) {
				this.rehash(this.slots.length * 2);
				at = this.slotOf(key);
			}
			this.count++;
		}
		this.slots[at] = value;
		this.keys[at] = key;
	}

	delete(key: number): void {
		const { slots, keys } = this;
		const mask = slots.length - 1;
		let hole = this.slotOf(key);
		if (slots[hole] === vacant) {
			return;
		}
		this.count--;
		// Moves later values of the probe run back into the hole, so no lookup stops short of them.
		for (let at = (hole + 1) & mask; slots[at] !== vacant; at = (at + 1) & mask) {
			const home = this.home(keys[at]);
			const staysPut = hole <= at ? hole < home && home <= at : hole < home || home <= at;
			if (!staysPut) {
				slots[hole] = slots[at];
				keys[hole] = keys[at];
				hole = at;
			}
		}
		slots[hole] = vacant;
	}

	private rehash(length: number): void {
		const [oldSlots, oldKeys] = [this.slots, this.keys];
		this.slots = new Int32Array(length).fill(vacant);
		this.keys = this.keyArray(length);
		for (let i = 0; i < oldSlots.length; i++) {
			if (oldSlots[i] !== vacant) {
				const at = this.slotOf(oldKeys[i]);
				this.slots[at] = oldSlots[i];
				this.keys[at] = oldKeys[i];
			}
		}
	}
}

/**
 * Finds near-identical texts across a library without comparing all pairs. Identical texts share
 * a group (by exact key); groups are bucketed by MinHash LSH bands and candidates from shared
 * buckets are verified by exact Jaccard similarity. Neighbour lists and the skills around each
 * group are computed on demand, cached, and invalidated locally, so replacing one skill's texts
 * touches only its neighbourhood. Every answer depends only on the texts currently indexed,
 * never on the order they arrived in. Until the first question, texts are only filed: a whole
 * library loads without any comparison.
 *
 * A library files a quarter of a million passages, so groups are columns of typed arrays indexed
 * by group id rather than objects, and each band's buckets are a `ValueTable` holding a group id,
 * or for a bucket several groups share, a reference to their list.
 */
export class NearDuplicateIndex {
	/** Per group id: the fingerprints its text was first seen in (undefined for a free id), and its item there. */
	private readonly prints: (Fingerprints | undefined)[] = [];
	private items = new Uint32Array(64);
	/** Per group id: how many of its buckets are over `bucketCap`; above zero, the group is crowded. */
	private overfull = new Uint8Array(64);
	/** Per group id: its first holder (skill and item); nearly every text has exactly one. */
	private firstSkill = new Int32Array(64);
	private firstItem = new Uint32Array(64);
	/** Flat (skill, item) pairs of the holders after the first, for the groups that have more. */
	private readonly moreHolders = new Map<number, number[]>();
	private readonly freeIds: number[] = [];
	private readonly idByKey = new ValueTable(true);
	/** Group lists of the buckets several groups share; a bucket's table value `v < 0` is list `-v - 1`. */
	private readonly lists: (number[] | undefined)[] = [];
	private readonly freeLists: number[] = [];
	private readonly bands: ValueTable[] = Array.from({ length: lshBands }, () => new ValueTable(false));
	private readonly neighbourCache: (number[] | undefined)[] = [];
	private readonly aroundCache: (number[] | undefined)[] = [];
	private readonly crowdCache = new Map<string, Crowd>();
	private readonly groupsOfSkill: (number[] | undefined)[] = [];
	/** Whether anything has been asked yet; before that there are no caches to keep current. */
	private answering = false;

	/**
	 * @param threshold Jaccard similarity at or above which two texts are near-identical.
	 * @param before Orders skills, so lists of skills come out in a stable order.
	 */
	constructor(private readonly threshold: number, private readonly before: (a: number, b: number) => boolean) {}

	private bandKey(id: number, band: number): number {
		return (this.prints[id] as Fingerprints).bands[this.items[id] * lshBands + band];
	}

	/** The groups in one band's bucket of this key. */
	private bucket(band: number, key: number): readonly number[] {
		const value = this.bands[band].get(key);
		return value === vacant ? [] : value < 0 ? (this.lists[-value - 1] as number[]) : [value];
	}

	private bucketSize(band: number, key: number): number {
		const value = this.bands[band].get(key);
		return value === vacant ? 0 : value < 0 ? (this.lists[-value - 1] as number[]).length : 1;
	}

	/** Sets a bucket to these groups (none empties it), reusing its list when it has one. */
	private setBucket(band: number, key: number, members: readonly number[]): void {
		const table = this.bands[band];
		const value = table.get(key);
		const listId = value !== vacant && value < 0 ? -value - 1 : undefined;
		if (members.length > 1) {
			if (listId !== undefined) {
				this.lists[listId] = [...members];
				return;
			}
			const id = this.freeLists.pop() ?? this.lists.length;
			this.lists[id] = [...members];
			table.set(key, -id - 1);
			return;
		}
		if (members.length === 1) {
			table.set(key, members[0]);
		} else {
			table.delete(key);
		}
		if (listId !== undefined) {
			this.lists[listId] = undefined;
			this.freeLists.push(listId);
		}
	}

	/** The group ids a skill's items belong to, in item order. */
	groupsOf(skill: number): readonly number[] {
		return this.groupsOfSkill[skill] ?? [];
	}

	/** Holders of one group, as flat (skill, index) pairs. */
	private holderPairs(group: number): number[] {
		if (this.prints[group] === undefined || this.firstSkill[group] < 0) {
			return [];
		}
		return [this.firstSkill[group], this.firstItem[group], ...(this.moreHolders.get(group) ?? [])];
	}

	private setHolders(group: number, pairs: readonly number[]): void {
		this.firstSkill[group] = pairs.length > 0 ? pairs[0] : -1;
		this.firstItem[group] = pairs.length > 0 ? pairs[1] : 0;
		if (pairs.length > 2) {
			this.moreHolders.set(group, pairs.slice(2));
		} else {
			this.moreHolders.delete(group);
		}
	}

	/** Holders of one group, as (skill, index) pairs. */
	holdersOf(group: number): Holder[] {
		const pairs = this.holderPairs(group);
		const result: Holder[] = [];
		for (let i = 0; i < pairs.length; i += 2) {
			result.push({ skill: pairs[i], index: pairs[i + 1] });
		}
		return result;
	}

	/** Whether a group's text is held by one skill once and shares no LSH bucket: nothing to compare it with. */
	alone(id: number): boolean {
		if (this.moreHolders.has(id)) {
			return false;
		}
		for (let band = 0; band < lshBands; band++) {
			if (this.bands[band].get(this.bandKey(id, band)) < 0) {
				return false;
			}
		}
		return true;
	}

	/** Whether a group's text belongs to a crowd of variants (see `bucketCap`). */
	crowded(id: number): boolean {
		return this.overfull[id] > 0;
	}

	/**
	 * The crowd a crowded group belongs to: every group sharing its first overflowing bucket,
	 * counted by the skills holding them; undefined for a group that is not crowded.
	 */
	crowd(id: number): Crowd | undefined {
		this.answering = true;
		if (this.overfull[id] === 0) {
			return undefined;
		}
		let band = 0;
		while (this.bucketSize(band, this.bandKey(id, band)) <= bucketCap) {
			band++;
		}
		const key = this.bandKey(id, band);
		const crowdId = `${band}:${key}`;
		let cached = this.crowdCache.get(crowdId);
		if (!cached) {
			const skills = this.skillsHolding(this.bucket(band, key));
			cached = { id: crowdId, skills: skills.length, canonical: skills[0], runnerUp: skills[1] };
			this.crowdCache.set(crowdId, cached);
		}
		return cached;
	}

	/** Groups whose text is near-identical to this group's, itself first; a crowded group has none. */
	neighbours(id: number): readonly number[] {
		this.answering = true;
		let cached = this.neighbourCache[id];
		if (!cached) {
			cached = this.findNeighbours(id);
			this.neighbourCache[id] = cached;
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
		let cached = this.aroundCache[id];
		if (!cached) {
			cached = this.skillsHolding(this.neighbours(id));
			this.aroundCache[id] = cached;
		}
		return cached;
	}

	private skillsHolding(groups: readonly number[]): number[] {
		if (groups.length === 1 && this.firstSkill[groups[0]] >= 0 && !this.moreHolders.has(groups[0])) {
			// By far the most common case: a text held once, by one skill.
			return [this.firstSkill[groups[0]]];
		}
		const skills = new Set<number>();
		for (const group of groups) {
			const pairs = this.holderPairs(group);
			for (let i = 0; i < pairs.length; i += 2) {
				skills.add(pairs[i]);
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
		for (const id of new Set(this.groupsOfSkill[skill] ?? [])) {
			const pairs = this.holderPairs(id);
			this.setHolders(id, pairs.filter((_, i, all) => all[i - (i % 2)] !== skill));
			this.forgetAround(id);
			if (this.firstSkill[id] < 0) {
				this.removeGroup(id, recrowded);
			}
		}
		const count = prints?.count ?? 0;
		const ids: number[] = new Array(count);
		for (let item = 0; item < count; item++) {
			const fingerprints = prints as Fingerprints;
			const known = this.idByKey.get(fingerprintKey(fingerprints, item));
			const id = known === vacant ? this.addGroup(fingerprints, item, recrowded) : known;
			if (this.firstSkill[id] < 0) {
				this.firstSkill[id] = skill;
				this.firstItem[id] = item;
			} else {
				const more = this.moreHolders.get(id);
				if (more) {
					more.push(skill, item);
				} else {
					this.moreHolders.set(id, [skill, item]);
				}
			}
			this.forgetAround(id);
			ids[item] = id;
		}
		this.groupsOfSkill[skill] = count > 0 ? ids : undefined;
		recrowded.delete(skill);
		return recrowded;
	}

	private findNeighbours(id: number): number[] {
		if (this.overfull[id] > 0) {
			return [id];
		}
		const candidates = new Set<number>();
		for (let band = 0; band < lshBands; band++) {
			const value = this.bands[band].get(this.bandKey(id, band));
			if (value < 0) {
				for (const other of this.lists[-value - 1] as number[]) {
					candidates.add(other);
				}
			}
		}
		const result = [id];
		const shingles = fingerprintShingles(this.prints[id] as Fingerprints, this.items[id]);
		for (const other of candidates) {
			if (other !== id && this.overfull[other] === 0
				&& jaccard(shingles, fingerprintShingles(this.prints[other] as Fingerprints, this.items[other])) >= this.threshold) {
				result.push(other);
			}
		}
		return result;
	}

	private addGroup(prints: Fingerprints, item: number, recrowded: Set<number>): number {
		const id = this.freeIds.pop() ?? this.prints.length;
		this.items = grow(this.items, id + 1);
		this.overfull = grow(this.overfull, id + 1);
		this.firstSkill = grow(this.firstSkill, id + 1);
		this.firstItem = grow(this.firstItem, id + 1);
		this.prints[id] = prints;
		this.items[id] = item;
		this.overfull[id] = 0;
		this.firstSkill[id] = -1;
		this.idByKey.set(fingerprintKey(prints, item), id);
		// Buckets about to overflow turn their members into a crowd: their neighbours' lists go stale.
		const stale = this.answering ? new Set<number>() : undefined;
		for (let band = 0; band < lshBands; band++) {
			const key = this.bandKey(id, band);
			const value = this.bands[band].get(key);
			if (value === vacant) {
				this.bands[band].set(key, id);
				continue;
			}
			const members = this.bucket(band, key);
			if (members.length === bucketCap) {
				if (stale) {
					this.collectNeighbourhoods(members, stale, recrowded);
				}
				for (const member of members) {
					this.overfull[member]++;
				}
			}
			if (members.length >= bucketCap) {
				this.overfull[id]++;
			}
			if (value >= 0) {
				this.setBucket(band, key, [value, id]);
			} else {
				(this.lists[-value - 1] as number[]).push(id);
			}
		}
		if (stale) {
			this.forgetCrowds(id);
			for (const neighbour of this.findNeighbours(id)) {
				stale.add(neighbour);
			}
			this.forget(stale);
		}
		return id;
	}

	private removeGroup(id: number, recrowded: Set<number>): void {
		const stale = new Set<number>(this.answering ? this.neighbours(id) : []);
		const relieved: number[][] = [];
		if (this.answering) {
			this.forgetCrowds(id);
		}
		for (let band = 0; band < lshBands; band++) {
			const key = this.bandKey(id, band);
			const members = this.bucket(band, key).filter(other => other !== id);
			this.setBucket(band, key, members);
			if (members.length === bucketCap) {
				for (const member of members) {
					this.overfull[member]--;
				}
				relieved.push(members);
			}
		}
		this.idByKey.delete(fingerprintKey(this.prints[id] as Fingerprints, this.items[id]));
		this.prints[id] = undefined;
		this.neighbourCache[id] = undefined;
		this.aroundCache[id] = undefined;
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
				const pairs = this.holderPairs(neighbour);
				for (let i = 0; i < pairs.length; i += 2) {
					skills.add(pairs[i]);
				}
			}
		}
	}

	private forget(ids: Iterable<number>): void {
		for (const id of ids) {
			this.neighbourCache[id] = undefined;
			this.aroundCache[id] = undefined;
		}
	}

	private forgetCrowds(id: number): void {
		for (let band = 0; band < lshBands; band++) {
			this.crowdCache.delete(`${band}:${this.bandKey(id, band)}`);
		}
	}

	/** Holders changed: the skills around this group and its neighbours, and the crowds of its buckets, are stale. */
	private forgetAround(id: number): void {
		if (!this.answering) {
			return;
		}
		this.forgetCrowds(id);
		for (const neighbour of this.neighbours(id)) {
			this.aroundCache[neighbour] = undefined;
		}
	}
}
