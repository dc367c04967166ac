import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../../core/check/findings';
import type { ProposalEntry } from '../../core/distil/proposalStore';
import { ratifyCommitMessage } from '../../core/review/proposalText';
import { actionOf, archiveProposal, memoryFindings, planFindings, planRatification, type RatifyPlan, restoreProposal } from '../../core/review/ratify';
import type { SkillRoot } from '../../core/skill/standardRoots';
import { isInside } from '../../core/util/paths';
import { plural, errorMessage } from '../../core/util/text';
import { currentText, saveDocuments, textFileEdit } from '../edits/workspaceEdits';
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
	/** What takes the decision back, when one was made. */
	decision?: Decision;
}

/** A decision carried out, with what undoing it needs. */
export interface Decision {
	/** The proposal's pending folder and document, where undoing puts it back. */
	entry: Pick<ProposalEntry, 'dir' | 'document' | 'name'>;
	/** Where the proposal was archived. */
	archived: string;
	/** What accepting wrote to the library; undefined for a rejection. */
	plan?: RatifyPlan;
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
export async function findingsOf(library: LibraryService, plan: RatifyPlan, root?: SkillRoot): Promise<Finding[]> {
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
	const errors = (await findingsOf(library, plan, root)).filter(finding => finding.severity === 'error');
	if (errors.length > 0) {
		return { ok: false, message: `Nothing was changed: the result has ${plural(errors.length, 'error finding')} (${[...new Set(errors.map(error => error.rule))].join(', ')}). Fix ${errors.length === 1 ? 'it' : 'them'} in the draft first.` };
	}
	const uri = vscode.Uri.file(plan.file);
	const metadata = { label: `Skill Distiller: ${plan.action === 'update' ? 'merge' : 'accept'} ${plan.name}`, needsConfirmation: false };
	// The cases that come with the proposal are written in the same edit: one undo takes both back.
	const edit = plan.cases ? textFileEdit(vscode.Uri.file(plan.cases.file), plan.cases.before, plan.cases.after, metadata) : undefined;
	if (!await vscode.workspace.applyEdit(textFileEdit(uri, plan.before, plan.after, metadata, edit))) {
		return { ok: false, message: `Nothing was changed: ${plan.file} could not be written.` };
	}
	const unsaved = await saveDocuments([...plan.cases ? [vscode.Uri.file(plan.cases.file)] : [], uri]);
	const decided = actionOf(entry);
	const archived = archiveProposal(entry, { kind: 'accepted', date: library.config.today, file: plan.file });
	await library.removeSkill(entry.document);
	if (plan.action !== 'memory') {
		await library.reloadSkill(plan.file);
	}
	log.info(`${decided === 'update' ? 'Merged' : 'Accepted'} ${entry.dir} → ${plan.file}`);
	void offerCommit([uri], ratifyCommitMessage(entry, plan), log);
	const done = plan.action === 'create' ? `${plan.name} is in the library as a draft` : plan.action === 'update' ? `The lessons are merged into ${plan.name}` : `The facts are added to ${plan.name}`;
	const notSaved = unsaved.length > 0 ? ` ${unsaved.map(file => vscode.workspace.asRelativePath(file)).join(' and ')} could not be saved: save ${unsaved.length === 1 ? 'it' : 'them'} to keep the change.` : '';
	return { ok: true, message: `${done}; the proposal is kept in .accepted/.${notSaved}`, decision: { entry, archived, plan } };
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
	void library.removeSkill(entry.document);
	log.info(`Rejected ${entry.dir} (${reason}) → ${archived}`);
	return {
		ok: true,
		message: `${entry.record?.name ?? entry.name} is rejected; it is kept with your reason in ${path.relative(path.dirname(path.dirname(archived)), archived)}.`,
		decision: { entry, archived },
	};
}

/** Takes back the cases accepting added: the file as it was, or gone (with its evals folder, when empty) if accepting created it. */
async function revertCases(cases: NonNullable<RatifyPlan['cases']>): Promise<string | undefined> {
	const uri = vscode.Uri.file(cases.file);
	if (currentText(uri) !== cases.after) {
		return `${cases.file} changed since it was accepted; take the change back by hand`;
	}
	const edit = cases.before === undefined ? new vscode.WorkspaceEdit() : textFileEdit(uri, cases.after, cases.before);
	if (cases.before === undefined) {
		edit.deleteFile(uri, { ignoreIfNotExists: true });
	}
	if (!await vscode.workspace.applyEdit(edit, { isRefactoring: false })) {
		return `${cases.file} could not be written`;
	}
	if (cases.before === undefined) {
		try {
			fs.rmdirSync(path.dirname(cases.file));
		} catch {
			// Not empty: it stays.
		}
	} else if ((await saveDocuments([uri])).length > 0) {
		return `${cases.file} is taken back in the editor but could not be saved`;
	}
	return undefined;
}

/** Takes back what accepting wrote: the file as it was before, or gone if accepting created it. */
async function revertPlan(library: LibraryService, plan: RatifyPlan): Promise<string | undefined> {
	const casesProblem = plan.cases && await revertCases(plan.cases);
	if (casesProblem) {
		return casesProblem;
	}
	const uri = vscode.Uri.file(plan.file);
	if (currentText(uri) !== plan.after) {
		return `${path.basename(path.dirname(plan.file))}/${path.basename(plan.file)} changed since it was accepted; take the change back by hand`;
	}
	if (plan.before === undefined) {
		const edit = new vscode.WorkspaceEdit();
		edit.deleteFile(uri, { ignoreIfNotExists: true });
		if (!await vscode.workspace.applyEdit(edit, { isRefactoring: false })) {
			return `${plan.file} could not be removed`;
		}
		if (plan.action === 'create') {
			// The folder accepting made goes too, unless something else was put in it meanwhile.
			try {
				fs.rmdirSync(path.dirname(plan.file));
			} catch {
				// Not empty: it stays.
			}
		}
		await library.removeSkill(plan.file);
		return undefined;
	}
	if (!await vscode.workspace.applyEdit(textFileEdit(uri, plan.after, plan.before, { label: `Skill Distiller: undo accepting ${plan.name}`, needsConfirmation: false }))) {
		return `${plan.file} could not be written`;
	}
	if ((await saveDocuments([uri])).length > 0) {
		return `${plan.file} is taken back in the editor but could not be saved`;
	}
	await library.reloadSkill(plan.file);
	return undefined;
}

/** Undoes an accept or a reject: the library as it was, the proposal pending again. */
export async function undoDecision(library: LibraryService, decision: Decision, log: vscode.LogOutputChannel): Promise<ActionResult> {
	const { plan } = decision;
	const problem = plan && await revertPlan(library, plan);
	if (problem) {
		return { ok: false, message: `Not undone: ${problem}.` };
	}
	try {
		restoreProposal(decision.archived, decision.entry.dir, library.config.today);
	} catch (error) {
		return { ok: false, message: `The library is as it was, but the proposal could not be put back: ${errorMessage(error)}.` };
	}
	await library.reloadSkill(decision.entry.document);
	log.info(`Undid the decision on ${decision.entry.dir}`);
	const reverted = !plan ? '' : plan.action === 'create' ? `${plan.name} is out of the library again and ` : `${plan.name} is as it was and `;
	return { ok: true, message: `Undone: ${reverted}the proposal is pending again.` };
}
