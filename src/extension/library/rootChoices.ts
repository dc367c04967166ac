import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { type SkillRoot, standardRootsFor } from '../../core/skill/standardRoots';
import { describeRoot } from '../../core/skill/standardRoots';
import type { LibraryService } from './libraryService';

export interface RootPick extends vscode.QuickPickItem {
	root: SkillRoot;
}

/** The roots a new skill can go to: existing ones first, then the standard project roots not created yet. */
export function rootChoices(library: LibraryService): RootPick[] {
	const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
	const configured = library.roots.filter(root => root.scope !== 'user');
	const candidates = [...configured, ...standardRootsFor(folders, undefined).filter(root => !configured.some(other => other.path === root.path))];
	const existing = candidates.filter(root => fs.existsSync(root.path));
	const missing = candidates.filter(root => !fs.existsSync(root.path) && root.label !== 'skills');
	const users = library.roots.filter(root => root.scope === 'user');
	return [...existing, ...missing, ...users].map(root => ({
		label: root.label,
		description: `${describeRoot(root)}${fs.existsSync(root.path) ? '' : ' · will be created'}`,
		detail: root.path,
		root,
	}));
}
