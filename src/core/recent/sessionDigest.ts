import * as path from 'node:path';
import { episodeRecord } from '../distil/distilSession';
import type { Evidence, Lesson, Noted, Trigger } from '../distil/lessons';
import { keyText, termsOf, writeLessons } from '../distil/lessonWriter';
import { redactEvent } from '../distil/redactEvent';
import type { EpisodeRecord } from '../distil/proposalStore';
import { SessionAnalyzer } from '../distil/sessionAnalysis';
import { onlyLooks } from '../distil/shellCommands';
import { openSession } from '../sessions/adapters';
import type { AgentKind, SessionInfo, ToolCall } from '../sessions/sessionEvents';
import { displayPath, homeFolder } from '../util/paths';

/**
 * One session read once into what learning across sessions needs: its episodes and the person's
 * corrections as items that can be grouped with other sessions' (each with the keys that make
 * two items the same problem), the lessons that passed the distillation gate, and the skills the
 * agent loaded with what followed each load. A digest is plain JSON, so it is cached by the
 * session file's path, size and modification time and a second run reads no transcript again.
 */

/** Bumped whenever what a digest holds or how it is computed changes: older cached digests are read again. */
export const digestVersion = 1;

/** A skill an agent loaded: a `Skill` tool call, or a read of its SKILL.md (a read tool, `cat`/`sed` in a shell call). */
export interface SkillLoad {
	/** The skill's name: the `Skill` tool's argument, or the folder holding the SKILL.md. */
	skill: string;
	/** The SKILL.md read, when the load was a read. */
	file?: string;
	via: 'skill-tool' | 'read' | 'shell';
	line: number;
	/** ISO time of the record, when the agent records one. */
	time?: string;
	/** The person's next message after the load was a correction or a refusal. */
	correctionAfter: boolean;
	/** The same check failed again between the load and the person's next message. */
	repeatedFailureAfter: boolean;
}

/** An episode or a moment of one session, as something that may recur in another. */
export interface DigestItem {
	kind: 'episode' | 'correction' | 'rule' | 'rejection';
	/** What makes another session's item the same problem: the lesson key, the normalised symptom, the resolution, the distinctive terms of the person's words. */
	keys: string[];
	/** The gated lessons that rest on it (keys into the digest's lessons). */
	lessonKeys: string[];
	summary: string;
	evidence: Evidence[];
	episode?: EpisodeRecord;
	/** Failed runs of its check. */
	failures: number;
	/** Minutes from its first line to its last, when the transcript records times. */
	minutes: number;
	/** A skill was loaded earlier in the session. */
	skillLoaded: boolean;
}

export interface SessionDigest {
	version: number;
	session: { agent: AgentKind; id: string; path: string; cwd?: string; modified: number; size: number; firstPrompt?: string };
	/** ISO times of the first and last record that had one. */
	started?: string;
	ended?: string;
	items: DigestItem[];
	lessons: Lesson[];
	triggers: Trigger[];
	noted: Noted[];
	skillsUsed: string[];
	skillsWritten: string[];
	loads: SkillLoad[];
	counts: { events: number; userMessages: number; toolCalls: number; errors: number };
	/** Lines that could not be read. */
	problems: number;
}

