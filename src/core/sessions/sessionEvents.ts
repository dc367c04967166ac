/** The agents whose transcripts are read. Adding one is one adapter file (see `adapters.ts`). */
export const agentKinds = ['claude-code', 'codex', 'copilot-chat', 'copilot-cli'] as const;
export type AgentKind = typeof agentKinds[number];

export const agentLabels: Record<AgentKind, string> = {
	'claude-code': 'Claude Code',
	'codex': 'Codex',
	'copilot-chat': 'Copilot Chat',
	'copilot-cli': 'Copilot CLI',
};

/**
 * What a tool call did, in words common to every agent: `shell` runs a command, `edit` writes
 * files, `read` and `search` look, `plan` updates a to-do list, `agent` delegates to a subagent,
 * `skill` loads a skill.
 */
export type ToolCategory = 'shell' | 'edit' | 'read' | 'search' | 'plan' | 'agent' | 'skill' | 'other';

export interface ToolCall {
	/** The call id that links a call to its result, when the agent records one. */
	id?: string;
	name: string;
	category: ToolCategory;
	/** The command line of a shell call (wrappers such as `bash -lc` removed). */
	command?: string;
	/** Files the call reads or writes, as the agent wrote them. */
	paths?: string[];
	/** The skill a `skill` call loads. */
	skill?: string;
	/**
	 * The background command a call reads from: the task id of Claude Code's `TaskOutput` and
	 * `BashOutput`, the session id of Codex's `write_stdin`.
	 */
	polls?: string;
}

export interface ToolResult {
	id?: string;
	/** The tool's name, when the result record says it (most link by id only). */
	name?: string;
	isError: boolean;
	exitCode?: number;
	/** The start of the output (errors first), kept short: events never hold a whole tool output. */
	output?: string;
	/**
	 * Why an error says nothing about the work, when the harness says so: `cancelled` for a call
	 * that never ran (a sibling in its parallel batch failed, the person refused or stopped the
	 * turn), `tool-misuse` for a call the harness refused for how it was made (an edit before a
	 * read, an ambiguous replacement, a file over the read limit). `isError` stays as recorded.
	 */
	noise?: 'cancelled' | 'tool-misuse';
}

interface EventBase {
	/** 1-based line of the record in its file (for a one-line JSON file, 1). */
	line: number;
	/** The file the record is in, when it is not the session's main file (a subagent transcript). */
	file?: string;
	timestamp?: string;
	/** The subagent that produced the event; undefined for the main conversation. */
	sidechain?: string;
}

/**
 * One normalised event of a session. Adapters map every agent's records onto these kinds and
 * drop what distillation does not read (token counts, snapshots, UI bookkeeping).
 */
export type SessionEvent = EventBase & (
	/** A message a person typed; `injected` marks text the harness put in the user's place. */
	| { kind: 'user'; text: string; injected?: boolean }
	| { kind: 'assistant'; text: string }
	| { kind: 'tool-call'; tool: ToolCall }
	| { kind: 'tool-result'; result: ToolResult }
	/** The person refused a tool call; `feedback` is what they said instead, if anything. */
	| { kind: 'rejection'; toolId?: string; feedback?: string }
	/** The person stopped the agent mid-turn. */
	| { kind: 'interrupt' }
	/** The person marked an answer as unhelpful (Copilot Chat's thumbs down). */
	| { kind: 'downvote'; reason?: string }
	/** The context was compacted; the conversation goes on from a summary. */
	| { kind: 'compaction' }
);

/** Something about a transcript a person should know: a torn line, a record that did not parse. */
export interface TranscriptProblem {
	file: string;
	line?: number;
	message: string;
}

/** A session found on disk, as the session list shows it. */
export interface SessionInfo {
	agent: AgentKind;
	id: string;
	/** The transcript's main file. */
	path: string;
	/** The folder the agent ran in, as the transcript records it. */
	cwd?: string;
	/** The first thing the person asked, for the picker. */
	firstPrompt?: string;
	/** Last modification, milliseconds since the epoch. */
	modified: number;
	/** Bytes on disk, subagent transcripts included. */
	size: number;
}

/** Where the agents keep their data; each defaults to its agent's own rule (environment variables included). */
export interface AgentHomes {
	/** `~/.claude` or `$CLAUDE_CONFIG_DIR`. */
	claude?: string;
	/** `~/.codex` or `$CODEX_HOME`. */
	codex?: string;
	/** `~/.copilot` or `$COPILOT_HOME`. */
	copilot?: string;
	/**
	 * VS Code's per-workspace storage folders (`…/workspaceStorage/<id>`) that may hold Copilot
	 * Chat sessions; the extension knows its own, the CLI searches the usual user-data folders.
	 */
	vscodeWorkspaceStorage?: string[];
}

/** A session's normalised events with what could not be read. */
/** The repository state a session started from: Codex and Copilot CLI record the commit, Claude Code only the branch. */
export interface SessionStart {
	commit?: string;
	/** Empty or `HEAD` (detached) is left out. */
	branch?: string;
	/** ISO 8601, the first record's time. */
	time?: string;
}

export interface SessionReader {
	agent: AgentKind;
	/** The session id, known once the first records are read (the file name before that). */
	readonly id: string;
	/** The folder the agent worked in, once a record has said it. */
	readonly cwd?: string;
	/** Where the project's repository stood when the session started, as far as the transcript records it. */
	readonly start?: SessionStart;
	events(): AsyncIterable<SessionEvent>;
	readonly problems: TranscriptProblem[];
}
