import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { newNameProblem } from '../../core/fixes/renameSkill';
import { scaffoldSkill } from '../../core/skill/scaffold';
import { similarName } from '../../core/skill/similarNames';
import { skillFileName } from '../../core/skill/skillText';
import type { SkillRoot } from '../../core/skill/standardRoots';
import type { LibraryService } from '../library/libraryService';
import { rootChoices } from '../library/rootChoices';
import { lifecyclePlacement } from '../settings';

/** What a caller (a test, another extension) may answer in advance; the rest is asked. */
export interface NewSkillOptions {
	/** The root folder's absolute path. */
	root?: string;
	name?: string;
	description?: string;
}

function validateName(name: string, root: SkillRoot): string | undefined {
	return newNameProblem(name.trim(), root.label, taken => fs.existsSync(path.join(root.path, taken)));
}

/** A warning, not a refusal, when the name nearly duplicates a skill the library has (in any root): agents may confuse the two. */
function similarNameWarning(name: string, library: LibraryService): vscode.InputBoxValidationMessage | undefined {
	const roots = new Map<string, string>();
	for (const group of library.groups()) {
		for (const skill of group.skills) {
			if (!skill.inStaging && !roots.has(skill.folderName)) {
				roots.set(skill.folderName, group.root.label);
			}
		}
	}
	const similar = similarName(name.trim(), roots.keys());
	return similar === undefined ? undefined : {
		message: `Nearly the same name as the skill ${similar} in ${roots.get(similar)}: agents may confuse the two. Press Enter to create it all the same.`,
		severity: vscode.InputBoxValidationSeverity.Warning,
	};
}

function validateDescription(description: string): string | undefined {
	return description.trim() === '' ? 'A description is required.' : description.length > 1024 ? `${description.length} characters: the limit is 1,024.` : undefined;
}

/**
 * Skills: New Skill… — asks for a root, a spec-valid name and a description, then creates a
 * draft SKILL.md as one undoable edit and opens it. Returns the new file, or undefined.
 */
export function newSkillCommand(library: LibraryService): (options?: NewSkillOptions) => Promise<vscode.Uri | undefined> {
	return async (options = {}) => {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Skill Distiller creates no files in an untrusted workspace.');
			return undefined;
		}
		const choices = rootChoices(library);
		const given = options.root === undefined ? undefined : choices.find(choice => choice.root.path === options.root);
		if (choices.length === 0 || (options.root !== undefined && !given)) {
			void vscode.window.showWarningMessage(options.root === undefined ? 'Open a folder first: a new skill goes into a skills folder of the workspace.' : `${options.root} is not a skills folder of this workspace.`);
			return undefined;
		}
		const picked = given ?? (choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: 'New Skill (1/3): where?', placeHolder: 'The folder agents load the skill from' }));
		if (!picked) {
			return undefined;
		}
		// A root given (New Skill Here) or the only one leaves two steps, numbered as such.
		const steps = given || choices.length === 1 ? 2 : 3;
		const step = (n: number) => `New Skill (${n - 3 + steps}/${steps})`;
		const name = options.name ?? await vscode.window.showInputBox({
			title: `${step(2)}: name`,
			prompt: 'Lower-case words joined by hyphens, as the Agent Skills spec requires; it is also the folder name.',
			placeHolder: 'processing-pdf-forms',
			validateInput: value => validateName(value, picked.root) ?? similarNameWarning(value, library),
		});
		const description = name === undefined ? undefined : options.description ?? await vscode.window.showInputBox({
			title: `${step(3)}: description`,
			prompt: 'What the skill does and when an agent should use it: the agent decides from this alone.',
			placeHolder: 'Fills in PDF forms from structured data. Use when the user asks to complete or read a PDF form.',
			validateInput: validateDescription,
		});
		if (name === undefined || description === undefined) {
			return undefined;
		}
		const problem = validateName(name, picked.root) ?? validateDescription(description);
		if (problem) {
			void vscode.window.showErrorMessage(`No skill created: ${problem}`);
			return undefined;
		}
		const placement = lifecyclePlacement(library.config.profile);
		const text = scaffoldSkill({
			name: name.trim(), description: description.trim(), today: new Date().toISOString().slice(0, 10), createdFrom: 'Skills: New Skill command', placement,
		});
		const uri = vscode.Uri.file(path.join(picked.root.path, name.trim(), skillFileName));
		const edit = new vscode.WorkspaceEdit();
		edit.createFile(uri, { contents: Buffer.from(text, 'utf8') });
		if (!await vscode.workspace.applyEdit(edit)) {
			void vscode.window.showErrorMessage(`Could not create ${uri.fsPath}.`);
			return undefined;
		}
		await vscode.window.showTextDocument(uri);
		await library.reloadSkill(uri.fsPath);
		return uri;
	};
}