const skillFile = /(?:^|[\\/])SKILL\.md$/i;
/** A shell command that prints a SKILL.md: how Codex and Copilot CLI read a skill. */
const shellRead = /(?:^|[\s;&|(])(?:cat|sed|head|tail|less|more|bat|nl|awk|type|Get-Content|gc)\b[^|;&]*?([^\s'"|;&<>]*SKILL\.md)\b/gi;

/** The skill a SKILL.md path belongs to: its folder's name. */
function skillOfFile(file: string): string {
	return path.basename(path.dirname(file.replace(/\\/g, '/'))) || file;
}

/** The loads a tool call makes: a `Skill` call, a read of a SKILL.md, or a shell command printing one. */
function loadsOf(tool: ToolCall): Omit<SkillLoad, 'line' | 'time' | 'correctionAfter' | 'repeatedFailureAfter'>[] {
	if (tool.category === 'skill' && tool.skill) {
		// A plugin's skill is called `plugin:name`.
		return [{ skill: tool.skill.split(':').pop() ?? tool.skill, via: 'skill-tool' }];
	}
	if (tool.category === 'read') {
		return (tool.paths ?? []).filter(file => skillFile.test(file)).map(file => ({ skill: skillOfFile(file), file, via: 'read' as const }));
	}
	if (tool.category === 'shell' && tool.command && /SKILL\.md/i.test(tool.command)) {
		return [...tool.command.matchAll(shellRead)].map(match => ({ skill: skillOfFile(match[1]), file: match[1], via: 'shell' as const }));
	}
	return [];
}

/** Words too common in the person's messages to tie two corrections together. */
const commonTerms = new Set(['package.json', 'readme.md', 'claude.md', 'agents.md', 'skill.md']);

/**
 * The terms of the person's words that name one thing: an e-mail address, an identifier with
 * digits, hyphens, dots or capitals inside, a file name — never a path under a home folder,
 * which every session of a person shares.
 */
export function distinctiveTerms(words: string): string[] {
	const terms = new Set<string>(termsOf(words).filter(term => term.length >= 5 && !commonTerms.has(term)));
	for (const [token] of words.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w/~.-])[A-Za-z][\w.-]*(?:\d[\w.-]*|-[A-Za-z][\w.-]*|[a-z][A-Z][\w.-]*)(?![\w/])/g)) {
		const term = token.replace(/[.-]+$/, '').toLowerCase();
		if (term.length >= 6 && !commonTerms.has(term) && /[a-z]/.test(term)) {
			terms.add(term);
		}
	}
	return [...terms];
}

