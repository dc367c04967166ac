import * as fs from 'node:fs';
import * as path from 'node:path';
import { casesFileName, casesFolder, casesText, type SkillCase } from '../apprentice/cases';
import type { CheckRecord } from '../check/findings';
import { isFindingRule } from '../rules/catalog';
import { specNameFrom } from '../rules/frontmatterRules';
import { type AgentKind, agentKinds } from '../sessions/sessionEvents';
import { skillFileName } from '../skill/skillText';
import { writeFilesAtomically } from '../util/atomicWrite';
import { isInside } from '../util/paths';
import { errorMessage } from '../util/text';
import type { ProposalAction } from './classify';
import { earlierTriggerKinds, type Noted, type Trigger, triggerKinds } from './lessons';

/**
 * Proposals on disk: `<staging>/<name>/SKILL.md` (or `MEMORY.md`) beside `proposal.json`, the
 * record of where the proposal came from and what the checks said. Nothing here touches the
 * library; ratifying does (see the review issue).
 */

export const proposalFileName = 'proposal.json';

/**
 * The files agents read as a project's memory (Claude Code, Codex and other AGENTS.md readers,
 * Gemini CLI, Copilot), the only files memory facts are added to: a proposal.json naming
 * README.md or a script is refused. The first four are read in sub-folders too.
 */
export const memoryFileNames: readonly string[] = ['CLAUDE.md', 'AGENTS.md', 'MEMORY.md', 'GEMINI.md'];
export const copilotInstructionsFile = '.github/copilot-instructions.md';
/** The memory files agents read, listed for a person: "CLAUDE.md, AGENTS.md, …". */
export const memoryFilesListed = [...memoryFileNames, copilotInstructionsFile].join(', ');

/** Whether a path relative to the workspace names a memory file agents read. */
export function isMemoryFileName(relative: string): boolean {
	const normalised = relative.split(/[\\/]+/).join('/');
	return memoryFileNames.includes(normalised.split('/').pop() ?? '') || normalised === copilotInstructionsFile;
}
export const memoryFileName = 'MEMORY.md';
/** An update's target as it was when proposed, kept beside the proposal for a three-way merge. */
export const targetBaseFileName = 'target-before.md';

export interface ProposalRecord {
	action: ProposalAction;
	/** The proposed skill's name (for memory, the proposal's). */
	name: string;
	/** The SKILL.md an update changes, or the memory file facts go into; null for a new skill. */
	target: string | null;
	/** The session it came from: for a lesson that recurred, the newest of `sessions`. */
	session: SessionRef;
	/** Every session a recurring lesson rests on, newest first; absent when it rests on one. */
	sessions?: SessionRef[];
	triggers: Trigger[];
	/** When the proposal was made (ISO 8601). */
	created: string;
	/** Why the lessons go where they go. */
	reason: string;
	checks: CheckRecord[];
	/** The language model that wrote the lessons, when one did. */
	generalisedBy?: string;
	/** The session's episodes as the review panel shows them. */
	episodes?: EpisodeRecord[];
	/** What the session held that writes nothing, and why. */
	noted?: Noted[];
	/** The lessons in the proposal, by the key that recognises them in a later run (see the ledger). */
	lessons?: { key: string; section: string; text: string }[];
	/** What a person decided, once the proposal is archived. */
	outcome?: { kind: 'accepted' | 'rejected'; date: string; reason?: string; file?: string };
}

/** A session a proposal cites. */
export interface SessionRef {
	agent: AgentKind;
	id: string;
	path: string;
}

/** An episode as a proposal records it: symptom → attempts → resolution, each with its line. */
export interface EpisodeRecord {
	/** The session (id) its lines are in, for a proposal that rests on several sessions. */
	session?: string;
	check: string;
	symptom: { line: number; quote: string; file?: string };
	/** What did not help, and the failures after the first. */
	attempts: { line: number; quote: string; file?: string }[];
	/** What resolved it and the passing run, or undefined when the check never passed. */
	resolution?: { steps: { line: number; quote: string; file?: string }[]; passed: { line: number; quote: string; file?: string } };
	rejected?: { line: number; quote: string; file?: string };
	diagnosis?: { line: number; quote: string; file?: string };
	personWords: { line: number; quote: string; file?: string }[];
}

/** The document a proposal holds: SKILL.md, or MEMORY.md for facts. */
export function proposalDocumentName(action: ProposalAction): string {
	return action === 'memory' ? memoryFileName : skillFileName;
}

/**
 * Writes a proposal into a new folder of the staging area and returns the folder. The folder is
 * named with spec name characters only, whatever the name in the record (an update takes its
 * target's name, which a skill from elsewhere may have made `../../x`), so it is always inside the
 * staging folder; it is claimed with an exclusive `mkdir`, so an existing proposal is never
 * overwritten: a second proposal of the same name goes to `<name>-2`.
 */
