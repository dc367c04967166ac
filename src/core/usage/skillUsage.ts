import * as path from 'node:path';
import type { SessionDigest, SkillLoad } from '../recent/sessionDigest';
import { agentLabels, type AgentKind } from '../sessions/sessionEvents';
import { formatAge } from '../util/units';

/**
 * Which skills agents really use, from the sessions' digests: per skill, how often it was loaded
 * (Claude Code's `Skill` tool, a read of its SKILL.md by a read tool or by `cat`/`sed` in a shell
 * call), when last, in which sessions, and how often the person's next words were a correction
 * or the same check failed again before they spoke — a sign the skill misled.
 */

/** Said wherever usage is shown: a session that is gone is no evidence a skill went unused. */
export const retentionNote = 'Claude Code deletes sessions older than 30 days by default (cleanupPeriodDays in ~/.claude/settings.json), so a skill with no recorded use may still be used: no data is not the same as unused.';

export interface SkillUsage {
	/** The skill's name (its folder's name). */
	skill: string;
	/** The library's SKILL.md, when the skill is in the library looked at. */
	file?: string;
	loads: number;
	/** ISO time of the last load (the session's last change when the transcript records no times). */
	lastUsed?: string;
	/** Sessions the skill was loaded in, newest first. */
	sessions: { agent: AgentKind; id: string; path: string }[];
	/** Loads after which the person's next words were a correction or a refusal. */
	correctionsAfter: number;
	/** Loads after which the same check failed again before the person spoke. */
	repeatedFailuresAfter: number;
	via: Record<SkillLoad['via'], number>;
}

/** A library skill usage is counted for: its name and SKILL.md. */
export interface UsageTarget {
	name: string;
	file: string;
}

function loadTime(load: SkillLoad, digest: SessionDigest): number {
	const time = load.time ? Date.parse(load.time) : Number.NaN;
	return Number.isNaN(time) ? digest.session.modified : time;
}

/**
 * Usage per skill: every library skill (`library`, with no use when none was recorded) and every
 * other skill a session loaded, most used first. `since` leaves out loads before it.
 */
export function skillUsage(digests: readonly SessionDigest[], library: readonly UsageTarget[] = [], since?: number): SkillUsage[] {
	const usage = new Map<string, SkillUsage & { last: number }>();
	const byFile = new Map(library.map(target => [path.resolve(target.file), target]));
	const byName = new Map(library.map(target => [target.name.toLowerCase(), target]));
	const entry = (name: string, file?: string) => {
		const key = name.toLowerCase();
		let found = usage.get(key);
		if (!found) {
			found = { skill: name, ...(file ? { file } : {}), loads: 0, sessions: [], correctionsAfter: 0, repeatedFailuresAfter: 0, via: { 'skill-tool': 0, 'read': 0, 'shell': 0 }, last: 0 };
			usage.set(key, found);
		}
		return found;
	};
	for (const target of library) {
		entry(target.name, target.file);
	}
	for (const digest of digests) {
		for (const load of digest.loads) {
			const time = loadTime(load, digest);
			if (since !== undefined && time < since) {
				continue;
			}
			const absolute = load.file && digest.session.cwd ? path.resolve(digest.session.cwd, load.file) : load.file;
			const target = (absolute ? byFile.get(absolute) : undefined) ?? byName.get(load.skill.toLowerCase());
			const found = entry(target?.name ?? load.skill, target?.file);
			found.loads++;
			found.via[load.via]++;
			found.correctionsAfter += load.correctionAfter ? 1 : 0;
			found.repeatedFailuresAfter += load.repeatedFailureAfter ? 1 : 0;
			found.last = Math.max(found.last, time);
			if (!found.sessions.some(session => session.path === digest.session.path)) {
				found.sessions.push({ agent: digest.session.agent, id: digest.session.id, path: digest.session.path });
			}
		}
	}
	const ordered = [...usage.values()].sort((a, b) => b.loads - a.loads || b.last - a.last || a.skill.localeCompare(b.skill));
	return ordered.map(({ last, ...rest }) => ({ ...rest, ...(last > 0 ? { lastUsed: new Date(last).toISOString() } : {}) }));
}

/** "used 12× · 3 days ago · 2 corrections after use", or "no use recorded". */
export function describeUsage(usage: SkillUsage, now = Date.now()): string {
	if (usage.loads === 0) {
		return 'no use recorded';
	}
	const parts = [`used ${usage.loads}×`];
	if (usage.lastUsed) {
		parts.push(formatAge(Date.parse(usage.lastUsed), now));
	}
	if (usage.correctionsAfter > 0) {
		parts.push(`${usage.correctionsAfter} correction${usage.correctionsAfter === 1 ? '' : 's'} after use`);
	}
	if (usage.repeatedFailuresAfter > 0) {
		parts.push(`${usage.repeatedFailuresAfter} repeated failure${usage.repeatedFailuresAfter === 1 ? '' : 's'} after use`);
	}
	return parts.join(' · ');
}

/** "12×", "12× · 2 corrected · 1 failed again": the Library row's short form; nothing for a skill with no recorded use. */
export function shortUsage(usage: SkillUsage): string | undefined {
	if (usage.loads === 0) {
		return undefined;
	}
	return [`${usage.loads}×`, usage.correctionsAfter > 0 ? `${usage.correctionsAfter} corrected` : '', usage.repeatedFailuresAfter > 0 ? `${usage.repeatedFailuresAfter} failed again` : ''].filter(Boolean).join(' · ');
}

/** Whether a skill was not loaded since `days` days before `now` (no recorded use counts as not used). */
export function notUsedFor(usage: SkillUsage | undefined, days: number, now = Date.now()): boolean {
	return !usage?.lastUsed || Date.parse(usage.lastUsed) < now - days * 86_400_000;
}

/** The sessions a skill was used in, for a person: "Claude Code 6dc88126, Codex 019a9c2e". */
export function describeSessions(usage: SkillUsage, max = 3): string {
	const shown = usage.sessions.slice(0, max).map(session => `${agentLabels[session.agent]} ${session.id.length > 12 ? session.id.slice(0, 8) : session.id}`);
	return `${shown.join(', ')}${usage.sessions.length > max ? ` and ${usage.sessions.length - max} more` : ''}`;
}
