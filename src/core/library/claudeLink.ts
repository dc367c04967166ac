import * as fs from 'node:fs';
import * as path from 'node:path';

/** A symbolic link that makes a skill of `.agents/skills` visible to Claude Code. */
export interface ClaudeCodeLink {
	/** `<folder>/.claude/skills/<skill folder>`, beside the `.agents` folder the skill is in. */
	link: string;
	/** What the link holds: the skill folder, relative to the link's folder, so the link survives moving the project. */
	target: string;
}

/**
 * Where the link to a skill in `<base>/.agents/skills/<name>` goes: `<base>/.claude/skills/<name>`,
 * pointing at `../../.agents/skills/<name>`. Undefined for a skill that is not directly in an
 * `.agents/skills` folder.
 */
export function claudeCodeLinkFor(skillDir: string): ClaudeCodeLink | undefined {
	const agentsSkills = path.dirname(skillDir);
	if (path.basename(agentsSkills) !== 'skills' || path.basename(path.dirname(agentsSkills)) !== '.agents') {
		return undefined;
	}
	const base = path.dirname(path.dirname(agentsSkills));
	const link = path.join(base, '.claude', 'skills', path.basename(skillDir));
	return { link, target: path.relative(path.dirname(link), skillDir) };
}

/**
 * Creates the link, refusing (with the reason) when anything — a file, a folder, another link —
 * is already at its place. Returns undefined when it was made.
 */
export function createClaudeCodeLink({ link, target }: ClaudeCodeLink): string | undefined {
	let existing: fs.Stats | undefined;
	try {
		existing = fs.lstatSync(link);
	} catch {
		existing = undefined;
	}
	if (existing) {
		return `${link} already exists (${existing.isSymbolicLink() ? 'a symbolic link' : existing.isDirectory() ? 'a folder' : 'a file'}); nothing was changed`;
	}
	fs.mkdirSync(path.dirname(link), { recursive: true });
	// A junction on Windows needs no privilege; elsewhere the type is ignored.
	fs.symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
	return undefined;
}

/** Removes a link this module made, only if it is still that link. Returns whether it did. */
export function removeClaudeCodeLink({ link, target }: ClaudeCodeLink): boolean {
	try {
		if (fs.lstatSync(link).isSymbolicLink() && fs.readlinkSync(link) === target) {
			fs.unlinkSync(link);
			return true;
		}
	} catch {
		// Gone already.
	}
	return false;
}
