import type { Lesson } from '../distil/lessons';
import type { SessionRef } from '../distil/proposalStore';
import type { DigestItem, SessionDigest } from './sessionDigest';

/**
 * Episodes and corrections of many sessions grouped into problems: two items are the same
 * problem when they share a lesson key, a normalised symptom, a resolution, or a distinctive
 * term of the person's words (an e-mail address, an identifier). Groups are ranked by how many
 * sessions they appear in, what they cost (failed runs, minutes) and whether a skill was loaded
 * when they happened.
 */

export interface GroupMember {
	digest: SessionDigest;
	item: DigestItem;
}

export interface LessonGroup {
	members: GroupMember[];
	/** The sessions the group appears in, newest first. */
	sessions: SessionRef[];
	/** The gated lessons the group's items rest on, distinct by key. */
	lessons: Lesson[];
	failures: number;
	minutes: number;
	/** A skill was loaded before the problem came up, in at least one session. */
	skillLoaded: boolean;
	score: number;
}

/** A key shared by more sessions than this is common talk (a build command, a tool's name), not one problem. */
function commonKeyLimit(sessions: number): number {
	return Math.max(4, Math.ceil(sessions / 4));
}

/** Keys that always mean the same problem, however many sessions hold them. */
const exactKey = /^(?:lesson|said):/;

class UnionFind {
	private readonly parent: number[];
	constructor(size: number) {
		this.parent = Array.from({ length: size }, (_, index) => index);
	}
	find(index: number): number {
		let root = index;
		while (this.parent[root] !== root) {
			root = this.parent[root];
		}
		while (this.parent[index] !== root) {
			[this.parent[index], index] = [root, this.parent[index]];
		}
		return root;
	}
	union(a: number, b: number): void {
		this.parent[this.find(a)] = this.find(b);
	}
}

const refOf = (digest: SessionDigest): SessionRef => ({ agent: digest.session.agent, id: digest.session.id, path: digest.session.path });

/** The groups of problems in these sessions, most worth a person's time first: those in two or more sessions, then by score. */
export function groupRecurring(digests: readonly SessionDigest[]): LessonGroup[] {
	const members: GroupMember[] = digests.flatMap(digest => digest.items.map(item => ({ digest, item })));
	const sessionsOfKey = new Map<string, Set<string>>();
	for (const { digest, item } of members) {
		for (const key of item.keys) {
			const sessions = sessionsOfKey.get(key) ?? new Set<string>();
			sessions.add(digest.session.path);
			sessionsOfKey.set(key, sessions);
		}
	}
	const limit = commonKeyLimit(digests.length);
	const unions = new UnionFind(members.length);
	const firstWithKey = new Map<string, number>();
	for (const [index, { item }] of members.entries()) {
		for (const key of item.keys) {
			if (!exactKey.test(key) && (sessionsOfKey.get(key)?.size ?? 0) > limit) {
				continue;
			}
			const first = firstWithKey.get(key);
			if (first === undefined) {
				firstWithKey.set(key, index);
			} else {
				unions.union(index, first);
			}
		}
	}
	const byRoot = new Map<number, GroupMember[]>();
	for (const [index, member] of members.entries()) {
		const root = unions.find(index);
		byRoot.set(root, [...byRoot.get(root) ?? [], member]);
	}
	const groups = [...byRoot.values()].map(groupOf);
	return groups.sort((a, b) => Number(b.sessions.length > 1) - Number(a.sessions.length > 1) || b.score - a.score || newest(b) - newest(a));
}

function newest(group: LessonGroup): number {
	return Math.max(...group.members.map(member => member.digest.session.modified));
}

/** One group of the members of several: facts of one session about one project go in one memory proposal. */
export function mergedGroup(groups: readonly LessonGroup[]): LessonGroup {
	return groupOf(groups.flatMap(group => group.members));
}

function groupOf(members: GroupMember[]): LessonGroup {
	const ordered = [...members].sort((a, b) => b.digest.session.modified - a.digest.session.modified || (a.item.evidence[0]?.line ?? 0) - (b.item.evidence[0]?.line ?? 0));
	const sessions = new Map<string, SessionRef>();
	const lessons = new Map<string, Lesson>();
	for (const { digest, item } of ordered) {
		sessions.set(digest.session.path, refOf(digest));
		for (const key of item.lessonKeys) {
			const lesson = digest.lessons.find(candidate => candidate.key === key);
			if (lesson && !lessons.has(key)) {
				lessons.set(key, lesson);
			}
		}
	}
	const failures = ordered.reduce((sum, { item }) => sum + item.failures, 0);
	const minutes = ordered.reduce((sum, { item }) => sum + item.minutes, 0);
	const skillLoaded = ordered.some(({ item }) => item.skillLoaded);
	return {
		members: ordered, sessions: [...sessions.values()], lessons: [...lessons.values()], failures, minutes, skillLoaded,
		score: sessions.size * 10 + failures + Math.min(minutes, 120) / 10 + (skillLoaded ? 3 : 0) + (lessons.size > 0 ? 2 : 0),
	};
}
