import * as path from 'node:path';
import { checkRecords, type CheckRecord } from '../check/findings';
import type { Placement } from '../distil/classify';
import { placeLessons } from '../distil/classify';
import { DistilCancelled, type DistilLibrary, draftProposal, memoryTarget, unusedName } from '../distil/distilSession';
import type { Lesson, Noted, SessionFindings, Trigger } from '../distil/lessons';
import { type EpisodeRecord, type ProposalRecord, readLedger, recordDistilled, type SessionRef, writeProposal } from '../distil/proposalStore';
import { type DraftSource, nameForLessons, toSkillName } from '../distil/skillDraft';
import { findWorkspaceSessions } from '../sessions/adapters';
import { type AgentHomes, agentLabels, type SessionInfo } from '../sessions/sessionEvents';
import type { LifecyclePlacement } from '../skill/scaffold';
import { homeFolder } from '../util/paths';
import { errorMessage, plural } from '../util/text';
import type { DigestCache } from './digestCache';
import { groupRecurring, type LessonGroup, mergedGroup } from './recurringLessons';
import type { SessionDigest } from './sessionDigest';

/**
 * Distils the recent sessions of a workspace together: every agent's sessions, newest first,
 * each read into a digest (from the cache when the file has not changed), their episodes and
 * corrections grouped into problems across sessions, and one proposal per problem that passed
 * the distillation gate, citing every session and line it rests on. Sessions the staging
 * folder's ledger says were distilled are not proposed again.
 */

/** How many proposals one run writes at most: a retrospective is read by a person. */
export const maxRecentProposals = 10;
export const defaultRecentCount = 20;

export interface RecentRequest {
	workspace: string;
	homes?: AgentHomes;
	/** How many of the newest sessions (default 20). */
	count?: number;
	/** Only sessions modified at or after this time (ms since the epoch). */
	since?: number;
	cache: DigestCache;
	library: DistilLibrary;
	stagingDir: string;
	today: string;
	placement: LifecyclePlacement;
	memoryFile?: string;
	dryRun?: boolean;
	signal?: AbortSignal;
	/** How many sessions are read at once (default 3): one more than the digest threads keeps them all busy. */
	concurrency?: number;
	/** Called after each session is read: how many are done of how many. */
	onProgress?: (done: number, total: number, session: SessionInfo) => void;
}

export interface RecentGroupReport {
	sessions: string[];
	summary: string;
	failures: number;
	minutes: number;
	skillLoaded: boolean;
	/** The proposal folder's name, or why nothing was proposed. */
	proposal?: string;
	why?: string;
}

export interface RecentProposal {
	dir?: string;
	action: Placement['action'];
	target: string | null;
	name: string;
	/** The ids of the sessions it rests on, newest first. */
	sessions: string[];
	lessons: { key: string; section: string; text: string }[];
	checks: CheckRecord[];
	document: string;
}

export interface RecentOutcome {
	workspace: string;
	/** The sessions read, newest first. */
	sessions: { agent: SessionRef['agent']; id: string; path: string; modified: string; distilledBefore: boolean }[];
	/** Transcripts read now, and those answered from the cache. */
	read: number;
	cached: number;
	groups: RecentGroupReport[];
	proposals: RecentProposal[];
	problems: string[];
	notes: string[];
	digests: SessionDigest[];
}

/** Reads sessions a few at a time: the transcripts stream, so two cores stay busy without holding many files open. */
async function digestAll(sessions: readonly SessionInfo[], request: RecentRequest, problems: string[]): Promise<(SessionDigest | undefined)[]> {
	const digests: (SessionDigest | undefined)[] = Array.from({ length: sessions.length });
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < sessions.length) {
			const index = next++;
			if (request.signal?.aborted) {
				throw new DistilCancelled();
			}
			try {
				digests[index] = await request.cache.digest(sessions[index], request.signal);
			} catch (error) {
				if (request.signal?.aborted) {
					throw new DistilCancelled();
				}
				problems.push(`${sessions[index].path} could not be read: ${errorMessage(error)}`);
			}
			request.onProgress?.(++done, sessions.length, sessions[index]);
		}
	};
	await Promise.all(Array.from({ length: request.concurrency ?? 3 }, worker));
	return digests;
}

