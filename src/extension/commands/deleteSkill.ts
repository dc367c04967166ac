import * as vscode from 'vscode';
import { listSkillFolder } from '../../core/library/readSkill';
import { errorMessage, plural } from '../../core/util/text';
import type { LibraryService } from '../library/libraryService';
import { shownPath, skillLabel, skillOfTarget, skillsIn, unsavedIn } from '../library/skillTarget';
import type { LibraryNode } from '../tree/libraryTree';

/** How a skill's folder left: to the trash, or deleted for good where there is no trash. */
export type Deletion = 'trash' | 'permanent';

/**
 * Skills: Delete Skill… (Library context menu, palette) — after a modal confirmation, moves the
 * skill's folder to the trash. Where the file system has no trash (code-server and other remote
 * workbenches keep files on a server), a second modal asks before deleting it for good. Returns
 * how the folder went, or undefined.
 */
export function deleteSkillCommand(library: LibraryService): (target?: LibraryNode | vscode.Uri) => Promise<Deletion | undefined> {
	return async target => {
		const skill = skillOfTarget(library, target, 'delete');
		if (!skill) {
			return undefined;
		}
		const label = skillLabel(skill);
		const files = 1 + listSkillFolder(skill.dir, undefined, Infinity).filter(entry => !entry.endsWith('/')).length;
		const unsaved = unsavedIn(skill.dir);
		const lost = unsaved.length > 0 ? ` Unsaved changes in ${plural(unsaved.length, 'file')} are lost.` : '';
		const confirmed = await vscode.window.showWarningMessage(`Delete the skill ${label}?`, {
			modal: true,
			detail: `Its folder ${shownPath(skill.dir)} (${plural(files, 'file')}) moves to the trash.${lost} To keep it out of the agents' way without deleting it, Archive it instead.`,
		}, 'Move to Trash');
		if (confirmed !== 'Move to Trash') {
			return undefined;
		}
		const leaving = skillsIn(library, skill.dir);
		const folder = vscode.Uri.file(skill.dir);
		let how: Deletion = 'trash';
		try {
			await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: true });
		} catch (error) {
			// VS Code says "…via trash because provider does not support it" where the files live on a server (code-server, remote workbenches).
			if (!/trash/i.test(errorMessage(error))) {
				void vscode.window.showErrorMessage(`Could not delete ${shownPath(skill.dir)}: ${errorMessage(error)}`);
				return undefined;
			}
			const forGood = await vscode.window.showWarningMessage(`The trash is not available here: delete ${label} permanently?`, {
				modal: true,
				detail: `VS Code cannot move files to the trash on this file system (a workbench whose files are on a server, such as code-server, has none). ${shownPath(skill.dir)} and its ${plural(files, 'file')} would be gone for good; this cannot be undone.`,
			}, 'Delete Permanently');
			if (forGood !== 'Delete Permanently') {
				return undefined;
			}
			try {
				await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
			} catch (failure) {
				void vscode.window.showErrorMessage(`Could not delete ${shownPath(skill.dir)}: ${errorMessage(failure)}`);
				return undefined;
			}
			how = 'permanent';
		}
		for (const file of leaving) {
			await library.removeSkill(file);
		}
		void vscode.window.showInformationMessage(how === 'trash' ? `Moved ${label} to the trash.` : `Deleted ${label} permanently.`);
		return how;
	};
}
