import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPatch, structuredPatch } from 'diff';
import { casesPath, parseCases, readCases, type SkillCase } from '../apprentice/cases';
import type { Finding } from '../check/findings';
import type { ProposalAction } from '../distil/classify';
import type { DistilLibrary } from '../distil/distilSession';
import { isMemoryFileName, memoryFilesListed, type ProposalEntry, proposalFileName, type ProposalRecord, recordDecision, targetBaseFileName } from '../distil/proposalStore';
import { provenancePattern } from '../distil/skillDraft';
import { appendSeparator, lineEnding } from '../fixes/fixPlan';
import { listSkillFolder } from '../library/readSkill';
import { nameProblem } from '../rules/frontmatterRules';
import { redactSecrets } from '../secrets/redact';
import { parseFrontmatter } from '../skill/frontmatter';
import type { LifecyclePlacement } from '../skill/scaffold';
import { skillLines } from '../skill/skillSections';
import { skillFileName } from '../skill/skillText';
import type { SkillRoot } from '../skill/standardRoots';
import { writeFilesAtomically } from '../util/atomicWrite';
import { isInside } from '../util/paths';
import { errorMessage } from '../util/text';
import { writeRefusal } from '../util/writeSafety';
import { asDraft, withoutProvenance } from './lifecycleEdits';

/**
 * Ratifying a proposal (proposal → draft in the library), merging an update, and archiving a
 * decided proposal. Pure planning plus the file moves; the CLI writes a plan atomically, the
 * extension as one undoable workspace edit.
 */

export class RatifyError extends Error {}

/** What ratifying writes: one file, new or changed. */
export interface RatifyPlan {
	action: ProposalAction;
	/** The skill's name, or the memory file's, for messages and commit messages. */
	name: string;
	file: string;
	/** The file's text now; undefined for a new file. */
	before?: string;
	after: string;
	/** The apprentice cases that come with the proposal, written to the skill's evals/cases.json (added to the cases it has). */
	cases?: { file: string; before?: string; after: string };
}

/**
 * The skill's evals/cases.json once the proposal's cases are added: a case whose task and check
 * the skill has already is not added twice, and one whose id is taken gets a new one. Undefined
 * when the proposal brings no new case. A cases file that cannot be read is refused, never
 * overwritten.
 */
function casesPlan(entry: ProposalEntry, skillDir: string): RatifyPlan['cases'] {
	const proposed = readCases(entry.dir);
	if (!proposed.exists) {
		return undefined;
	}
	if (proposed.problems.length > 0) {
		throw new RatifyError(`the proposal's ${casesPath} has a problem (${proposed.problems[0].message}); fix it (Edit cases) first`);
	}
	const file = path.join(skillDir, casesPath);
	const before = fs.existsSync(file) ? readText(file, 'the cases file') : undefined;
	let existing: Record<string, unknown> & { cases: SkillCase[] } = { cases: [] };
	if (before !== undefined) {
		const parsed = parseCases(before);
		let raw: unknown;
		try {
			raw = JSON.parse(before);
		} catch {
			raw = undefined;
		}
		if (parsed.problems.length > 0 && parsed.cases.length === 0) {
			throw new RatifyError(`${path.basename(skillDir)}/${casesPath} has a problem (${parsed.problems[0].message}); fix it before the proposal's cases are added`);
		}
		existing = { ...raw as Record<string, unknown>, cases: (raw as { cases: SkillCase[] }).cases };
	}
	const added: SkillCase[] = [];
	for (const item of proposed.cases) {
		const all = [...existing.cases, ...added];
		if (all.some(other => other.task === item.task && other.check === item.check)) {
			continue;
		}
		let id = item.id;
		for (let attempt = 2; all.some(other => other.id === id); attempt++) {
			id = `${item.id}-${attempt}`;
		}
		added.push({ ...item, id });
	}
	// Whatever else the person keeps in the file stays; the cases are appended.
	return added.length === 0 ? undefined : { file, before, after: `${JSON.stringify({ ...existing, cases: [...existing.cases, ...added] }, null, '\t')}\n` };
}

/** The real path of a file that may not exist yet (its nearest existing folder resolved), so symbolic links cannot lead out of a root. */
function realPathOf(file: string): string {
	let existing = path.resolve(file);
	const rest: string[] = [];
	while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
		rest.unshift(path.basename(existing));
		existing = path.dirname(existing);
	}
	return path.join(fs.realpathSync(existing), ...rest);
}

/** Whether a file is inside a folder once both are resolved on disk. */
export function isInsideRoot(root: string, file: string): boolean {
	return fs.existsSync(root) ? isInside(fs.realpathSync(root), realPathOf(file)) : isInside(path.resolve(root), path.resolve(file));
}

/**
 * The folder of a skill named `name` in `root`. Refused unless the name is a spec name (which
 * has no `/`, `\` or `..`) and the folder, symbolic links resolved, is inside the root.
 */