/** A command with what varies between runs (paths, numbers, hashes) taken out. */
function normalisedCommand(command: string): string {
	return command.toLowerCase().replace(/(?:[a-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]*/g, '<path>').replace(/\b[0-9a-f]{7,}\b|\d+/g, '<n>').replace(/\s+/g, ' ').trim();
}

/** Whether a symptom names enough to tie two sessions together: not a bare "error: <path>". */
function isDistinctive(signature: string): boolean {
	return signature.replace(/<\w+>|[^a-z]/g, '').length >= 12;
}

const sameLine = (a: Evidence, b: Evidence) => a.line === b.line && (a.file ?? '') === (b.file ?? '');

/** Reads one session into its digest. `signal` stops it between events. */
export async function digestSession(info: Pick<SessionInfo, 'agent' | 'path' | 'modified' | 'size' | 'firstPrompt'>, signal?: AbortSignal): Promise<SessionDigest> {
	const reader = await openSession(info.path, info.agent);
	const home = homeFolder();
	const analyzer = new SessionAnalyzer(file => displayPath(reader.cwd && !path.isAbsolute(file) ? path.resolve(reader.cwd, file) : file, reader.cwd ? [reader.cwd] : [], home));
	const loads: SkillLoad[] = [];
	const personLines: number[] = [];
	const times = new Map<number, number>();
	let started: string | undefined;
	let ended: string | undefined;
	let events = 0;
	for await (const raw of reader.events()) {
		const event = redactEvent(raw);
		analyzer.push(event);
		if (++events % 2000 === 0 && signal?.aborted) {
			throw new Error('cancelled');
		}
		if (event.timestamp) {
			started ??= event.timestamp;
			ended = event.timestamp;
			if (event.file === undefined) {
				const time = Date.parse(event.timestamp);
				if (!Number.isNaN(time)) {
					times.set(event.line, time);
				}
			}
		}
		if (event.kind === 'user' && !event.injected && event.sidechain === undefined) {
			personLines.push(event.line);
		} else if (event.kind === 'tool-call') {
			for (const load of loadsOf(event.tool)) {
				loads.push({ ...load, line: event.line, ...(event.timestamp ? { time: event.timestamp } : {}), correctionAfter: false, repeatedFailureAfter: false });
			}
		}
	}
	const findings = analyzer.finish();
	const written = writeLessons(findings, { cwd: reader.cwd, home });
	const nextPersonLine = (line: number) => personLines.find(person => person > line) ?? Number.POSITIVE_INFINITY;
	const corrections = findings.moments.filter(moment => moment.kind === 'user-correction' || moment.kind === 'rejection').map(moment => moment.evidence[0]).filter(evidence => evidence && evidence.file === undefined);
	const repeated = findings.episodes.flatMap(episode => episode.failures.slice(1).map(failure => failure.symptom)).filter(symptom => symptom.file === undefined);
	for (const load of loads) {
		const until = nextPersonLine(load.line);
		load.correctionAfter = corrections.some(evidence => evidence.line > load.line && evidence.line <= until);
		load.repeatedFailureAfter = repeated.some(symptom => symptom.line > load.line && symptom.line < until);
	}
	const firstLoad = loads[0]?.line ?? Number.POSITIVE_INFINITY;
	const minutesBetween = (lines: number[]) => {
		const known = lines.map(line => times.get(line)).filter((time): time is number => time !== undefined);
		return known.length < 2 ? 0 : Math.round((Math.max(...known) - Math.min(...known)) / 60_000);
	};
	const lessonsResting = (evidence: readonly Evidence[]) => written.lessons.filter(lesson => lesson.evidence[0] && evidence.some(item => sameLine(item, lesson.evidence[0]))).map(lesson => lesson.key);
	const items: DigestItem[] = [];
	for (const episode of findings.episodes) {
		const record = episodeRecord(episode);
		const symptoms = episode.failures.map(failure => failure.symptom);
		const lessonKeys = lessonsResting(symptoms);
		const keys = new Set(lessonKeys.map(key => `lesson:${key}`));
		for (const signature of new Set(episode.failures.map(failure => failure.signature))) {
			if (isDistinctive(signature)) {
				keys.add(`symptom:${signature}`);
			}
		}
		const resolution = episode.resolution;
		if (resolution) {
			const fixes = resolution.steps.filter(step => step.kind === 'command' && !onlyLooks(step.text)).map(step => step.text);
			if (resolution.command !== undefined && episode.failures.every(failure => failure.command !== resolution.command)) {
				fixes.push(resolution.command);
			}
			for (const fix of fixes) {
				keys.add(`fix:${normalisedCommand(fix)}`);
			}
		}
		const lines = [...symptoms, ...(resolution ? [resolution.passed] : [])];
		items.push({
			kind: 'episode', keys: [...keys], lessonKeys,
			summary: `\`${episode.check}\` failed with "${symptoms[0].quote}"${resolution ? ' and later passed' : ''}`,
			evidence: lines, episode: record, failures: episode.failures.length,
			minutes: minutesBetween(lines.filter(line => line.file === undefined).map(line => line.line)),
			skillLoaded: firstLoad < symptoms[0].line,
		});
	}
	for (const moment of findings.moments) {
		if (moment.kind === 'interrupt' || moment.inEpisode) {
			continue;
		}
		const words = moment.rule ?? moment.words ?? '';
		if (!/\p{L}{3,}/u.test(words)) {
			continue;
		}
		const lessonKeys = lessonsResting(moment.evidence);
		const keys = new Set([...lessonKeys.map(key => `lesson:${key}`), `said:${keyText(words)}`, ...distinctiveTerms(words).map(term => `term:${term}`)]);
		const kind = moment.kind === 'user-rule' ? 'rule' : moment.kind === 'rejection' ? 'rejection' : 'correction';
		items.push({
			kind, keys: [...keys], lessonKeys,
			summary: `${kind === 'rule' ? 'The person stated a rule' : kind === 'rejection' ? 'The person refused a call' : 'The person corrected the agent'}: "${moment.evidence[0].quote}"`,
			evidence: [...moment.evidence, ...(moment.actedOn ? [moment.actedOn] : [])], failures: 0, minutes: 0,
			skillLoaded: firstLoad < moment.evidence[0].line,
		});
	}
	return {
		version: digestVersion,
		session: { agent: reader.agent, id: reader.id, path: info.path, ...(reader.cwd ? { cwd: reader.cwd } : {}), modified: info.modified, size: info.size, ...(info.firstPrompt ? { firstPrompt: info.firstPrompt } : {}) },
		...(started ? { started } : {}), ...(ended ? { ended } : {}),
		items, lessons: written.lessons, triggers: findings.triggers, noted: [...findings.noted, ...written.noted],
		skillsUsed: findings.skillsUsed, skillsWritten: findings.skillsWritten, loads, counts: findings.counts, problems: reader.problems.length,
	};
}
