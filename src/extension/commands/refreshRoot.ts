import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { discoverSkills } from '../../core/library/discovery';
import type { SkillRoot } from '../../core/skill/standardRoots';
import { ViewId } from '../ids';
import type { LibraryService } from '../library/libraryService';
import type { LibraryNode } from '../tree/libraryTree';

/** Whether a skill's SKILL.md or folder (files added or removed in it) changed at or after a time. */
async function changedSince(file: string, time: number): Promise<boolean> {
	try {
		const [skill, folder] = await Promise.all([fs.stat(file), fs.stat(path.dirname(file))]);
		return skill.mtimeMs >= time || folder.mtimeMs >= time;
	} catch {
		return true;
	}
}

/**
 * Lists a root's skill folders again: forgets the skills gone from disk, and reads the new ones
 * and those `reread` picks (every one, or those changed since a time).
 */
export async function rereadRoot(library: LibraryService, root: SkillRoot, reread: (file: string) => Promise<boolean>, token?: vscode.CancellationToken): Promise<void> {
	const found = await discoverSkills([root], { stagingFolder: library.stagingFolder, home: process.env.HOME });
	const onDisk = new Set(found.skills.map(skill => skill.file));
	const known = library.groups().find(group => group.root.path === root.path)?.skills ?? [];
	for (const skill of known) {
		if (!onDisk.has(skill.file)) {
			await library.removeSkill(skill.file);
		}
	}
	const knownFiles = new Set(known.map(skill => skill.file));
	for (const file of onDisk) {
		if (token?.isCancellationRequested) {
			return;
		}
		if (!knownFiles.has(file) || await reread(file)) {
			await library.reloadSkill(file);
		}
	}
}

/**
 * Refresh Folder (on a root in the Library view): lists the root's skill folders again and reads
 * the skills created, deleted or changed on disk since the root was last read, without scanning
 * the library. For roots the file watcher does not see (`files.watcherExclude`).
 */
export function refreshRootCommand(library: LibraryService): (node?: LibraryNode) => Thenable<void> | undefined {
	const readAt = new Map<string, number>();
	// A root not refreshed yet was read by a scan that started after this: what changed since may be newer.
	const activatedAt = Date.now();
	return node => {
		if (node?.kind !== 'root' || !node.root.path) {
			return undefined;
		}
		const { root } = node;
		return vscode.window.withProgress({ location: { viewId: ViewId.Library } }, async () => {
			const startedAt = Date.now();
			const since = readAt.get(root.path) ?? activatedAt;
			await rereadRoot(library, root, file => changedSince(file, since));
			readAt.set(root.path, startedAt);
		});
	};
}
