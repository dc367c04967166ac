import * as vscode from 'vscode';
import { isSafeFix, safeFixRules } from '../../core/fixes/fixesForFinding';
import { fixSkill } from '../../core/fixes/fixSkill';
import { folderOf, writesRefusal } from '../edits/skillDocuments';
import { currentText, stateEdit } from '../edits/workspaceEdits';
import type { LibraryService } from '../library/libraryService';

/**
 * Skills: Fix All in Library — applies every safe fix to every skill (as `skill-distiller fix`
 * does; the suggested ones stay quick fixes a person chooses) as one edit, shown first in VS
 * Code's refactoring preview so a person sees and can untick each change. `{ preview: false }`
 * applies it directly. Returns the fixes applied.
 */
export function fixAllInLibraryCommand(library: LibraryService): (options?: { preview?: boolean }) => Promise<string[]> {
	return async (options = {}) => {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
			return [];
		}
		const preview = options.preview ?? true;
		const edit = new vscode.WorkspaceEdit();
		const fixes: string[] = [];
		const refused: string[] = [];
		const edited = new Set(vscode.workspace.textDocuments.filter(document => document.isDirty).map(document => document.uri.fsPath));
		for (const skill of library.groups().flatMap(group => group.skills)) {
			// The library's findings say which skills need a look; a skill being edited may be a keystroke ahead of them.
			if (!edited.has(skill.file) && !library.findings(skill.file).some(finding => isSafeFix(finding.rule))) {
				continue;
			}
			const uri = vscode.Uri.file(skill.file);
			const text = currentText(uri);
			if (text === undefined) {
				continue;
			}
			const root = library.rootOf(skill.file);
			const result = fixSkill({
				text, folderName: skill.folderName, config: library.config, today: library.config.today, disk: folderOf(skill.file, root), rules: safeFixRules,
				check: (current, planned) => library.checkText(skill.file, current, planned),
			});
			if (result.applied.length === 0) {
				continue;
			}
			const refusal = writesRefusal(root, skill.file, result.state.sidecars.keys());
			if (refusal) {
				refused.push(`${skill.folderName}: ${refusal}`);
				continue;
			}
			fixes.push(...result.applied.map(fix => `${skill.folderName}: ${fix.title}`));
			stateEdit(uri, text, result.state, edit, {
				needsConfirmation: preview,
				label: `${skill.name ?? skill.folderName}: ${result.applied.map(fix => fix.title).join('; ')}`,
			});
		}
		for (const reason of refused) {
			void vscode.window.showWarningMessage(`Not fixed: ${reason}.`);
		}
		if (fixes.length === 0) {
			if (refused.length === 0) {
				void vscode.window.showInformationMessage('Nothing in the library has a safe fix; suggested fixes are offered as quick fixes on their problems.');
			}
			return [];
		}
		const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
		return applied ? fixes : [];
	};
}
