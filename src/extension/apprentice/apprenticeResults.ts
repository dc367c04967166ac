import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ApprenticeStatus, apprenticeStatus } from '../../core/apprentice/apprenticeStatus';
import { casesFolder, casesPath, casesText, starterCases } from '../../core/apprentice/cases';
import { apprenticeResultsFolder, type ApprenticeSkill } from '../../core/apprentice/runApprentice';
import { isSameOrInside } from '../../core/util/paths';
import type { LibraryChange, LibraryService } from '../library/libraryService';

/** Creates a skill's or a proposal's evals/cases.json from the starter case, as one undoable edit (nothing when it exists), and opens it. */
export async function openCasesFile(folder: string, column?: vscode.ViewColumn): Promise<void> {
	const uri = vscode.Uri.file(path.join(folder, casesPath));
	if (!fs.existsSync(uri.fsPath)) {
		const edit = new vscode.WorkspaceEdit();
		edit.createFile(uri, { ignoreIfExists: true, contents: Buffer.from(casesText(starterCases), 'utf8') }, { label: 'Skill Distiller: create apprentice cases', needsConfirmation: false });
		await vscode.workspace.applyEdit(edit);
	}
	await vscode.window.showTextDocument(uri, { viewColumn: column, preview: false });
}

/** The apprentice skill a SKILL.md stands for: its folder, installed under the folder's name. */
export function apprenticeSkillOf(file: string): ApprenticeSkill {
	const dir = path.dirname(file);
	return { dir, name: path.basename(dir) };
}

/**
 * Where each skill stands with the apprentice, for the Library view and Promote to Stable: read
 * from the staging folder's `.apprentice` results when first asked, kept until a run or an edit
 * of the skill changes it.
 */
export class ApprenticeResults implements vscode.Disposable {
	private readonly known = new Map<string, ApprenticeStatus>();
	/** Skills whose cases were run or saved since the library listed their folder: read from disk whatever the listing said. */
	private readonly onDisk = new Set<string>();
	private readonly changeEmitter = new vscode.EventEmitter<string>();
	/** Fires with the SKILL.md whose status changed. */
	readonly onDidChange = this.changeEmitter.event;

	constructor(private readonly library: LibraryService) {}

	/** The results folder for a skill: the staging folder of the workspace folder holding it, else of the first one. */
	resultsRootFor(file: string): string | undefined {
		const folders = vscode.workspace.workspaceFolders ?? [];
		const folder = folders.find(candidate => isSameOrInside(candidate.uri.fsPath, file)) ?? folders[0];
		return folder && apprenticeResultsFolder(path.join(folder.uri.fsPath, this.library.stagingFolder));
	}

	status(file: string): ApprenticeStatus | undefined {
		const cached = this.known.get(file);
		if (cached) {
			return cached;
		}
		const root = this.resultsRootFor(file);
		if (!root) {
			return undefined;
		}
		// The library listed each skill's folder when it read it: a skill without an evals/ folder costs no read here, in a library of thousands.
		const known = this.library.skill(file);
		const status: ApprenticeStatus = known && !this.onDisk.has(file) && !known.sidecars.includes(`${casesFolder}/`)
			? { state: 'no-cases', text: `${path.basename(path.dirname(file))} has no apprentice cases (${casesPath})` }
			: apprenticeStatus(root, apprenticeSkillOf(file));
		this.known.set(file, status);
		return status;
	}

	/** Forgets what was read of a skill (a run ended, or the skill or its cases changed) and says so. */
	invalidate(file: string): void {
		this.known.delete(file);
		this.onDisk.add(file);
		this.changeEmitter.fire(file);
	}

	/** A skill that changed on disk may no longer be the version the apprentice passed. */
	update(change: LibraryChange): void {
		if (change.kind === 'all') {
			this.known.clear();
			return;
		}
		for (const file of change.files) {
			this.known.delete(file);
		}
	}

	dispose(): void {
		this.changeEmitter.dispose();
	}
}
