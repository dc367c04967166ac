import * as path from 'node:path';

/** The agents whose skill folders are known. */
export type ClientId = 'claude-code' | 'codex' | 'vscode-copilot' | 'copilot-cli' | 'cursor' | 'opencode';

/** A folder skills are loaded from. */
export interface SkillRoot {
	/** Absolute path. */
	path: string;
	/** How people call it: `.claude/skills`, `~/.codex/skills`, or the folder as given. */
	label: string;
	scope: 'project' | 'user' | 'folder';
	/** The clients that load it; undefined when unknown, in which case it is assumed to be loaded with everything. */
	clients?: readonly ClientId[];
}

export interface StandardRoot {
	relative: string;
	scope: 'project' | 'user';
	clients: readonly ClientId[];
}

/**
 * The folders agents load skills from (Agent Skills client guide, VS Code's defaults, Copilot's
 * and Codex's documentation, `clients-2026.md`). Project roots are relative to a workspace folder,
 * user roots to the home folder. From `clients-2026.md`: Claude Code "does **not** read
 * `.agents/skills`"; Copilot CLI "reads `~/.copilot/skills`, `~/.claude/skills`, `.github/skills`,
 * `.claude/skills`, `.agents/skills`". Cursor is said to read "also `.agents/skills` and the Claude
 * and Codex folders"; it is kept to its own folders here, since counting it would make every
 * `.cursor/skills` copy of a Claude Code skill a duplicate name.
 */
export const standardRoots: readonly StandardRoot[] = [
	{ relative: '.claude/skills', scope: 'project', clients: ['claude-code', 'vscode-copilot', 'copilot-cli'] },
	{ relative: '.github/skills', scope: 'project', clients: ['vscode-copilot', 'copilot-cli'] },
	{ relative: '.agents/skills', scope: 'project', clients: ['codex', 'vscode-copilot', 'copilot-cli'] },
	{ relative: '.codex/skills', scope: 'project', clients: ['codex'] },
	{ relative: '.cursor/skills', scope: 'project', clients: ['cursor'] },
	{ relative: '.opencode/skills', scope: 'project', clients: ['opencode'] },
	{ relative: 'skills', scope: 'project', clients: ['claude-code', 'codex', 'vscode-copilot', 'copilot-cli', 'cursor', 'opencode'] },
	{ relative: '.claude/skills', scope: 'user', clients: ['claude-code', 'vscode-copilot', 'copilot-cli'] },
	{ relative: '.copilot/skills', scope: 'user', clients: ['vscode-copilot', 'copilot-cli'] },
	{ relative: '.agents/skills', scope: 'user', clients: ['codex', 'vscode-copilot', 'copilot-cli'] },
	{ relative: '.codex/skills', scope: 'user', clients: ['codex'] },
];

/** The standard roots of a workspace folder and a home folder, as absolute roots. */
export function standardRootsFor(workspaceFolders: readonly string[], home: string | undefined, selected?: (root: StandardRoot) => boolean): SkillRoot[] {
	const roots: SkillRoot[] = [];
	for (const root of standardRoots) {
		if (selected && !selected(root)) {
			continue;
		}
		if (root.scope === 'project') {
			for (const folder of workspaceFolders) {
				roots.push({ path: path.join(folder, root.relative), label: root.relative, scope: 'project', clients: root.clients });
			}
		} else if (home) {
			roots.push({ path: path.join(home, root.relative), label: `~/${root.relative}`, scope: 'user', clients: root.clients });
		}
	}
	return roots;
}

/**
 * The root a skill folder belongs to when it was found by searching an arbitrary folder: the
 * standard root its parent is, if any, otherwise the searched folder itself.
 */
export function rootOfSkillDir(skillDir: string, searched: SkillRoot, home: string | undefined): SkillRoot {
	const parent = path.dirname(skillDir);
	const normalized = parent.split(path.sep).join('/');
	// The longest suffix decides: `~/.claude/skills` also ends in `/skills`.
	for (const root of [...standardRoots].sort((a, b) => b.relative.length - a.relative.length)) {
		if (!normalized.endsWith('/' + root.relative)) {
			continue;
		}
		const base = parent.slice(0, parent.length - root.relative.length - 1);
		const isHome = home !== undefined && path.resolve(base) === path.resolve(home);
		if (isHome === (root.scope === 'user')) {
			return { path: parent, label: isHome ? `~/${root.relative}` : root.relative, scope: root.scope, clients: root.clients };
		}
	}
	return searched;
}

/** Whether two roots are loaded together by at least one client. */
export function loadedTogether(a: SkillRoot, b: SkillRoot): boolean {
	if (!a.clients || !b.clients) {
		return true;
	}
	return a.clients.some(client => b.clients!.includes(client));
}

/** How people call each client. */
const clientNames: Record<ClientId, string> = {
	'claude-code': 'Claude Code', 'codex': 'Codex', 'vscode-copilot': 'VS Code', 'copilot-cli': 'Copilot CLI', 'cursor': 'Cursor', 'opencode': 'OpenCode',
};

/** Which clients load a root's skills, in words: "Seen by Claude Code, VS Code"; every client when the root's clients are not known. */
export function seenBy(root: SkillRoot, alsoFrom: readonly SkillRoot[] = []): string {
	if (!root.clients || alsoFrom.some(other => !other.clients)) {
		return 'Seen by every client that is pointed at this folder';
	}
	const clients = new Set([...root.clients, ...alsoFrom.flatMap(other => other.clients ?? [])]);
	return `Seen by ${[...clients].map(client => clientNames[client]).join(', ')}`;
}

/** Where a root's skills are loaded from, in words: "project · Claude Code, VS Code". */
export function describeRoot(root: SkillRoot): string {
	const scope = root.scope === 'user' ? 'user' : root.scope === 'project' ? 'project' : 'folder';
	return root.clients ? `${scope} · ${root.clients.map(client => clientNames[client]).join(', ')}` : scope;
}