/** The recent sessions of a workspace, each read into its digest; what could not be read is said in `problems`. */
export async function recentDigests(request: Pick<RecentRequest, 'workspace' | 'homes' | 'count' | 'since' | 'cache' | 'signal' | 'onProgress' | 'concurrency'>, problems: string[]): Promise<{ sessions: SessionInfo[]; digests: SessionDigest[] }> {
	const limit = request.count ?? (request.since !== undefined ? 100_000 : defaultRecentCount);
	const found = await findWorkspaceSessions(request.workspace, request.homes ?? {}, request.since !== undefined ? 100_000 : limit);
	problems.push(...found.problems);
	const sessions = found.sessions.filter(session => request.since === undefined || session.modified >= request.since).slice(0, limit);
	const digests = await digestAll(sessions, request as RecentRequest, problems);
	request.cache.save();
	return { sessions, digests: digests.filter((digest): digest is SessionDigest => digest !== undefined) };
}

/** One placement for a group: an update of a skill the lessons belong to, else a new skill, else the project's memory. */
function onePlacement(placements: Placement[]): Placement | undefined {
	const order: Placement['action'][] = ['update', 'create', 'memory'];
	const chosen = [...placements].sort((a, b) => order.indexOf(a.action) - order.indexOf(b.action))[0];
	if (!chosen || placements.length === 1) {
		return chosen;
	}
	return { ...chosen, lessons: placements.flatMap(placement => placement.lessons), reason: `${chosen.reason}; the group's other lessons go with them, as one problem` };
}

function groupSummary(group: LessonGroup): string {
	const top = group.members.find(member => member.item.lessonKeys.length > 0) ?? group.members[0];
	return top.item.summary;
}

/** The session's triggers that cite the group's lines, tagged with the session. */
function triggersOf(group: LessonGroup): Trigger[] {
	const triggers: Trigger[] = [];
	for (const { digest, item } of group.members) {
		for (const trigger of digest.triggers) {
			const cites = trigger.evidence.some(evidence => item.evidence.some(line => line.line === evidence.line && (line.file ?? '') === (evidence.file ?? '')));
			if (cites && !triggers.some(known => known.session === digest.session.id && known.summary === trigger.summary)) {
				triggers.push({ ...trigger, session: digest.session.id });
			}
		}
	}
	return triggers;
}

function episodesOf(group: LessonGroup): EpisodeRecord[] {
	return group.members.flatMap(({ digest, item }) => item.episode ? [{ session: digest.session.id, ...item.episode }] : []);
}

/** The sessions of the group that say nothing new: their lessons were all proposed or decided before. */
function withoutLedger(lessons: readonly Lesson[], ledger: ReturnType<typeof readLedger>, noted: Noted[]): Lesson[] {
	return lessons.filter(lesson => {
		const known = ledger.lessons[lesson.key];
		if (known) {
			noted.push({ summary: lesson.text.slice(0, 200), why: known.state === 'rejected' ? `a person rejected it before (${known.proposal})` : `it was ${known.state} before (${known.proposal})`, evidence: lesson.evidence });
		}
		return !known;
	});
}

/** What placing and drafting a group's lessons reads of its sessions: the triggers citing its lines, the skills they loaded and wrote. */
function findingsOf(group: LessonGroup): SessionFindings {
	return {
		triggers: triggersOf(group), episodes: [], moments: [], noted: [],
		skillsUsed: [...new Set(group.members.flatMap(member => member.digest.skillsUsed))],
		skillsWritten: [...new Set(group.members.flatMap(member => member.digest.skillsWritten))],
		counts: { events: 0, userMessages: 0, toolCalls: 0, errors: 0 },
	};
}

