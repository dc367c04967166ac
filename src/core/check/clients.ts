/**
 * What each client does with a skill, in one table: the facts of `clients-2026.md`, each with the
 * client version (or the date it was read) it holds from. The profiles, `unknown-field`,
 * `misspelt-field`, `reserved-name`, `nested-skill` and `buried-rule` read their facts here, so a
 * client's next release changes one row.
 */

export const clientIds = ['claude-code', 'codex', 'vscode-copilot'] as const;
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
