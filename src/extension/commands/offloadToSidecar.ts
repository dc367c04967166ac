import * as path from 'node:path';
import * as vscode from 'vscode';
import { optionOf } from '../../core/check/config';
import { lessonSections } from '../../core/fixes/offloadLessons';
import { chooseSections, sectionCandidates } from '../../core/fixes/offloadSections';
import { type OffloadChoice, offloadSelected } from '../../core/fixes/offloadSelected';
import { extensionFor, fileStem } from '../../core/fixes/sidecarNames';
import { plural } from '../../core/util/text';
import { contextOf, folderOf, writesRefusal } from '../edits/skillDocuments';
import { stateEdit } from '../edits/workspaceEdits';
import { isSkillFile, type LibraryService } from '../library/libraryService';
import type { LibraryNode } from '../tree/libraryTree';

interface ChoiceItem extends vscode.QuickPickItem {
	choice: OffloadChoice;
}

/**
 * Skills: Offload to Sidecar… — on the active skill (or the one given): pick code blocks,
 * sections and lessons to move out of SKILL.md, with those that answer its findings picked
 * already; all of it is applied as one undoable edit. `choices` skips the picker.
 */
export function offloadToSidecarCommand(library: LibraryService): (on?: vscode.Uri | LibraryNode, choices?: OffloadChoice[]) => Promise<boolean> {
	return async (on, choices) => {
		const target = on instanceof vscode.Uri ? on : on?.kind === 'skill' ? vscode.Uri.file(on.skill.file) : vscode.window.activeTextEditor?.document.uri;
		if (!target || !isSkillFile(target)) {
			void vscode.window.showInformationMessage('Open a SKILL.md to offload parts of it.');
			return false;
		}
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller changes no files in an untrusted workspace.');
			return false;
		}
		const document = await vscode.workspace.openTextDocument(target);
		const root = library.rootOf(target.fsPath);
		const context = contextOf(document, library.config, root);
		let picked = choices;
		if (!picked) {
			const items = choiceItems(context, library);
			if (items.length === 0) {
				void vscode.window.showInformationMessage('Nothing in this skill is large enough to offload: no long code block, no sizeable section, no lessons log.');
				return false;
			}
			const selection = await vscode.window.showQuickPick(items, {
				canPickMany: true,
				title: 'Offload to sidecar files',
				placeHolder: 'What to move out of SKILL.md (what answers its problems is picked already)',
			});
			if (!selection || selection.length === 0) {
				return false;
			}
			picked = selection.map(item => item.choice);
		}
		const text = document.getText();
		const state = offloadSelected({
			text, folderName: path.basename(path.dirname(target.fsPath)), config: library.config, disk: folderOf(target.fsPath, root), today: library.config.today, choices: picked,
		});
		if (state.text === text) {
			return false;
		}
		const refusal = writesRefusal(root, target.fsPath, state.sidecars.keys());
		if (refusal) {
			void vscode.window.showErrorMessage(`Nothing was offloaded: ${refusal}.`);
			return false;
		}
		const applied = await vscode.workspace.applyEdit(stateEdit(target, text, state));
		if (!applied) {
			void vscode.window.showErrorMessage('The offload could not be applied; nothing was changed.');
		}
		return applied;
	};
}

function choiceItems(context: ReturnType<typeof contextOf>, library: LibraryService): ChoiceItem[] {
	const minBlock = optionOf<number>(library.config, 'long-code-block', 'minLines');
	const autoSections = new Set(chooseSections(context, sectionCandidates(context)).map(candidate => candidate.section.heading.line));
	const items: ChoiceItem[] = [];
	for (const fence of context.body.fences.filter(candidate => candidate.closed && candidate.contentLines >= 5)) {
		const heading = [...context.body.headings].reverse().find(candidate => candidate.line < fence.openLine)?.text;
		const extension = extensionFor(fence.lang);
		items.push({
			label: `$(code) Code block at line ${fence.openLine}`,
			description: `${fence.lang || 'text'}, ${fence.contentLines} lines → scripts/${fileStem(heading, extension, 'snippet')}.${extension}`,
			picked: fence.contentLines >= minBlock,
			choice: { kind: 'block', openLine: fence.openLine },
		});
	}
	for (const candidate of sectionCandidates(context)) {
		items.push({
			label: `$(list-flat) ${candidate.section.heading.text}`,
			description: `${candidate.lines} lines, ${candidate.kind} → ${candidate.destination}`,
			picked: autoSections.has(candidate.section.heading.line),
			choice: { kind: 'section', heading: candidate.section.heading.text },
		});
	}
	const lessons = lessonSections(context);
	if (lessons.length > 0) {
		items.push({
			label: `$(history) ${plural(lessons.length, 'dated or lessons section')}`,
			description: '→ lessons.md',
			picked: lessons.length >= optionOf<number>(library.config, 'dated-sections', 'minSections'),
			choice: { kind: 'lessons' },
		});
	}
	return items;
}