interface PendingGroup {
	group: LessonGroup;
	placement: Placement;
	reports: RecentGroupReport[];
	noted: Noted[];
}

/**
 * Facts for the project's memory from groups that share a session, gathered into one proposal (as
 * one session's facts are): two sessions that chose the wrong commit identity give one memory
 * proposal, not one per message about it.
 */
function mergeMemory(pending: readonly PendingGroup[]): PendingGroup[] {
	const merged: PendingGroup[] = [];
	for (const entry of pending) {
		const sessions = new Set(entry.group.sessions.map(session => session.path));
		const into = entry.placement.action === 'memory'
			? merged.find(other => other.placement.action === 'memory' && other.group.sessions.some(session => sessions.has(session.path)))
			: undefined;
		if (!into) {
			merged.push({ ...entry, reports: [...entry.reports] });
			continue;
		}
		into.group = mergedGroup([into.group, entry.group]);
		into.placement = { ...into.placement, lessons: [...into.placement.lessons, ...entry.placement.lessons.filter(lesson => !into.placement.lessons.some(known => known.key === lesson.key))] };
		into.reports.push(...entry.reports);
		into.noted.push(...entry.noted);
	}
	return merged;
}

export async function distilRecent(request: RecentRequest): Promise<RecentOutcome> {
	const problems: string[] = [];
	const notes: string[] = [];
	const { sessions, digests } = await recentDigests(request, problems);
	const ledger = readLedger(request.stagingDir);
	const distilledBefore = (digest: SessionDigest) => ledger.sessions[`${digest.session.agent}:${digest.session.id}`] !== undefined;
	const fresh = digests.filter(digest => !distilledBefore(digest));
	const outcome: RecentOutcome = {
		workspace: request.workspace,
		sessions: digests.map(digest => ({ agent: digest.session.agent, id: digest.session.id, path: digest.session.path, modified: new Date(digest.session.modified).toISOString(), distilledBefore: distilledBefore(digest) })),
		read: request.cache.read, cached: request.cache.reused, groups: [], proposals: [], problems, notes, digests,
	};
	if (sessions.length === 0) {
		notes.push('No agent sessions were found for this workspace (Claude Code, Codex, Copilot Chat and Copilot CLI were looked for).');
		return outcome;
	}
	if (digests.length > fresh.length) {
		notes.push(`${plural(digests.length - fresh.length, 'session')} ${digests.length - fresh.length === 1 ? 'was' : 'were'} distilled before (the staging folder's ledger) and ${digests.length - fresh.length === 1 ? 'is' : 'are'} not proposed again.`);
	}
	const skills = request.library.skills();
	const recorded: { session: SessionRef; folder: string; lessonKeys: string[] }[] = [];
	const writeGroup = async (group: LessonGroup, placement: Placement, reports: RecentGroupReport[], noted: Noted[]) => {
		const newest = group.members[0].digest;
		const findings = findingsOf(group);
		const named = placement.action === 'update' && placement.target
			? placement.target.name ?? placement.target.folderName
			: placement.action === 'memory' ? 'project-memory' : nameForLessons(placement.lessons);
		if (named === undefined) {
			for (const report of reports) {
				report.why = 'it names no program to make a skill of, and it is no fact about this project';
				outcome.groups.push(report);
			}
			return;
		}
		const name = placement.action === 'update' ? named : unusedName(toSkillName([named]), skills, request.stagingDir);
		const source: DraftSource = {
			agentLabel: agentLabels[newest.session.agent], agent: newest.session.agent, sessionId: newest.session.id, today: request.today,
			triggers: [...new Set(placement.lessons.map(lesson => lesson.trigger))], otherSessions: group.sessions.length - 1,
		};
		const drafted = await draftProposal(placement, name, findings, source, request, { cwd: newest.session.cwd, home: homeFolder() }, notes);
		const target = placement.action === 'update' && placement.target
			? placement.target.file
			: placement.action === 'memory' ? memoryTarget({ ...request, workspace: request.workspace }, newest.session.agent, notes) : null;
		const record: ProposalRecord = {
			action: placement.action, name: drafted.name, target, session: group.sessions[0],
			...(group.sessions.length > 1 ? { sessions: group.sessions } : {}),
			triggers: findings.triggers,
			created: new Date().toISOString(),
			reason: group.sessions.length > 1 ? `the same problem came up in ${group.sessions.length} sessions; ${placement.reason}` : placement.reason,
			checks: checkRecords(drafted.checks),
			episodes: episodesOf(group),
			noted,
			lessons: drafted.lessons.map(lesson => ({ key: lesson.key, section: lesson.section, text: lesson.text })),
		};
		const dir = request.dryRun ? undefined : writeProposal(request.stagingDir, record, drafted.document, drafted.base);
		for (const report of reports) {
			report.proposal = dir ? path.basename(dir) : drafted.name;
			outcome.groups.push(report);
		}
		outcome.proposals.push({ dir, action: placement.action, target, name: drafted.name, sessions: group.sessions.map(session => session.id), lessons: record.lessons ?? [], checks: record.checks, document: drafted.document });
		if (dir) {
			for (const session of group.sessions) {
				recorded.push({ session, folder: path.basename(dir), lessonKeys: drafted.lessons.map(lesson => lesson.key) });
			}
		}
	};
	const pending: PendingGroup[] = [];
	for (const group of groupRecurring(fresh)) {
		if (request.signal?.aborted) {
			throw new DistilCancelled();
		}
		const report: RecentGroupReport = { sessions: group.sessions.map(session => session.id), summary: groupSummary(group), failures: group.failures, minutes: group.minutes, skillLoaded: group.skillLoaded };
		const noted: Noted[] = [];
		const lessons = withoutLedger(group.lessons, ledger, noted);
		if (group.lessons.length === 0) {
			// A problem seen once without a verified fix, a stated rule or an acted-on correction is only noted; one seen again is reported, still unproposed.
			if (group.sessions.length > 1) {
				report.why = 'it recurred, but no session verified a fix, stated a rule or acted on a correction about it';
				outcome.groups.push(report);
			}
			continue;
		}
		if (lessons.length === 0) {
			report.why = noted[0]?.why ?? 'proposed before';
			outcome.groups.push(report);
			continue;
		}
		if (pending.length >= maxRecentProposals) {
			report.why = `one run proposes at most ${maxRecentProposals} problems; review these and run it again`;
			outcome.groups.push(report);
			continue;
		}
		const placement = onePlacement(placeLessons(lessons, findingsOf(group), skills, group.members[0].digest.session.cwd));
		if (!placement) {
			continue;
		}
		pending.push({ group, placement, reports: [report], noted });
	}
	for (const { group, placement, reports, noted } of mergeMemory(pending)) {
		await writeGroup(group, placement, reports, noted);
	}
	// Problems seen in several sessions first, however the memory facts were gathered.
	outcome.proposals.sort((a, b) => Number(b.sessions.length > 1) - Number(a.sessions.length > 1));
	for (const session of new Set(recorded.map(entry => entry.session.path))) {
		const entries = recorded.filter(entry => entry.session.path === session);
		recordDistilled(request.stagingDir, `${entries[0].session.agent}:${entries[0].session.id}`, request.today, entries.map(({ folder, lessonKeys }) => ({ folder, lessonKeys })));
	}
	if (outcome.proposals.length === 0 && fresh.length > 0) {
		notes.push(`Nothing to propose from ${plural(fresh.length, 'session')}: no problem with a fix a passing run verified, a rule the person stated, or a correction the agent acted on. Nothing was written.`);
	}
	return outcome;
}
