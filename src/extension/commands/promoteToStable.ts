import * as path from 'node:path';
import * as vscode from 'vscode';
import { LifecycleEditError, promoteToStable } from '../../core/review/lifecycleEdits';
import { promotionCommitMessage } from '../../core/review/proposalText';
import { plural } from '../../core/util/text';
import { currentText, saveDocuments, textFileEdit } from '../edits/workspaceEdits';
import { offerCommit } from '../git/gitCommit';
import { isSkillFile, type LibraryService } from '../library/libraryService';
import type { ApprenticeResults } from '../apprentice/apprenticeResults';
import { CommandId } from '../ids';
import { lifecyclePlacement, requiresApprentice } from '../settings';
import type { LibraryNode } from '../tree/libraryTree';

/** What a caller (a test, the review panel) may answer in advance. */
export interface PromoteOptions {
	/** The real task that validated the skill. */
	note?: string;
}

/** The SKILL.md a command is given: a path, a URI, a Library row (a skill or one of its files), else the active editor's skill. */
export function skillFileOf(target: LibraryNode | vscode.Uri | string | undefined): string | undefined {
	if (typeof target === 'string') {
		return target;
	}
	if (target instanceof vscode.Uri) {
		return target.fsPath;
	}
	if (target && (target.kind === 'skill' || target.kind === 'sidecar')) {
		return target.skill.file;
	}
	const editor = vscode.window.activeTextEditor;
	return editor && isSkillFile(editor.document.uri) ? editor.document.uri.fsPath : undefined;
}

/**
 * Skills: Promote to Stable… — asks which real task validated a draft, then removes `status:
 * draft` and `priority`, adds `validated: <today>` and the note, and appends a line to the
 * skill's Iteration Log, as one undoable edit (saved). Shows where the skill stands with the
 * apprentice test; refuses while the skill has error findings, saying which, and — with
 * `promote.requireApprentice` — unless a fresh agent passed its cases. Returns whether the skill
 * was promoted.
 */
export function promoteToStableCommand(library: LibraryService, apprentice: ApprenticeResults, log: vscode.LogOutputChannel): (target?: LibraryNode | vscode.Uri | string, options?: PromoteOptions) => Promise<boolean> {
	return async (target, options = {}) => {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
			return false;
		}
		await library.scanned;
		let file = skillFileOf(target);
		// Steps are numbered only when there are two: a draft given by its caller skips the picker.
		const picking = !file;
		if (!file) {
			const drafts = library.groups().flatMap(group => group.skills).filter(skill => skill.status === 'draft');
			if (drafts.length === 0) {
				void vscode.window.showInformationMessage('There is no draft skill in the library to promote.');
				return false;
			}
			const picked = await vscode.window.showQuickPick(drafts.map(skill => ({ label: skill.name ?? skill.folderName, description: skill.root.label, detail: skill.lifecycle?.createdFrom, file: skill.file })), { title: 'Promote to Stable (1/2): which draft?' });
			file = picked?.file;
		}
		if (!file) {
			return false;
		}
		const skill = library.skill(file);
		const name = skill?.name ?? path.basename(path.dirname(file));
		if (skill?.status !== 'draft') {
			void vscode.window.showInformationMessage(skill ? `${name} is ${skill.status}, not a draft: only a draft is promoted to stable.` : `${file} is not a skill of the library.`);
			return false;
		}
		const errors = library.findings(file).filter(finding => finding.severity === 'error');
		if (errors.length > 0) {
			void vscode.window.showErrorMessage(`${name} is not promoted: it has ${plural(errors.length, 'error finding')} (${errors.map(error => `${error.rule} on line ${error.line}`).join('; ')}). Fix ${errors.length === 1 ? 'it' : 'them'} first.`);
			return false;
		}
		const tested = apprentice.status(file);
		if (requiresApprentice(file) && tested?.state !== 'passed') {
			const test = 'Test with a Fresh Agent';
			void vscode.window.showErrorMessage(`${name} is not promoted: skillDistiller.promote.requireApprentice is on and ${tested?.text ?? 'its apprentice results cannot be read (no folder is open)'}.`, test).then(choice => {
				if (choice === test) {
					void vscode.commands.executeCommand(CommandId.TestWithFreshAgent, file);
				}
			});
			return false;
		}
		const note = options.note ?? await vscode.window.showInputBox({
			title: `Promote ${name} to Stable${picking ? ' (2/2)' : ''}: validated on which real task?`,
			prompt: `The task the skill was used on and worked; it is kept as validation_note and in the Iteration Log.${tested ? ` Apprentice test: ${tested.text}.` : ''}`,
			placeHolder: 'the v2.3 release notes (PR #1234)',
			validateInput: value => (value.trim() === '' ? 'Say which task validated the skill.' : value.length > 200 ? 'At most 200 characters.' : undefined),
		});
		if (note === undefined) {
			return false;
		}
		const uri = vscode.Uri.file(file);
		const before = currentText(uri) ?? '';
		let after: string;
		try {
			after = promoteToStable(before, { today: library.config.today, note, placement: lifecyclePlacement(library.config.profile) });
		} catch (error) {
			if (error instanceof LifecycleEditError) {
				void vscode.window.showErrorMessage(`${name} is not promoted: ${error.message}.`);
				return false;
			}
			throw error;
		}
		if (!await vscode.workspace.applyEdit(textFileEdit(uri, before, after, { label: `Skill Distiller: promote ${name} to stable`, needsConfirmation: false }))) {
			void vscode.window.showErrorMessage(`${name} is not promoted: the edit could not be applied.`);
			return false;
		}
		if ((await saveDocuments([uri])).length > 0) {
			void vscode.window.showErrorMessage(`${name} is promoted in the editor but its file could not be saved: save it to keep the promotion.`);
			return false;
		}
		await library.reloadSkill(file);
		log.info(`Promoted ${file} to stable (validated ${library.config.today} on ${note.trim()}).`);
		void vscode.window.showInformationMessage(`${name} is stable: validated ${library.config.today} on ${note.trim()}.`);
		void offerCommit([uri], promotionCommitMessage(name, note), log);
		return true;
	};
}
