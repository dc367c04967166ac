/**
 * What each client does with a skill, in one table: the facts of `clients-2026.md`, each with the
 * client version (or the date it was read) it holds from. The profiles, `unknown-field`,
 * `misspelt-field`, `reserved-name`, `nested-skill`, `buried-rule` and `listing-budget` read their
 * facts here, so a client's next release changes one row.
 */

export const clientIds = ['claude-code', 'codex', 'vscode-copilot', 'copilot-cli'] as const;
export type ClientId = typeof clientIds[number];

/** The fields the Agent Skills spec allows at the top level. */
export const specFields = ['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools'] as const;

export interface ClientFacts {
	label: string;
	/** The client version, or the date the facts were read, they hold from. */
	since: string;
	/** Top-level frontmatter keys the client reads, beyond the spec's. */
	fields: readonly string[];
	/** Which of those it reads as true or false. */
	booleanFields: readonly string[];
	/** Whether it also reads yes/no, on/off and 1/0 as booleans (YAML itself reads only true and false). */
	lenientBooleans: boolean;
	/** Whether a skill without `name` fails to load (otherwise the folder name stands in). */
	requiresName: boolean;
	/** Whether a skill without `description` fails to load (otherwise the first body line stands in). */
	requiresDescription: boolean;
	/** Names the client keeps for itself. */
	reservedNames?: RegExp;
	/** What the client does with a SKILL.md inside another skill's folder. */
	nestedSkills: string;
	/** How much of a long body the client keeps or reads: rules after it may be lost. */
	bodyKept?: { tokens?: number; lines?: number; when: string };
	/**
	 * How the client lists skills to the model, oldest rules first; each holds from its `since`
	 * version until the next. None when the client documents no listing budget.
	 */
	listing?: readonly ListingFacts[];
}

/** What a client does when the skills it lists do not fit its budget. */
export type ListingOverflow =
	/** Every name stays; the least-used skills lose their descriptions first. */
	| 'drop-descriptions'
	/** Descriptions are shortened first, then whole skills are left out, in listing order. */
	| 'truncate-then-omit'
	/** The listing, in name order, is cut where the budget ends: the skills past the cut are not listed. */
	| 'cut';

/** How one client version builds the listing of skills the model chooses from. */
export interface ListingFacts {
	/** The first client version these rules hold for; undefined when they were read without one (the date is in `source`). */
	since?: string;
	/** Where the facts come from, quoted in findings and the listing view. */
	source: string;
	/** The share of the context window the listing gets, when the window is known. */
	contextShare?: number;
	/** Characters in a token, to turn a share of the window into characters. */
	charsPerToken: number;
	/** The budget when the context window is unknown (or when the client has a fixed one), in characters. */
	defaultChars: number;
	/** Longest listed text of one skill (its description, and `when_to_use` when read), in characters. */
	entryMax?: number;
	/** Whether `when_to_use` is listed after the description. */
	listsWhenToUse: boolean;
	/** Whether skills with `disable-model-invocation: true` are left out of the listing. */
	skipsModelDisabled: boolean;
	/** Whether a skill without a description, or with one over 1,024 characters, fails to load (so it is not listed). */
	skipsInvalid: boolean;
	overflow: ListingOverflow;
	/** Project skills before personal ones (then by name), or by name alone. */
	order: 'scope-then-name' | 'name';
	/** Whether the path of SKILL.md is part of each listed line (and so of its cost). */
	listsPath: boolean;
}

