import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SkillAnalysis } from '../../core/check/analyzeSkill';
import { displayPath, homeFolder, isSameOrInside } from '../../core/util/paths';
import type { LibraryNode } from '../tree/libraryTree';
import { isSkillFile, type LibraryService } from './libraryService';

/**
 * The library skill a command that changes it acts on: a skill's row in the Library view, a
 * SKILL.md's URI (a quick fix, another command), or else the active editor's SKILL.md. Says why
 * when there is none (an untrusted workspace; proposals are decided in the review panel).
 */
export function skillOfTarget(library: LibraryService, target: LibraryNode | vscode.Uri | undefined, action: string): SkillAnalysis | undefined {
	if (!vscode.workspace.isTrusted) {
		void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
		return undefined;
	}
	const editor = vscode.window.activeTextEditor;
	const file = target instanceof vscode.Uri ? target.fsPath
		: target && (target.kind === 'skill' || target.kind === 'sidecar') ? target.skill.file
			: !target && editor && isSkillFile(editor.document.uri) ? editor.document.uri.fsPath : undefined;
	const skill = file === undefined ? undefined : library.skill(file);
	if (!skill || skill.inStaging || library.isOutsideRoots(skill.file)) {
		void vscode.window.showInformationMessage(skill?.inStaging
			? 'This is a proposal: it is accepted or rejected in the review panel (Skills: Review Proposals).'
			: `Select a skill of the library in the Library view, or open its SKILL.md, to ${action} it.`);
		return undefined;
	}
	return skill;
}

/** A path as the messages write it: from its workspace folder, or from `~`. */
export function shownPath(file: string): string {
	return displayPath(file, (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath), homeFolder());
}

/** The open documents of files in a folder that hold unsaved edits. */
export function unsavedIn(dir: string): vscode.TextDocument[] {
	return vscode.workspace.textDocuments.filter(document => document.uri.scheme === 'file' && document.isDirty && isSameOrInside(dir, document.uri.fsPath));
}

/** Whether a path exists on disk (a file or a folder). */
export function exists(file: string): boolean {
	return fs.existsSync(file);
}

/** The library's skills in a folder (the skill itself and any nested in it), to forget once the folder is gone. */
export function skillsIn(library: LibraryService, dir: string): string[] {
	return library.groups().flatMap(group => group.skills).filter(skill => isSameOrInside(dir, skill.dir)).map(skill => skill.file);
}

/** How a skill is named in messages: its frontmatter name, or its folder's. */
export function skillLabel(skill: SkillAnalysis): string {
	return skill.name ?? path.basename(skill.dir);
}
