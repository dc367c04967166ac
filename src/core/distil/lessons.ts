/**
 * What distillation finds in a session and draws from it: triggers (the moments worth a lesson,
 * each with its evidence) and lessons (Markdown bullets for a skill's sections).
 */

/** Why a session is worth distilling. The ids are part of the CLI's JSON output. */
export const triggerKinds = ['user-correction', 'rejection', 'interrupt', 'repeated-error', 'workaround', 'skill-written'] as const;
export type TriggerKind = typeof triggerKinds[number];

/** A transcript line that shows a trigger: where it is and what it says (redacted, at most 200 characters). */
export interface Evidence {
	line: number;
	quote: string;
	/** Set when the line is in a subagent's transcript rather than the session's main file. */
	file?: string;
}

export interface Trigger {
	kind: TriggerKind;
	summary: string;
	evidence: Evidence[];
}

/** The sections of a skill that distilled lessons are filed under. */
export const lessonSections = ['Key Rules', 'Failure Modes', 'Key Workflows', 'Gotchas'] as const;
export type LessonSection = typeof lessonSections[number];

/** What a trigger teaches, as one Markdown bullet for a skill section. */
export interface Lesson {
	section: LessonSection;
	text: string;
	trigger: TriggerKind;
	/** A fact about this one project (a path, a port, "this repo uses…"): memory rather than a skill. */
	projectFact?: boolean;
}

/** What the detector learnt from a session. */
export interface SessionFindings {
	triggers: Trigger[];
	lessons: Lesson[];
	/** The person's first message (redacted). */
	firstPrompt?: string;
	/** The person's messages, redacted, the first few hundred characters of each (at most 50). */
	prompts: string[];
	/** Skills the agent loaded: skill names and SKILL.md paths. */
	skillsUsed: string[];
	/** SKILL.md files the session wrote. */
	skillsWritten: string[];
	/** Files the session edited, most edited first. */
	filesEdited: string[];
	/** Error lines of failed tool calls, redacted (at most 50). */
	errors: string[];
	/** The programs of failed shell commands, most failures first. */
	failingPrograms: string[];
	counts: { events: number; userMessages: number; toolCalls: number; errors: number };
}
