import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SkillAnalysis } from '../../core/check/analyzeSkill';
import { fixContext } from '../../core/fixes/fixContext';
import { applyChanges, changesBetween, type TextChange } from '../../core/fixes/fixPlan';
import { newNameProblem, renamedNameChange, type SkillMention, skillReferences } from '../../core/fixes/renameSkill';
import { skillFileName } from '../../core/skill/skillText';
import { plural } from '../../core/util/text';
import { toRange } from '../diagnostics/diagnosticsPublisher';
import { currentText, saveDocuments } from '../edits/workspaceEdits';
import type { LibraryService } from '../library/libraryService';
import { exists, shownPath, skillLabel, skillOfTarget, skillsIn } from '../library/skillTarget';
import type { LibraryNode } from '../tree/libraryTree';

/** A file the rename edits: its text before and after, to check and take back with Undo. */
interface EditedFile {
	/** Where the file is after the rename. */
	uri: vscode.Uri;
	before: string;
	after: string;
	/** How many of its lines the rename changed. */
	lines: number;
}

/** Another skill that names the renamed one where the rename does not change it. */
interface ListedMentions {
	file: string;
	mentions: SkillMention[];
}

/** What the other skills of the library say about the renamed one: the edits, and the mentions left for a person. */
async function referencesIn(library: LibraryService, skill: SkillAnalysis, newName: string): Promise<{ edited: EditedFile[]; listed: ListedMentions[] }> {
	const oldName = skill.folderName;
	const edited: EditedFile[] = [];
	const listed: ListedMentions[] = [];
	const others = library.groups().flatMap(group => group.skills).filter(other => other.file !== skill.file && !other.file.startsWith(skill.dir + path.sep));
	// Read a few at a time: a library can hold tens of thousands of skills.
	for (let start = 0; start < others.length; start += 64) {
		await Promise.all(others.slice(start, start + 64).map(async other => {
			const uri = vscode.Uri.file(other.file);
			const text = vscode.workspace.textDocuments.find(document => document.uri.toString() === uri.toString())?.getText() ?? await fs.readFile(other.file, 'utf8').catch(() => '');
			if (!text.includes(oldName)) {
				return;
			}
			const { changes, mentions } = skillReferences(text, other.file, skill.dir, oldName, newName);
			if (changes.length > 0) {
				edited.push({ uri, before: text, after: applyChanges(text, changes), lines: new Set(changes.map(change => change.line)).size });
			}
			if (mentions.length > 0) {
				listed.push({ file: other.file, mentions });
			}
		}));
	}
	return { edited, listed };
}

function replaceText(edit: vscode.WorkspaceEdit, uri: vscode.Uri, from: string, to: string): void {
	for (const change of changesBetween(from, to)) {
		edit.replace(uri, toRange(change), change.text);
	}
}

/**
 * Saves the files an edit changed, so agents read what the view shows, except those with unsaved
 * edits before it (the person's to save); says which could not be saved.
 */
async function saveEdited(uris: readonly vscode.Uri[], dirtyBefore: ReadonlySet<string>): Promise<void> {
	const unsaved = await saveDocuments(uris.filter(uri => !dirtyBefore.has(uri.toString())));
	if (unsaved.length > 0) {
		void vscode.window.showWarningMessage(`${unsaved.map(uri => vscode.workspace.asRelativePath(uri)).join(', ')} could not be saved: the change is in the editor, unsaved.`);
	}
}

function dirtyDocuments(): Set<string> {
	return new Set(vscode.workspace.textDocuments.filter(document => document.isDirty).map(document => document.uri.toString()));
}

/** "its folder and name", "…, and 2 references in release-notes and api-client". */
function describeRename(nameChanged: boolean, edited: readonly EditedFile[]): string {
	const what = nameChanged ? 'its folder and name' : 'its folder';
	if (edited.length === 0) {
		return what;
	}
	const count = edited.reduce((sum, file) => sum + file.lines, 0);
	const names = edited.map(file => path.basename(path.dirname(file.uri.fsPath)));
	return `${what}, and ${plural(count, 'changed line')} in ${names.length > 3 ? plural(names.length, 'other skill') : names.join(', ')}`;
}