export function writeProposal(stagingDir: string, record: ProposalRecord, document: string, targetBase?: string, cases: readonly SkillCase[] = []): string {
	fs.mkdirSync(stagingDir, { recursive: true });
	const folder = specNameFrom(record.name);
	for (let attempt = 1; ; attempt++) {
		const dir = path.join(stagingDir, attempt === 1 ? folder : `${folder}-${attempt}`);
		if (!isInside(stagingDir, dir)) {
			throw new Error(`the proposal ${record.name} would be written outside ${stagingDir}; nothing was written`);
		}
		try {
			fs.mkdirSync(dir);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
				continue;
			}
			throw error;
		}
		const files = new Map([
			[path.join(dir, proposalDocumentName(record.action)), document],
			[path.join(dir, proposalFileName), `${JSON.stringify(record, null, '\t')}\n`],
		]);
		if (targetBase !== undefined) {
			files.set(path.join(dir, targetBaseFileName), targetBase);
		}
		if (cases.length > 0) {
			files.set(path.join(dir, casesFolder, casesFileName), casesText(cases));
		}
		writeFilesAtomically(files);
		return dir;
	}
}

function isString(value: unknown): value is string {
	return typeof value === 'string';
}

function isEvidence(value: unknown): value is { line: number; quote: string } {
	const evidence = value as { line?: unknown; quote?: unknown } | null;
	return typeof evidence === 'object' && evidence !== null && typeof evidence.line === 'number' && isString(evidence.quote);
}

function isEpisodeRecord(value: unknown): value is EpisodeRecord {
	const episode = value as Partial<EpisodeRecord> | null;
	return typeof episode === 'object' && episode !== null && isString(episode.check) && isEvidence(episode.symptom)
		&& Array.isArray(episode.attempts) && episode.attempts.every(isEvidence) && Array.isArray(episode.personWords) && episode.personWords.every(isEvidence)
		&& (episode.resolution === undefined || (isEvidence(episode.resolution?.passed) && Array.isArray(episode.resolution.steps) && episode.resolution.steps.every(isEvidence)))
		&& (episode.rejected === undefined || isEvidence(episode.rejected)) && (episode.diagnosis === undefined || isEvidence(episode.diagnosis));
}

/**
 * Reads a proposal.json, checking every field: the file may have been edited by hand or come
 * from another version. Throws an Error saying what is wrong.
 */
export function parseProposalRecord(text: string): ProposalRecord {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`proposal.json is not valid JSON: ${errorMessage(error)}`);
	}
	const record = value as Partial<ProposalRecord> | null;
	const problem = (what: string) => new Error(`proposal.json: ${what}`);
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		throw problem('expected an object');
	}
	if (!['create', 'update', 'memory'].includes(record.action as string)) {
		throw problem('"action" must be create, update or memory');
	}
	if (!isString(record.name) || record.name === '') {
		throw problem('"name" must be a non-empty string');
	}
	if (!(record.target === null || isString(record.target)) || (record.action !== 'create' && !record.target)) {
		throw problem(`"target" must name a file for ${record.action === 'memory' ? 'memory' : 'an update'}`);
	}
	const session = record.session as Partial<ProposalRecord['session']> | undefined;
	if (!session || !(agentKinds as readonly string[]).includes(session.agent as string) || !isString(session.id) || !isString(session.path)) {
		throw problem('"session" must hold agent, id and path');
	}
	const isSession = (value: unknown): value is SessionRef => {
		const candidate = value as Partial<SessionRef> | null;
		return typeof candidate === 'object' && candidate !== null && (agentKinds as readonly string[]).includes(candidate.agent as string) && isString(candidate.id) && isString(candidate.path);
	};
	const kinds: readonly string[] = [...triggerKinds, ...earlierTriggerKinds];
	if (!Array.isArray(record.triggers) || !record.triggers.every(trigger => kinds.includes((trigger as Trigger)?.kind)
		&& isString(trigger.summary) && Array.isArray(trigger.evidence) && trigger.evidence.every(item => typeof item?.line === 'number' && isString(item.quote)))) {
		throw problem('"triggers" must be a list of {kind, summary, evidence: [{line, quote}]}');
	}
	if (!isString(record.created)) {
		throw problem('"created" must be a date');
	}
	const checks = Array.isArray(record.checks) ? record.checks.filter(check => isString(check?.rule) && isFindingRule(check.rule) && isString(check.message)) : [];
	return {
		action: record.action as ProposalAction, name: record.name, target: record.target ?? null,
		session: { agent: session.agent as AgentKind, id: session.id, path: session.path },
		...(Array.isArray(record.sessions) ? { sessions: record.sessions.filter(isSession).map(({ agent, id, path: file }) => ({ agent, id, path: file })) } : {}),
		triggers: record.triggers, created: record.created, reason: isString(record.reason) ? record.reason : '', checks,
		...(isString(record.generalisedBy) ? { generalisedBy: record.generalisedBy } : {}),
		...(Array.isArray(record.episodes) ? { episodes: record.episodes.filter(isEpisodeRecord) } : {}),
		...(Array.isArray(record.noted) ? { noted: record.noted.filter(item => isString(item?.summary) && isString(item.why) && Array.isArray(item.evidence) && item.evidence.every(isEvidence)) } : {}),
		...(Array.isArray(record.lessons) ? { lessons: record.lessons.filter(item => isString(item?.key) && isString(item.section) && isString(item.text)) } : {}),
		...(record.outcome && ['accepted', 'rejected'].includes(record.outcome.kind) ? { outcome: record.outcome } : {}),
	};
}

