import * as vscode from 'vscode';
import { describeCounts } from '../../core/check/findings';
import { isSkillFile, type LibraryService } from '../library/libraryService';
import { showCheckSummary } from '../notifications';
import type { LibraryNode } from '../tree/libraryTree';

/** Check (on a skill in the Library view, or the active SKILL.md): re-reads the skill and reports its problems. */
export function checkSkillCommand(library: LibraryService): (node?: LibraryNode) => Promise<void> {
	return async node => {
		const editor = vscode.window.activeTextEditor;
		const file = node && (node.kind === 'skill' || node.kind === 'sidecar') ? node.skill.file : editor && isSkillFile(editor.document.uri) ? editor.document.uri.fsPath : undefined;
		if (!file) {
			void vscode.window.showInformationMessage('Select a skill in the Library view, or open its SKILL.md, to check it.');
			return;
		}
		await library.reloadSkill(file);
		const skill = library.skill(file);
		const problems = describeCounts(library.counts(file));
		const name = skill?.name ?? skill?.folderName ?? file;
		showCheckSummary(`${name}: ${problems ?? 'no problems'}.`, problems !== undefined);
	};
}