/**
 * Undoes a rename: the folder back to its old name, the frontmatter name and the references in
 * other skills back to what they were, as one edit. A file changed since the rename is left as
 * it is and named.
 */
async function undoRename(library: LibraryService, oldDir: string, newDir: string, renamed: EditedFile, references: readonly EditedFile[]): Promise<void> {
	const edit = new vscode.WorkspaceEdit();
	const skipped: string[] = [];
	const oldSkill = vscode.Uri.file(path.join(oldDir, skillFileName));
	if (exists(newDir) === exists(oldDir)) {
		void vscode.window.showErrorMessage(`Could not undo the rename of ${path.basename(oldDir)}: ${exists(oldDir) ? `${shownPath(oldDir)} exists again` : `${shownPath(newDir)} is gone`}.`);
		return;
	}
	// Ctrl+Z in the renamed SKILL.md may have taken the folder back already. The text is changed where the file is now, then the folder moved.
	const folderBack = exists(newDir);
	const skillNow = folderBack ? renamed.uri : oldSkill;
	const skillText = currentText(skillNow);
	if (skillText === renamed.after) {
		replaceText(edit, skillNow, renamed.after, renamed.before);
	} else if (skillText !== renamed.before) {
		skipped.push(path.basename(oldDir));
	}
	if (folderBack) {
		edit.renameFile(vscode.Uri.file(newDir), vscode.Uri.file(oldDir), { overwrite: false });
	}
	for (const file of references) {
		const text = currentText(file.uri);
		if (text === file.after) {
			replaceText(edit, file.uri, file.after, file.before);
		} else if (text !== file.before) {
			skipped.push(path.basename(path.dirname(file.uri.fsPath)));
		}
	}
	const dirtyBefore = dirtyDocuments();
	if (!await vscode.workspace.applyEdit(edit)) {
		void vscode.window.showErrorMessage(`Could not undo the rename of ${path.basename(oldDir)}.`);
		return;
	}
	await saveEdited([oldSkill, ...references.map(file => file.uri)], dirtyBefore);
	for (const file of skillsIn(library, newDir)) {
		await library.removeSkill(file);
	}
	for (const file of [oldSkill.fsPath, ...references.map(reference => reference.uri.fsPath)]) {
		await library.reloadSkill(file);
	}
	void vscode.window.showInformationMessage(skipped.length === 0
		? `The skill is ${path.basename(oldDir)} again.`
		: `The skill is ${path.basename(oldDir)} again; ${skipped.join(', ')} changed since the rename and ${skipped.length === 1 ? 'was' : 'were'} left as ${skipped.length === 1 ? 'it is' : 'they are'}.`);
}

/** Writes the mentions a rename left as they are to the output channel, each with its file and line. */
function listMentions(log: vscode.LogOutputChannel, oldName: string, newName: string, listed: readonly ListedMentions[]): void {
	log.info(`Renamed ${oldName} to ${newName}. Mentions of ${oldName} left as they are (they may mean something other than the skill):`);
	for (const { file, mentions } of listed) {
		for (const mention of mentions) {
			log.info(`  ${shownPath(file)}:${mention.line}:${mention.column}  ${mention.text}`);
		}
	}
}

/**
 * Skills: Rename Skill… (Library context menu, palette, the fix for `name-mismatch`) — asks for
 * a new name, checked as New Skill checks one, then renames the skill's folder and sets its
 * frontmatter `name` in one edit, with links into the folder and "the old-name skill" in other
 * skills of the library; other mentions of the old name are listed in the output channel. One
 * Ctrl+Z in the renamed SKILL.md takes the folder and name back; Undo in the notification takes
 * back the references too. Returns the renamed SKILL.md, or undefined.
 */