/** The names of the folders in a staging folder (none when it does not exist yet). */
export function proposalFolders(stagingDir: string): string[] {
	try {
		return fs.readdirSync(stagingDir);
	} catch {
		return [];
	}
}

/** A proposal folder as the Proposals view lists it. */
export interface ProposalEntry {
	dir: string;
	/** The folder's name. */
	name: string;
	/** The proposed SKILL.md or MEMORY.md. */
	document: string;
	record?: ProposalRecord;
	/** Why proposal.json could not be read; a hand-made proposal without one has neither. */
	problem?: string;
}

/** Reads one proposal folder; undefined when it holds no proposal.json, SKILL.md or MEMORY.md. */
export function readProposal(dir: string): ProposalEntry | undefined {
	const has = (file: string) => fs.existsSync(path.join(dir, file));
	if (!has(proposalFileName) && !has(skillFileName) && !has(memoryFileName)) {
		return undefined;
	}
	const entry: ProposalEntry = { dir, name: path.basename(dir), document: path.join(dir, has(memoryFileName) && !has(skillFileName) ? memoryFileName : skillFileName) };
	if (has(proposalFileName)) {
		try {
			entry.record = parseProposalRecord(fs.readFileSync(path.join(dir, proposalFileName), 'utf8'));
			entry.document = path.join(dir, proposalDocumentName(entry.record.action));
		} catch (error) {
			entry.problem = errorMessage(error);
		}
	}
	return entry;
}

/**
 * The proposals in a staging folder: each sub-folder holding a proposal.json, a SKILL.md or a
 * MEMORY.md. Folders starting with `.` (decided proposals) are not pending.
 */
export function listProposals(stagingDir: string): ProposalEntry[] {
	let names: string[];
	try {
		names = fs.readdirSync(stagingDir).filter(name => !name.startsWith('.'));
	} catch {
		return [];
	}
	return names.sort().map(name => readProposal(path.join(stagingDir, name))).filter((entry): entry is ProposalEntry => entry !== undefined);
}

/**
 * The staging folder's ledger: which sessions were distilled, which lessons were proposed and
 * what a person decided about each, so distilling a session again proposes nothing new and a
 * rejected lesson is not proposed again. A small JSON file; a damaged one starts over.
 */
export const ledgerFileName = '.ledger.json';
const maxLedgerLessons = 5000;

export interface LedgerLesson {
	state: 'proposed' | 'accepted' | 'rejected';
	/** The proposal folder's name. */
	proposal: string;
	/** YYYY-MM-DD */
	date: string;
	reason?: string;
}

export interface Ledger {
	sessions: Record<string, { distilled: string; proposals: string[] }>;
	lessons: Record<string, LedgerLesson>;
}

export function readLedger(stagingDir: string): Ledger {
	try {
		const value = JSON.parse(fs.readFileSync(path.join(stagingDir, ledgerFileName), 'utf8')) as Partial<Ledger>;
		const sessions = typeof value.sessions === 'object' && value.sessions !== null ? value.sessions : {};
		const lessons = typeof value.lessons === 'object' && value.lessons !== null ? value.lessons : {};
		return { sessions, lessons };
	} catch {
		return { sessions: {}, lessons: {} };
	}
}

function writeLedger(stagingDir: string, ledger: Ledger): void {
	const keys = Object.keys(ledger.lessons);
	for (const key of keys.slice(0, Math.max(0, keys.length - maxLedgerLessons))) {
		delete ledger.lessons[key];
	}
	fs.mkdirSync(stagingDir, { recursive: true });
	writeFilesAtomically(new Map([[path.join(stagingDir, ledgerFileName), `${JSON.stringify({ version: 1, ...ledger }, null, '\t')}\n`]]));
}

/** Records that a session was distilled into these proposals, holding these lessons. */
export function recordDistilled(stagingDir: string, session: string, date: string, proposals: { folder: string; lessonKeys: readonly string[] }[]): void {
	const ledger = readLedger(stagingDir);
	const earlier = ledger.sessions[session]?.proposals ?? [];
	ledger.sessions[session] = { distilled: date, proposals: [...new Set([...earlier, ...proposals.map(proposal => proposal.folder)])] };
	for (const { folder, lessonKeys } of proposals) {
		for (const key of lessonKeys) {
			ledger.lessons[key] = { state: 'proposed', proposal: folder, date };
		}
	}
	writeLedger(stagingDir, ledger);
}

/** Records a person's decision on a proposal's lessons, or (`proposed`) that they took it back. */
export function recordDecision(stagingDir: string, proposal: string, lessonKeys: readonly string[], decision: Omit<LedgerLesson, 'proposal'>): void {
	if (lessonKeys.length === 0) {
		return;
	}
	const ledger = readLedger(stagingDir);
	for (const key of lessonKeys) {
		ledger.lessons[key] = { proposal, ...decision };
	}
	writeLedger(stagingDir, ledger);
}