export const clients: Record<ClientId, ClientFacts> = {
	'claude-code': {
		label: 'Claude Code',
		since: '2.1.218 (read 2026-11-30)',
		fields: ['when_to_use', 'argument-hint', 'arguments', 'disable-model-invocation', 'user-invocable', 'disallowed-tools', 'model', 'effort', 'context', 'agent', 'background', 'hooks', 'paths', 'shell'],
		booleanFields: ['disable-model-invocation', 'user-invocable', 'background'],
		lenientBooleans: true,
		requiresName: false,
		requiresDescription: false,
		reservedNames: /^(?:synced|anthropic-skills.*)$/,
		nestedSkills: 'Claude Code loads only the direct children of a skills folder, so to it this is a file of the outer skill',
		bodyKept: { tokens: 5000, when: 'after compaction Claude Code keeps the first 5,000 tokens of a skill' },
		listing: [
			// Before 2.1.32 and from 2.1.32: a public ADR quoting Claude Code's documentation and its
			// 2.1.32 release notes ("Skill character budget now scales with context window (2% of
			// context)", "a fallback of 16,000 characters"; 15,000 characters fixed before).
			{
				since: '0', source: 'Claude Code before 2.1.32: a fixed 15,000-character skill listing',
				charsPerToken: 4, defaultChars: 15_000, listsWhenToUse: true, skipsModelDisabled: true, skipsInvalid: false,
				overflow: 'drop-descriptions', order: 'name', listsPath: false,
			},
			{
				since: '2.1.32', source: 'Claude Code 2.1.32 release notes: the listing scales at 2% of the context window, 16,000 characters when unknown',
				contextShare: 0.02, charsPerToken: 4, defaultChars: 16_000, listsWhenToUse: true, skipsModelDisabled: true, skipsInvalid: false,
				overflow: 'drop-descriptions', order: 'name', listsPath: false,
			},
			// clients-2026.md: "each entry (`description` + `when_to_use`) is cut at 1,536 characters
			// (`skillListingMaxDescChars`); the whole listing gets 1 % of the context window
			// (`skillListingBudgetFraction`; 8,000 characters when unknown, about 8,000 at 200k tokens).
			// On overflow names stay and the least-used skills lose their descriptions first. Skills with
			// `disable-model-invocation: true` are not listed at all." Read at 2.1.218, which it is keyed to.
			{
				since: '2.1.218', source: 'Claude Code 2.1.218 (read 2026-11-30): 1% of the context window (8,000 characters when unknown), each entry cut at 1,536',
				contextShare: 0.01, charsPerToken: 4, defaultChars: 8_000, entryMax: 1_536, listsWhenToUse: true, skipsModelDisabled: true, skipsInvalid: false,
				overflow: 'drop-descriptions', order: 'name', listsPath: false,
			},
		],
	},
	'codex': {
		label: 'Codex',
		since: 'codex-rs core-skills (read 2026-11-30)',
		fields: [],
		booleanFields: [],
		lenientBooleans: false,
		requiresName: true,
		requiresDescription: true,
		nestedSkills: 'Codex walks a root 6 folders deep and loads it as a skill of its own',
		bodyKept: { lines: 220, when: 'Codex\'s model was seen to read about the first 220 lines of a SKILL.md' },
		listing: [
			// clients-2026.md: "Budget for skill metadata: 2 % of the context window (about 4 bytes a
			// token), or 8,000 characters when the window is unknown; descriptions are truncated first,
			// then whole skills omitted, with a warning to the user." and "A `name` over 64 characters or a
			// `description` over 1,024 is a parse error: the skill is not loaded." Codex's own renderer
			// (codex-rs core-skills, render.rs) lists `- name: description (file: path)`, repository
			// skills before personal ones, then by name.
			{
				source: 'Codex core-skills (read 2026-11-30): 2% of the context window (8,000 characters when unknown); descriptions truncated, then skills omitted',
				contextShare: 0.02, charsPerToken: 4, defaultChars: 8_000, listsWhenToUse: false, skipsModelDisabled: false, skipsInvalid: true,
				overflow: 'truncate-then-omit', order: 'scope-then-name', listsPath: true,
			},
		],
	},
	'vscode-copilot': {
		label: 'VS Code Copilot',
		since: 'VS Code 1.100 (read 2026-11-30)',
		fields: ['argument-hint', 'user-invocable', 'disable-model-invocation', 'context'],
		booleanFields: ['user-invocable', 'disable-model-invocation'],
		lenientBooleans: false,
		requiresName: true,
		requiresDescription: true,
		nestedSkills: 'VS Code reads the skill folders it is given; whether it loads a nested one varies by agent',
	},
	'copilot-cli': {
		label: 'Copilot CLI',
		since: 'read 2026-11-30',
		fields: [],
		booleanFields: [],
		lenientBooleans: false,
		requiresName: true,
		requiresDescription: true,
		nestedSkills: 'Copilot CLI does not document whether it loads a skill nested in another',
		listing: [
			// clients-2026.md: "Copilot CLI: about 15,000 characters for the listing, cut alphabetically
			// (marked by an HTML comment)".
			{
				source: 'Copilot CLI (read 2026-11-30): about 15,000 characters, cut alphabetically',
				charsPerToken: 4, defaultChars: 15_000, listsWhenToUse: false, skipsModelDisabled: false, skipsInvalid: false,
				overflow: 'cut', order: 'name', listsPath: false,
			},
		],
	},
};

/** Every key some client reads, spec fields included. */
export function fieldsOf(targets: readonly ClientId[]): Set<string> {
	return new Set([...specFields, ...targets.flatMap(target => clients[target].fields)]);
}

/** A key as people vary it: `user_invocable`, `User-Invocable` and `user-invocable` are one. */
function keyShape(key: string): string {
	return key.toLowerCase().replace(/[_\s-]+/g, '-');
}

/** Whether two words are one edit apart (a letter added, dropped or changed). */
function oneEditApart(a: string, b: string): boolean {
	if (Math.abs(a.length - b.length) > 1 || a === b) {
		return false;
	}
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) {
		i++;
	}
	return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
}

/**
 * The key a near miss was meant to be: the same words with other separators or case
 * (`disable_model_invocation`), or one letter off in a long key (`descripton`). Undefined when the
 * key is no near miss of a key some client reads.
 */
export function intendedKey(key: string): string | undefined {
	const shape = keyShape(key);
	const known = [...fieldsOf(clientIds)];
	return known.find(candidate => candidate !== key && keyShape(candidate) === shape)
		?? (shape.length >= 6 ? known.find(candidate => oneEditApart(keyShape(candidate), shape)) : undefined);
}
