import * as vscode from 'vscode';
import { isSafeFix, safeFixRules } from '../../core/fixes/fixesForFinding';
import { fixSkill } from '../../core/fixes/fixSkill';
import { plural } from '../../core/util/text';
import { folderOf, writesRefusal } from '../edits/skillDocuments';
import { currentText, stateEdit } from '../edits/workspaceEdits';
import type { LibraryService } from '../library/libraryService';

/** One skill's part of the edit: what it should read once its fixes are applied. */
interface SkillFixes {
	uri: vscode.Uri;
	before: string;
	after: string;
	titles: string[];
}

/**
 * Skills: Fix All in Library — applies every safe fix to every skill (as `skill-distiller fix`
 * does; the suggested ones stay quick fixes a person chooses) as one edit, shown first in VS
 * Code's refactoring preview with every fix ticked, so a person sees and can untick each change,
 * then says how many were applied. `{ preview: false }` applies it directly. Returns the fixes applied.
 */
export function fixAllInLibraryCommand(library: LibraryService): (options?: { preview?: boolean }) => Promise<string[]> {
	return async (options = {}) => {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
			return [];
		}
		const preview = options.preview ?? true;
		const edit = new vscode.WorkspaceEdit();
		const planned: SkillFixes[] = [];
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
			const titles = result.applied.map(fix => fix.title);
			planned.push({ uri, before: text, after: result.state.text, titles: titles.map(title => `${skill.folderName}: ${title}`) });
			stateEdit(uri, text, result.state, edit, { needsConfirmation: false, label: `${skill.name ?? skill.folderName}: ${titles.join('; ')}` });
		}
		for (const reason of refused) {
			void vscode.window.showWarningMessage(`Not fixed: ${reason}.`);
		}
		if (planned.length === 0) {
			if (refused.length === 0) {
				void vscode.window.showInformationMessage('Nothing in the library has a safe fix; suggested fixes are offered as quick fixes on their problems.');
			}
			return [];
		}
		if (preview) {
			// VS Code shows the refactoring preview only for an edit holding an entry that needs
			// confirmation, and leaves such entries unticked. The fixes themselves do not, so they open
			// ticked; this entry, creating a file that exists with ignoreIfExists, is what asks for the
			// preview: the preview leaves it out of its list, and it would change nothing if applied.
			edit.createFile(planned[0].uri, { ignoreIfExists: true }, { needsConfirmation: true, label: 'Fix All in Library' });
		}
		if (!await vscode.workspace.applyEdit(edit, { isRefactoring: true })) {
			return [];
		}
		// In the preview a person may untick some: what was applied is read from the files.
		const applied = planned.filter(skill => currentText(skill.uri) !== skill.before);
		const partly = applied.filter(skill => currentText(skill.uri) !== skill.after).length;
		const fixes = applied.flatMap(skill => skill.titles);
		void vscode.window.showInformationMessage(fixes.length === 0
			? 'Fix All in Library: no fix applied.'
			: `Fix All in Library: applied ${plural(fixes.length, 'safe fix', 'safe fixes')} in ${plural(applied.length, 'skill')}${partly ? ` (${partly} of them in part)` : ''}.`);
		return fixes;
	};
}
