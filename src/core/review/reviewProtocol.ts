/**
 * The review panel's message protocol, shared by the extension (host) and the webview (client,
 * `media/src/review.ts`). Everything the webview sends is untrusted input: `parseClientMessage`
 * validates it against this protocol before the host acts on it, and the client never sends a
 * path — only the folder id of a proposal the host listed and indexes into what it showed.
 */

import type { CheckRecord } from '../check/findings';
import type { ProposalAction } from '../distil/classify';
import type { Evidence, Trigger } from '../distil/lessons';

export const reviewSteps = ['evidence', 'draft', 'checks', 'decide'] as const;
export type ReviewStep = typeof reviewSteps[number];

/** A line of evidence as the panel shows it: where it is, in words, instead of the file it is in. */
export interface ReviewEvidence extends Omit<Evidence, 'file'> {
	/** Where the line is, for people: "line 12" or "agent-a1.jsonl:40". */
	where: string;
}

export interface ReviewTrigger extends Omit<Trigger, 'evidence'> {
	evidence: ReviewEvidence[];
	/** The session its lines are in, for a proposal that rests on several ("Claude Code session dc7e9081"). */
	sessionLabel?: string;
	/** Every line of its evidence is in an episode shown, so the panel shows the episode instead. */
	inEpisode: boolean;
}

/** What a line of an episode is to the story: symptom → what did not help → what resolved it, and who said what. */
export const episodeRoles = ['symptom', 'attempt', 'rejected', 'diagnosis', 'resolution', 'passed', 'person'] as const;
export type EpisodeRole = typeof episodeRoles[number];

export interface ReviewEpisodeLine extends ReviewEvidence {
	role: EpisodeRole;
}

/** One stretch of the session about one failing check, its lines in the order the story is told. */
export interface ReviewEpisode {
	/** What kept failing: `npm test`, a tool. */
	check: string;
	/** Whether the same check passed in the end. */
	resolved: boolean;
	lines: ReviewEpisodeLine[];
	/** The session it happened in, for a proposal that rests on several ("Claude Code session dc7e9081"). */
	sessionLabel?: string;
}

/** Something the session held that writes nothing, and why. */
export interface ReviewNoted {
	summary: string;
	why: string;
	evidence: ReviewEvidence[];
}

export interface DiffLine {
	kind: 'context' | 'add' | 'remove';
	oldLine?: number;
	newLine?: number;
	text: string;
}

export interface DiffHunk {
	header: string;
	lines: DiffLine[];
}

/** One proposal as the panel shows it; every string is text for `textContent`, except `draft.html`. */
export interface ReviewProposal {
	/** The proposal folder: the id the client sends back. */
	id: string;
	name: string;
	action: ProposalAction;
	/** For an update: the skill it changes; for memory: the file. */
	targetLabel?: string;
	source: { agent: string; session: string; created: string; transcript: string; /** How many sessions the proposal rests on. */ sessions: number };
	/** For an update: how agents used the skill ("used 12× · 3 days ago · …"), and that old sessions are deleted. */
	usage?: { summary: string; note: string };
	reason: string;
	triggers: ReviewTrigger[];
	/** The episodes the lessons come from; empty for a proposal that records none (an older one, or one made by hand). */
	episodes: ReviewEpisode[];
	/** Seen and left out, and why. */
	noted: ReviewNoted[];
	/** A new skill or memory entry: its frontmatter and its body rendered by markdown-it with raw HTML disabled. */
	draft?: { frontmatter: [string, string][]; html: string };
	/** An update: what merging changes in the skill, as it is now. */
	diff?: { hunks: DiffHunk[]; added: number; removed: number; changedSinceProposed: boolean };
	/** Why the update cannot be merged as it stands, if it cannot. */
	conflict?: string;
	checks: CheckRecord[];
	/** The apprentice cases written beside the proposal (`evals/cases.json`): what a fresh agent will be asked, and how it is graded. */
	cases: { id: string; task: string; check?: string; expect?: string; workspace?: string; note?: string }[];
	/** What is wrong in the cases file, if anything. */
	casesProblems: string[];
	/** Library folders a new skill can be accepted into, by index. */
	roots: { label: string; path: string }[];
	problem?: string;
}

export interface ReviewState {
	proposals: { id: string; name: string; action: ProposalAction }[];
	current?: ReviewProposal;
	/** Drafts in the library, which the panel can promote. */
	drafts: { id: string; name: string; root: string }[];
	/** An untrusted workspace: the panel shows everything and changes nothing. */
	readOnly: boolean;
}

/** Host → client. */
export type HostMessage =
	| { type: 'state'; state: ReviewState }
	/** What a decision did (or why nothing was done); `undoable` when the host can take it back. */
	| { type: 'result'; ok: boolean; message: string; undoable?: boolean };

/** The lists of evidence the Evidence step shows, which `openTranscript` indexes into. */
export const evidenceLists = ['triggers', 'episodes', 'noted'] as const;
export type EvidenceList = typeof evidenceLists[number];

/** Client → host. */
export type ClientMessage =
	| { type: 'ready' }
	| { type: 'select'; id: string }
	/**
	 * `item` is a trigger, an episode or a noted entry as the panel listed them; `evidence` one of its
	 * lines (an episode's `lines`). `raw` opens the transcript file itself instead of the rendered view.
	 */
	| { type: 'openTranscript'; id: string; list: EvidenceList; item: number; evidence: number; raw: boolean }
	| { type: 'editDraft'; id: string }
	/** Opens the proposal's evals/cases.json (created from a template when it has none). */
	| { type: 'editCases'; id: string }
	| { type: 'openTarget'; id: string }
	| { type: 'accept'; id: string; root: number }
	| { type: 'merge'; id: string }
	| { type: 'reject'; id: string; reason: string }
	| { type: 'later'; id: string }
	| { type: 'promote'; draft: string }
	/** Takes back the decision the last result reported as undoable. */
	| { type: 'undo' };

export const maxReasonLength = 500;

function isIndex(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 10_000;
}

/**
 * The message, if it is one the protocol allows with ids the host listed; otherwise undefined.
 * `ids` are the proposal folders and `drafts` the draft files the host last sent.
 */
export function parseClientMessage(value: unknown, ids: ReadonlySet<string>, drafts: ReadonlySet<string>): ClientMessage | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return undefined;
	}
	const message = value as Record<string, unknown>;
	const id = typeof message.id === 'string' && ids.has(message.id) ? message.id : undefined;
	switch (message.type) {
		case 'ready':
		case 'undo':
			return { type: message.type };
		case 'select':
		case 'editDraft':
		case 'editCases':
		case 'openTarget':
		case 'merge':
		case 'later':
			return id ? { type: message.type, id } : undefined;
		case 'openTranscript': {
			const list = evidenceLists.find(name => name === message.list);
			const raw = message.raw === undefined ? false : message.raw;
			return id && list && isIndex(message.item) && isIndex(message.evidence) && typeof raw === 'boolean' ? { type: 'openTranscript', id, list, item: message.item, evidence: message.evidence, raw } : undefined;
		}
		case 'accept':
			return id && isIndex(message.root) ? { type: 'accept', id, root: message.root } : undefined;
		case 'reject': {
			const reason = typeof message.reason === 'string' ? message.reason.trim() : '';
			return id && reason !== '' && reason.length <= maxReasonLength ? { type: 'reject', id, reason } : undefined;
		}
		case 'promote':
			return typeof message.draft === 'string' && drafts.has(message.draft) ? { type: 'promote', draft: message.draft } : undefined;
		default:
			return undefined;
	}
}