export function renameSkillCommand(library: LibraryService, log: vscode.LogOutputChannel): (target?: LibraryNode | vscode.Uri, newName?: string) => Promise<vscode.Uri | undefined> {
	return async (target, newName) => {
		const skill = skillOfTarget(library, target, 'rename');
		if (!skill) {
			return undefined;
		}
		const oldDir = skill.dir;
		const parent = path.dirname(oldDir);
		const oldName = skill.folderName;
		const where = parent === skill.root.path ? skill.root.label : shownPath(parent);
		const validate = (value: string) => newNameProblem(value.trim(), where, name => exists(path.join(parent, name)), oldName);
		const suggested = skill.name && skill.name !== oldName && validate(skill.name) === undefined ? skill.name : oldName;
		const answer = newName ?? await vscode.window.showInputBox({
			title: `Rename Skill: ${skillLabel(skill)}`,
			prompt: 'The new name: lower-case words joined by hyphens. The folder is renamed to it and the frontmatter name set to it.',
			value: suggested,
			validateInput: validate,
		});
		if (answer === undefined) {
			return undefined;
		}
		const name = answer.trim();
		const problem = validate(name);
		if (problem) {
			void vscode.window.showErrorMessage(`${skillLabel(skill)} was not renamed: ${problem}`);
			return undefined;
		}
		const newDir = path.join(parent, name);
		const oldSkill = vscode.Uri.file(skill.file);
		const newSkill = vscode.Uri.file(path.join(newDir, skillFileName));
		const before = currentText(oldSkill) ?? '';
		const nameChange: TextChange | undefined = renamedNameChange(fixContext(before, oldName, library.config, { read: () => undefined }), name);
		const { edited, listed } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking for ${oldName} in the library` }, () => referencesIn(library, skill, name));
		const renamed: EditedFile = { uri: newSkill, before, after: nameChange ? applyChanges(before, [nameChange]) : before, lines: nameChange ? 1 : 0 };
		// The folder first, then the text at its new place: VS Code then takes both back with one undo in the renamed SKILL.md.
		const edit = new vscode.WorkspaceEdit();
		edit.renameFile(vscode.Uri.file(oldDir), vscode.Uri.file(newDir), { overwrite: false });
		if (nameChange) {
			edit.replace(newSkill, toRange(nameChange), nameChange.text);
		}
		for (const file of edited) {
			replaceText(edit, file.uri, file.before, file.after);
		}
		const dirtyBefore = dirtyDocuments();
		const moved = skillsIn(library, oldDir);
		if (!await vscode.workspace.applyEdit(edit)) {
			void vscode.window.showErrorMessage(`Could not rename ${shownPath(oldDir)} to ${name}.`);
			return undefined;
		}
		if (dirtyBefore.has(oldSkill.toString())) {
			dirtyBefore.add(newSkill.toString());
		}
		await saveEdited([newSkill, ...edited.map(file => file.uri)], dirtyBefore);
		for (const file of moved) {
			await library.removeSkill(file);
		}
		for (const file of [newSkill.fsPath, ...moved.filter(file => file !== skill.file).map(file => path.join(newDir, path.relative(oldDir, file))), ...edited.map(file => file.uri.fsPath)]) {
			await library.reloadSkill(file);
		}
		const mentions = listed.reduce((sum, file) => sum + file.mentions.length, 0);
		if (mentions > 0) {
			listMentions(log, oldName, name, listed);
		}
		const unparsed = skill.frontmatterState !== 'ok' ? ' Its frontmatter does not parse, so its name was left as it is.' : '';
		const left = mentions > 0 ? ` ${plural(mentions, 'other mention')} of ${oldName} left as ${mentions === 1 ? 'it is' : 'they are'}.` : '';
		const buttons = ['Undo', ...(mentions > 0 ? ['Show Mentions'] : [])];
		void vscode.window.showInformationMessage(`Renamed ${oldName} to ${name}: ${describeRename(nameChange !== undefined, edited)}.${unparsed}${left}`, ...buttons).then(choice => {
			if (choice === 'Undo') {
				void undoRename(library, oldDir, newDir, renamed, edited);
			} else if (choice === 'Show Mentions') {
				log.show(true);
			}
		});
		return newSkill;
	};
}