export function skillFolderIn(root: string, name: string): string {
	const problem = nameProblem(name);
	if (problem) {
		throw new RatifyError(`the name "${name}" ${problem}; it cannot name a folder`);
	}
	const dir = path.join(root, name);
	if (!isInsideRoot(root, dir)) {
		throw new RatifyError(`${name} would be written outside ${root}`);
	}
	return dir;
}

function readText(file: string, what: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new RatifyError(`${what} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
	}
}

export interface RatifyOptions {
	/** The library root a new skill is written to. */
	root?: string;
	/** The roots an update's target must be inside. */
	libraryRoots: readonly string[];
	/** The folders a memory file may be written in (the workspace folders). */
	memoryFolders: readonly string[];
	placement: LifecyclePlacement;
}

/** The action of a proposal; one made by hand (a SKILL.md without proposal.json) is a new skill. */
export function actionOf(entry: ProposalEntry): ProposalAction {
	return entry.record?.action ?? 'create';
}

/**
 * The text an update writes: the proposal as it is when the target has not changed since it was
 * proposed; otherwise the proposal's own changes applied to the current target (a three-way
 * merge through the `diff` library), refused when they overlap the person's.
 */
export function mergedUpdate(entry: ProposalEntry, current: string, proposal = readText(entry.document, 'the proposal')): string {
	const proposed = withoutProvenance(proposal, provenancePattern);
	const baseFile = path.join(entry.dir, targetBaseFileName);
	if (!fs.existsSync(baseFile)) {
		return proposed;
	}
	const base = fs.readFileSync(baseFile, 'utf8');
	if (base === current) {
		return proposed;
	}
	// One line of context: enough to place each change, little enough that the person's nearby edits do not block it.
	const merged = applyPatch(current, structuredPatch(skillFileName, skillFileName, base, proposed, undefined, undefined, { context: 1 }));
	if (merged === false) {
		throw new RatifyError('the skill changed since the proposal was made and the changes overlap: edit the draft to start from the current skill, or reject the proposal');
	}
	return merged;
}

/**
 * The findings on memory facts a plan adds: they are no skill, so the only check is the one that
 * matters for a file every agent session reads, a credential among them.
 */
export function memoryFindings(plan: RatifyPlan): Finding[] {
	const added = plan.after.slice(plan.before?.length ?? 0);
	return redactSecrets(added) === added ? [] : [{
		file: plan.file, rule: 'secret', severity: 'error', message: 'the facts hold something that looks like a credential', line: 1, column: 1, endLine: 1, endColumn: 1, related: [],
	}];
}

/**
 * The engine's findings on what a plan writes, as if it were in the library under `root` (an
 * update with the sidecars its target has); for memory facts, `memoryFindings`.
 */
export async function planFindings(library: DistilLibrary, plan: RatifyPlan, root: SkillRoot): Promise<Finding[]> {
	if (plan.action === 'memory') {
		return memoryFindings(plan);
	}
	const sidecars = plan.action === 'update' ? listSkillFolder(path.dirname(plan.file)) : [];
	return library.checkAsIf(plan.file, root, plan.after, sidecars);
}

function isMemoryFileIn(folder: string, file: string): boolean {
	return isInside(folder, file) && isMemoryFileName(path.relative(folder, file));
}

/**
 * Whether memory facts may be added to `target`: a memory file inside one of `folders`, as named
 * and with symbolic links resolved, so a CLAUDE.md linked to AGENTS.md is one and a CLAUDE.md
 * linked to README.md is not.
 */
function isMemoryTarget(target: string, folders: readonly string[]): boolean {
	return path.isAbsolute(target) && folders.some(folder => isMemoryFileIn(path.resolve(folder), path.resolve(target)) && isMemoryFileIn(realPathOf(folder), realPathOf(target)));
}

/** Why a proposal folder must not be acted on: one that is a symbolic link would have its target rewritten when it is archived. */
function linkedProposalProblem(entry: ProposalEntry): string | undefined {
	return fs.lstatSync(entry.dir, { throwIfNoEntry: false })?.isSymbolicLink()
		? `the proposal folder ${entry.dir} is a symbolic link; a proposal is only taken from, and archived in, a folder of its own`
		: undefined;
}

/** Why a new skill cannot go into `root`: it is a link to nothing, or not a folder. A root that does not exist yet is created with the skill. */
function libraryRootProblem(root: string): string | undefined {
	const entry = fs.lstatSync(root, { throwIfNoEntry: false });
	if (!entry) {
		return undefined;
	}
	const stat = fs.statSync(root, { throwIfNoEntry: false });
	if (!stat) {
		return `the library folder ${root} is a symbolic link to ${fs.readlinkSync(root)}, which does not exist; nothing was written`;
	}
	return stat.isDirectory() ? undefined : `the library folder ${root} is not a folder; nothing was written`;
}

/** Works out what accepting (create, memory) or merging (update) a proposal writes; refuses anything unsafe. */
export function planRatification(entry: ProposalEntry, options: RatifyOptions): RatifyPlan {
	const problem = entry.problem ?? linkedProposalProblem(entry);
	if (problem) {
		throw new RatifyError(problem);
	}
	const action = actionOf(entry);
	const record = entry.record;
	if (action === 'update') {
		const target = record?.target ?? '';
		if (!path.isAbsolute(target) || path.basename(target) !== skillFileName || !options.libraryRoots.some(root => isInsideRoot(root, target))) {
			throw new RatifyError(`the target ${target || '(none)'} is not a SKILL.md in the library; nothing was merged`);
		}
		const before = readText(target, 'the skill');
		const name = String(parseFrontmatter(skillLines(before).lines).data.name ?? path.basename(path.dirname(target)));
		return { action, name, file: target, before, after: mergedUpdate(entry, before), cases: casesPlan(entry, path.dirname(target)) };
	}
	if (action === 'memory') {
		const target = record?.target ?? '';
		if (!isMemoryTarget(target, options.memoryFolders)) {
			throw new RatifyError(`the memory file ${target || '(none)'} is not one agents read (${memoryFilesListed}) in the workspace; nothing was written`);
		}
		const facts = readText(entry.document, 'the proposal').split(/\r?\n/).filter(line => line.startsWith('- '));
		const before = fs.existsSync(target) ? readText(target, 'the memory file') : undefined;
		const eol = before ? lineEnding(before) : '\n';
		const existing = before ?? '';
		return { action, name: path.basename(target), file: target, before, after: `${existing}${appendSeparator(existing, eol)}${facts.join(eol)}${eol}` };
	}
	if (!options.root) {
		throw new RatifyError('choose the library folder the new skill goes into');
	}
	const text = readText(entry.document, 'the proposal');
	const frontmatter = parseFrontmatter(skillLines(text).lines);
	const name = frontmatter.data.name;
	if (typeof name !== 'string') {
		throw new RatifyError('the draft has no name in its frontmatter');
	}
	const rootProblem = libraryRootProblem(options.root);
	if (rootProblem) {
		throw new RatifyError(rootProblem);
	}
	const dir = skillFolderIn(options.root, name);
	const refusal = writeRefusal(options.root, path.join(dir, skillFileName));
	if (refusal) {
		throw new RatifyError(`${refusal}; nothing was written`);
	}
	if (fs.lstatSync(dir, { throwIfNoEntry: false })) {
		throw new RatifyError(`${path.basename(options.root)}/${name} exists already: rename the draft, or merge the lessons into that skill`);
	}
	return { action, name, file: path.join(dir, skillFileName), after: asDraft(text, provenancePattern, options.placement), cases: casesPlan(entry, dir) };
}

export type Outcome = NonNullable<ProposalRecord['outcome']>;

/**
 * Moves a decided proposal out of the pending list, into `.accepted/` or `.rejected/` of its
 * staging folder, and records the decision in its proposal.json and in the staging folder's
 * ledger, so a lesson a person rejected is not proposed again. Nothing is deleted.
 */
export function archiveProposal(entry: ProposalEntry, outcome: Outcome): string {
	const problem = linkedProposalProblem(entry);
	if (problem) {
		throw new RatifyError(problem);
	}
	const archive = path.join(path.dirname(entry.dir), outcome.kind === 'accepted' ? '.accepted' : '.rejected');
	fs.mkdirSync(archive, { recursive: true });
	let destination = path.join(archive, entry.name);
	for (let attempt = 2; fs.existsSync(destination); attempt++) {
		destination = path.join(archive, `${entry.name}-${attempt}`);
	}
	fs.renameSync(entry.dir, destination);
	const recordFile = path.join(destination, proposalFileName);
	const record: Record<string, unknown> = entry.record ? { ...entry.record } : { name: entry.name };
	writeFilesAtomically(new Map([[recordFile, `${JSON.stringify({ ...record, outcome }, null, '\t')}\n`]]));
	recordDecision(path.dirname(entry.dir), entry.name, entry.record?.lessons?.map(lesson => lesson.key) ?? [], { state: outcome.kind, date: outcome.date, reason: outcome.reason });
	return destination;
}

/**
 * Takes a decision back: the archived proposal returns to the pending folder it came from,
 * without its outcome, and its lessons are pending again in the ledger. Refused when that folder
 * has been taken meanwhile.
 */
export function restoreProposal(archived: string, pendingDir: string, date: string): void {
	if (fs.existsSync(pendingDir)) {
		throw new RatifyError(`${path.basename(pendingDir)} is pending again already`);
	}
	fs.renameSync(archived, pendingDir);
	const recordFile = path.join(pendingDir, proposalFileName);
	let record: Partial<ProposalRecord> = {};
	try {
		record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as Partial<ProposalRecord>;
	} catch {
		return;
	}
	delete record.outcome;
	writeFilesAtomically(new Map([[recordFile, `${JSON.stringify(record, null, '\t')}\n`]]));
	recordDecision(path.dirname(pendingDir), path.basename(pendingDir), record.lessons?.map(lesson => lesson.key) ?? [], { state: 'proposed', date });
}
