/**
 * What distillation finds in a session and draws from it. A session is read into **moments**
 * (what the person said or did to the agent: a correction, a rule, a refusal, an interrupt) and
 * **episodes** (one stretch of work on one failing check: its symptom, what did not help, what
 * resolved it). The gate turns some of them into **lessons**; the rest are **noted**, and write
 * nothing.
 */

/** The events a session is scored on. The ids are part of the CLI's JSON output and of proposal.json. */
export const triggerKinds = ['user-correction', 'user-rule', 'rejection', 'interrupt', 'resolved-failure', 'skill-written'] as const;
export type TriggerKind = typeof triggerKinds[number];

/** Kinds that proposals written by earlier versions record; they are still read. */
export const earlierTriggerKinds = ['repeated-error', 'workaround'] as const;
export type RecordedTriggerKind = TriggerKind | typeof earlierTriggerKinds[number];

/** A transcript line that shows something: where it is and what it says (redacted, at most 200 characters). */
export interface Evidence {
	line: number;
	quote: string;
	/** Set when the line is in a subagent's transcript rather than the session's main file. */
	file?: string;
}

export interface Trigger {
	kind: RecordedTriggerKind;
	summary: string;
	evidence: Evidence[];
	/** The session (id) its lines are in, for a proposal that rests on several sessions. */
	session?: string;
}

/** One thing the agent did while a check kept failing: a command or an edit, and what came of it. */
export interface EpisodeStep {
	kind: 'command' | 'edit';
	/** The command as run (redacted), or the file edited as the project names it. */
	text: string;
	/** The error it ended with, or undefined when it ran without one. */
	error?: string;
	evidence: Evidence;
}

/** One failure of the episode's check, with what the agent did after it before the check ran again. */
export interface EpisodeFailure {
	/** The most specific line of the failure: the message that names the cause, not a banner. */
	symptom: Evidence;
	/** The symptom with what varies between runs (paths, numbers, hashes) taken out. */
	signature: string;
	/** The command or call that failed, as run (redacted). */
	command?: string;
	/** What the agent did between this failure and the next run of the check. */
	after: EpisodeStep[];
}

/**
 * One stretch of a session about one problem: the same check (command, test, build) failing,
 * what was tried, and — when the same check later passed — what resolved it.
 */
export interface Episode {
	/** What kept failing, as a person names it: the program and sub-command (`npm test`), or the tool. */
	check: string;
	failures: EpisodeFailure[];
	/** The steps after the last failure and the run of the same check that passed; undefined when it never passed. */
	resolution?: { steps: EpisodeStep[]; passed: Evidence; command?: string };
	/** A way past the failure that the person rejected as soon as they saw it ("don't pass the path every time"). */
	rejected?: { step: EpisodeStep; words: string; evidence: Evidence };
	/** A flag that forced the check past a safeguard (`--force`): the failure is resolved, but that is no lesson. */
	forcedWith?: string;
	/** The agent's own explanation, when it stated one ("The issue is…", "because…"). */
	diagnosis?: Evidence;
	/** What the person said while the episode was open, verbatim. */
	personWords: Evidence[];
}

/** What the person said or did to the agent. */
export interface Moment {
	kind: 'user-correction' | 'user-rule' | 'rejection' | 'interrupt';
	evidence: Evidence[];
	/** The person's words, whole (redacted; a long message is cut at a sentence end). */
	words?: string;
	/** The rule the words state ("never commit without signing"), when they state one. */
	rule?: string;
	/** What the agent had just done or said, as a person names it. */
	about?: string;
	/** The refused call's command, for a rejection. */
	refused?: string;
	/** The agent's next action that succeeded after the person spoke: the correction was acted on. */
	actedOn?: Evidence;
	/** The correction rejected an episode's way past a failure: its lesson is that episode's. */
	inEpisode?: boolean;
}

/** Something seen and judged not worth a lesson, and why; shown so a person can disagree. */
export interface Noted {
	summary: string;
	why: string;
	evidence: Evidence[];
}

/** The sections of a skill that distilled lessons are filed under. */
export const lessonSections = ['Key Rules', 'Failure Modes', 'Key Workflows', 'Gotchas'] as const;
export type LessonSection = typeof lessonSections[number];

/** One lesson: a Markdown bullet for a skill section (or a line of the project's memory), and what it rests on. */
export interface Lesson {
	/** What makes it the same lesson when the session is distilled again: the check and its error, the rule's words. */
	key: string;
	section: LessonSection;
	text: string;
	trigger: TriggerKind;
	/** The transcript lines it rests on. */
	evidence: Evidence[];
	/** A fact about this one project (a path, a repository, "this repo's hook…"): memory rather than a skill. */
	projectFact?: boolean;
	/** Programs, error identifiers and file names the lesson is about, for naming and placing it. */
	terms: string[];
	/** A command the person refused or forbade: an existing line that teaches it is corrected. */
	forbids?: string;
}

/** What reading a session found. */
export interface SessionFindings {
	triggers: Trigger[];
	episodes: Episode[];
	moments: Moment[];
	noted: Noted[];
	/** The person's first message (redacted). */
	firstPrompt?: string;
	/** Skills the agent loaded or read: skill names and SKILL.md paths. */
	skillsUsed: string[];
	/** SKILL.md files (or files inside skill folders) the session wrote. */
	skillsWritten: string[];
	counts: { events: number; userMessages: number; toolCalls: number; errors: number };
}
