import * as path from 'node:path';
import * as vscode from 'vscode';
import { archiveDestination } from '../../core/library/skillArchive';
import { BuiltinCommand } from '../ids';
import type { LibraryService } from '../library/libraryService';
import { exists, shownPath, skillLabel, skillOfTarget, skillsIn, unsavedIn } from '../library/skillTarget';
import type { LibraryNode } from '../tree/libraryTree';

/** Moves a folder as one workspace edit (undoable in VS Code too) and tells the library what left and what came. */
async function moveSkillFolder(library: LibraryService, from: string, to: string): Promise<boolean> {
	const leaving = skillsIn(library, from);
	const edit = new vscode.WorkspaceEdit();
	edit.renameFile(vscode.Uri.file(from), vscode.Uri.file(to), { overwrite: false });
	if (!await vscode.workspace.applyEdit(edit)) {
		return false;
	}
	for (const file of leaving) {
		await library.removeSkill(file);
	}
	if (library.isInRoots(to)) {
		// A folder coming back from the archive was in no root, so the library knew none of its skills: its SKILL.md is read
		// now rather than when (or if) the file watcher reports the move.
		const arriving = leaving.length > 0 ? leaving.map(file => path.join(to, path.relative(from, file))) : [path.join(to, 'SKILL.md')].filter(exists);
		for (const file of arriving) {
			await library.reloadSkill(file);
		}
	}
	return true;
}

/**
 * Skills: Archive Skill… (Library context menu, palette) — after a modal confirmation, moves the
 * skill's folder to `.skills-archive` beside its root (`.claude/skills/x` →
 * `.claude/.skills-archive/x`), where no agent loads it, never over an archived copy; Undo in the
 * notification moves it back. Returns the archived folder, or undefined.
 */
export function archiveSkillCommand(library: LibraryService): (target?: LibraryNode | vscode.Uri) => Promise<string | undefined> {
	return async target => {
		const skill = skillOfTarget(library, target, 'archive');
		if (!skill) {
			return undefined;
		}
		const label = skillLabel(skill);
		const destination = archiveDestination(skill.root, skill.dir, library.roots, exists);
		if ('problem' in destination) {
			void vscode.window.showErrorMessage(`${label} was not archived: ${destination.problem}.`);
			return undefined;
		}
		const unsaved = unsavedIn(skill.dir).length > 0 ? ' Unsaved changes in its files go with it, still unsaved.' : '';
		const choice = await vscode.window.showWarningMessage(`Archive the skill ${label}?`, {
			modal: true,
			detail: `Its folder moves to ${shownPath(destination.folder)}, outside the folders agents load skills from, so they stop loading it. Nothing is deleted.${unsaved}`,
		}, 'Archive');
		if (choice !== 'Archive') {
			return undefined;
		}
		if (!await moveSkillFolder(library, skill.dir, destination.folder)) {
			void vscode.window.showErrorMessage(`Could not move ${shownPath(skill.dir)} to ${shownPath(destination.folder)}.`);
			return undefined;
		}
		void vscode.window.showInformationMessage(`Archived ${label} to ${shownPath(destination.folder)}.`, 'Undo', 'Reveal').then(async answer => {
			if (answer === 'Reveal') {
				void vscode.commands.executeCommand(BuiltinCommand.RevealInExplorer, vscode.Uri.file(destination.folder));
			} else if (answer === 'Undo') {
				const back = !exists(skill.dir) && exists(destination.folder) && await moveSkillFolder(library, destination.folder, skill.dir);
				void (back ? vscode.window.showInformationMessage(`${label} is back in ${skill.root.label}.`)
					: vscode.window.showErrorMessage(`Could not move ${label} back: ${exists(skill.dir) ? `${shownPath(skill.dir)} exists again` : `${shownPath(destination.folder)} is gone`}.`));
			}
		});
		return destination.folder;
	};
}
