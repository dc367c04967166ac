import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/check/findings';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { ratifyCommitMessage } from '../../core/review/proposalText';
import { actionOf, archiveProposal, memoryFindings, planFindings, planRatification, type RatifyPlan } from '../../core/review/ratify';
import type { SkillRoot } from '../../core/skill/standardRoots';
import { isInside } from '../../core/util/paths';
import { plural, errorMessage } from '../../core/util/text';
import { textFileEdit } from '../edits/workspaceEdits';
import { offerCommit } from '../git/gitCommit';
import type { LibraryService } from '../library/libraryService';
import { rootChoices } from '../library/rootChoices';
import { lifecyclePlacement } from '../settings';

/**
 * The review panel's decisions, carried out: accept as a draft, merge an update, add memory
 * facts, reject. Each write to the library is one undoable workspace edit, saved; the decided
 * proposal moves to `.accepted/` or `.rejected/` of its staging folder; nothing is deleted.
 */

export interface ActionResult {
	ok: boolean;
	message: string;
}

/** The folders a new skill can be accepted into, as the panel offers them. */
export function acceptRoots(library: LibraryService): SkillRoot[] {
	return rootChoices(library).map(choice => choice.root);
}

/** What accepting or merging would write, or why it cannot. */
export function planFor(library: LibraryService, entry: ProposalEntry, root?: SkillRoot): RatifyPlan {
	return planRatification(entry, {
		root: root?.path,
		libraryRoots: library.roots.map(candidate => candidate.path),
		memoryFolders: (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath),
		placement: lifecyclePlacement(library.config.profile),
	});
}

/** The engine's findings on what a plan writes, as if it were in the library. */
export function findingsOf(library: LibraryService, plan: RatifyPlan, root?: SkillRoot): Finding[] {
	if (plan.action === 'memory') {
		return memoryFindings(plan);
	}
	const skillRoot = plan.action === 'update'
		? library.skill(plan.file)?.root ?? library.roots.find(candidate => isInside(candidate.path, plan.file)) ?? root
		: root;
	return skillRoot ? planFindings(library.distilLibrary(), plan, skillRoot) : [];
}

/** Saves an open, changed document of a file, so what is accepted is what the person sees. */
async function saveIfDirty(file: string): Promise<void> {
	const open = vscode.workspace.textDocuments.find(document => document.uri.fsPath === file);
	if (open?.isDirty) {
		await open.save();
	}
}

/** Accepts (create, memory) or merges (update) a proposal; `root` is where a new skill goes. */
export async function ratifyProposal(library: LibraryService, entry: ProposalEntry, root: SkillRoot | undefined, log: vscode.LogOutputChannel): Promise<ActionResult> {
	if (!vscode.workspace.isTrusted) {
		return { ok: false, message: 'This workspace is not trusted: nothing was changed.' };
	}
	await saveIfDirty(entry.document);
	const target = entry.record?.target;
	if (target && vscode.workspace.textDocuments.some(document => document.uri.fsPath === target && document.isDirty)) {
		return { ok: false, message: `Nothing was changed: ${path.basename(path.dirname(target))}/${path.basename(target)} has unsaved changes. Save or revert them first.` };
	}
	let plan: RatifyPlan;
	try {
		plan = planFor(library, entry, root);
	} catch (error) {
		return { ok: false, message: `Nothing was changed: ${errorMessage(error)}.` };
	}
	const errors = findingsOf(library, plan, root).filter(finding => finding.severity === 'error');
	if (errors.length > 0) {
		return { ok: false, message: `Nothing was changed: the result has ${plural(errors.length, 'error finding')} (${[...new Set(errors.map(error => error.rule))].join(', ')}). Fix ${errors.length === 1 ? 'it' : 'them'} in the draft first.` };
	}
	const uri = vscode.Uri.file(plan.file);
	if (!await vscode.workspace.applyEdit(textFileEdit(uri, plan.before, plan.after, { label: `Skill Distiller: ${plan.action === 'update' ? 'merge' : 'accept'} ${plan.name}`, needsConfirmation: false }))) {
		return { ok: false, message: `Nothing was changed: ${plan.file} could not be written.` };
	}
	await (await vscode.workspace.openTextDocument(uri)).save();
	const decided = actionOf(entry);
	archiveProposal(entry, { kind: 'accepted', date: library.config.today, file: plan.file });
	library.removeSkill(entry.document);
	if (plan.action !== 'memory') {
		await library.reloadSkill(plan.file);
	}
	log.info(`${decided === 'update' ? 'Merged' : 'Accepted'} ${entry.dir} → ${plan.file}`);
	void offerCommit([uri], ratifyCommitMessage(entry, plan), log);
	const done = plan.action === 'create' ? `${plan.name} is in the library as a draft` : plan.action === 'update' ? `The lessons are merged into ${plan.name}` : `The facts are added to ${plan.name}`;
	return { ok: true, message: `${done}. Undo (Ctrl+Z in ${path.basename(plan.file)}) takes it back; the proposal is kept in .accepted/.` };
}

/** Rejects a proposal: it moves to `.rejected/` with the reason; nothing is deleted. */
export function rejectProposal(library: LibraryService, entry: ProposalEntry, reason: string, log: vscode.LogOutputChannel): ActionResult {
	if (!vscode.workspace.isTrusted) {
		return { ok: false, message: 'This workspace is not trusted: nothing was changed.' };
	}
	let archived: string;
	try {
		archived = archiveProposal(entry, { kind: 'rejected', date: library.config.today, reason });
	} catch (error) {
		return { ok: false, message: `Nothing was changed: ${errorMessage(error)}.` };
	}
	library.removeSkill(entry.document);
	log.info(`Rejected ${entry.dir} (${reason}) → ${archived}`);
	return { ok: true, message: `${entry.record?.name ?? entry.name} is rejected; it is kept with your reason in ${path.relative(path.dirname(path.dirname(archived)), archived)}.` };
}
