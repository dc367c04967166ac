import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import type { Finding } from '../core/check/findings';
import { apprenticeStatus } from '../core/apprentice/apprenticeStatus';
import { apprenticeResultsFolder } from '../core/apprentice/runApprentice';
import { lifecyclePlacementFor } from '../core/check/profiles';
import { defaultStagingFolder } from '../core/library/discovery';
import { readProposal } from '../core/distil/proposalStore';
import { indexedLibrary } from '../core/library/distilLibrary';
import { LibraryIndex } from '../core/library/libraryIndex';
import { LifecycleEditError, promoteToStable } from '../core/review/lifecycleEdits';
import { actionOf, archiveProposal, memoryFindings, planFindings, planRatification, RatifyError } from '../core/review/ratify';
import { skillFileName } from '../core/skill/skillText';
import { ChangedOnDiskError, type Replacement, replaceFilesAtomically } from '../core/util/atomicWrite';
import { displayPath, isInside } from '../core/util/paths';
import { errorMessage, plural, printable } from '../core/util/text';
import { analyzeServicesFor, CommandError, type CommandIo, type LibraryOptions, loadLibrary, resolveLibraryConfig, UsageError, wantsColor } from './loadLibrary';

export interface RatifyCommandOptions extends LibraryOptions {
	proposal?: string;
	format: string;
}

export interface PromoteCommandOptions extends LibraryOptions {
	skill?: string;
	note?: string;
	format: string;
	/** Refuse unless a fresh agent passed the skill's cases as it is now. */
	requireApprentice?: boolean;
	/** The staging folder whose `.apprentice` holds the results. */
	out?: string;
}

function checkFormat(format: string): void {
	if (!['text', 'json'].includes(format)) {
		throw new UsageError(`--format must be text or json, not "${format}"`);
	}
}

/** The error findings that block a lifecycle step, printed for the person; the exit code is 1. */
function refuse(io: CommandIo, format: string, what: string, errors: readonly Finding[]): number {
	if (format === 'json') {
		io.stdout.write(`${JSON.stringify({ done: false, reason: `${what} has error findings`, errors: errors.map(({ rule, line, message }) => ({ rule, line, message })) }, null, 2)}\n`);
		return 1;
	}
	const colors = pc.createColors(wantsColor(io));
	io.stdout.write(`${colors.red(`✖ ${printable(what)} has ${plural(errors.length, 'error finding')}; nothing was written:`)}\n${errors.map(error => `  line ${error.line}  ${printable(error.message)}  ${colors.dim(error.rule)}`).join('\n')}\n`);
	return 1;
}

function writeOrExplain(...replacements: Replacement[]): void {
	try {
		replaceFilesAtomically(replacements);
	} catch (error) {
		if (error instanceof ChangedOnDiskError) {
			throw new CommandError(error.message);
		}
		if ((error as NodeJS.ErrnoException).code !== undefined) {
			throw new CommandError(`${replacements.map(({ file }) => file).join(' and ')} could not be written: ${errorMessage(error)}`);
		}
		throw error;
	}
}

function report(io: CommandIo, format: string, result: Record<string, unknown>, text: string): number {
	io.stdout.write(format === 'json' ? `${JSON.stringify({ done: true, ...result }, null, 2)}\n` : `${pc.createColors(wantsColor(io)).green('✔')} ${text}\n`);
	return 0;
}

/**
 * Runs `ratify`: accepts a proposal as a draft in the library given with `--library` (a new
 * skill), merges an update into its target (which must be inside a `--library`), or adds memory
 * facts to the memory file it names (CLAUDE.md, AGENTS.md… in the current folder); then archives
 * the proposal under `.accepted/`. Refuses (exit 1) while the result would have error findings.
 */
export async function runRatify(options: RatifyCommandOptions, io: CommandIo): Promise<number> {
	checkFormat(options.format);
	if (!options.proposal) {
		throw new UsageError('ratify needs the proposal folder');
	}
	const entry = readProposal(path.resolve(io.cwd, options.proposal));
	if (!entry) {
		throw new UsageError(`${options.proposal} holds no proposal (no proposal.json, SKILL.md or MEMORY.md)`);
	}
	if (actionOf(entry) !== 'memory' && options.paths.length === 0) {
		throw new UsageError('ratify needs --library <dir>: the skills folder the proposal goes into');
	}
	const roots = options.paths.map(given => path.resolve(io.cwd, given));
	const { config } = resolveLibraryConfig(options, io);
	let plan;
	try {
		plan = planRatification(entry, { root: roots[0], libraryRoots: roots, memoryFolders: [io.cwd], placement: lifecyclePlacementFor(config.profile) });
	} catch (error) {
		if (error instanceof RatifyError) {
			throw new CommandError(error.message);
		}
		throw error;
	}
	let findings: Finding[];
	if (plan.action === 'memory') {
		findings = memoryFindings(plan);
	} else {
		// A standard root such as .claude/skills may not exist before its first skill: it is checked as an empty library and created only when the draft is written.
		const existing = roots.filter(root => fs.statSync(root, { throwIfNoEntry: false })?.isDirectory());
		const index = existing.length > 0 ? (await loadLibrary({ ...options, paths: existing }, io)).result.index : new LibraryIndex(config);
		const library = indexedLibrary(index, config, analyzeServicesFor(io));
		const root = roots.find(candidate => isInside(candidate, plan.file)) ?? roots[0];
		findings = await planFindings(library, plan, { path: root, label: displayPath(root, [io.cwd]), scope: 'folder' });
	}
	const errors = findings.filter(finding => finding.severity === 'error');
	if (errors.length > 0) {
		return refuse(io, options.format, `the ${plan.action === 'update' ? 'merged skill' : plan.action === 'memory' ? 'memory facts' : 'draft'}`, errors);
	}
	// The skill's file last: an interrupted write never leaves it without the cases it came with.
	writeOrExplain(...plan.cases ? [{ before: undefined, ...plan.cases }] : [], { file: plan.file, before: plan.before, after: plan.after });
	const archived = archiveProposal(entry, { kind: 'accepted', date: config.today, file: plan.file });
	const verb = plan.action === 'create' ? 'accepted as a draft' : plan.action === 'update' ? 'merged into' : 'added to';
	return report(io, options.format, { action: plan.action, name: plan.name, file: plan.file, archived, ...plan.cases ? { cases: plan.cases.file } : {} },
		printable(`${plan.action === 'memory' ? 'the facts were' : plan.name} ${verb} ${displayPath(plan.file, [io.cwd])}; the proposal is archived in ${displayPath(archived, [io.cwd])}`));
}

/**
 * Runs `promote`: a draft skill validated on a real task becomes stable (`status` and `priority`
 * removed, `validated` and the note added, a line in its Iteration Log). Refuses (exit 1) while
 * the skill has error findings.
 */
export async function runPromote(options: PromoteCommandOptions, io: CommandIo): Promise<number> {
	checkFormat(options.format);
	if (!options.skill) {
		throw new UsageError('promote needs the skill folder');
	}
	if (!options.note?.trim()) {
		throw new UsageError('promote needs --note "<the real task that validated the skill>"');
	}
	const given = path.resolve(io.cwd, options.skill);
	const file = path.basename(given) === skillFileName ? given : path.join(given, skillFileName);
	if (!fs.existsSync(file)) {
		throw new UsageError(`no SKILL.md in ${options.skill}`);
	}
	const { config, result } = await loadLibrary({ ...options, paths: [file] }, io);
	const errors = result.index.findings(file).filter(finding => finding.severity === 'error');
	if (errors.length > 0) {
		return refuse(io, options.format, displayPath(file, [io.cwd]), errors);
	}
	const apprentice = apprenticeStatus(apprenticeResultsFolder(path.resolve(io.cwd, options.out ?? defaultStagingFolder)), { dir: path.dirname(file), name: path.basename(path.dirname(file)) });
	if (options.requireApprentice && apprentice.state !== 'passed') {
		if (options.format === 'json') {
			io.stdout.write(`${JSON.stringify({ done: false, reason: `the apprentice test is required: ${apprentice.text}`, apprentice: { state: apprentice.state, text: apprentice.text } }, null, 2)}\n`);
		} else {
			io.stdout.write(`${pc.createColors(wantsColor(io)).red(`✖ ${printable(displayPath(file, [io.cwd]))} is not promoted: the apprentice test is required and ${printable(apprentice.text)}; nothing was written.`)}\n`);
		}
		return 1;
	}
	const before = fs.readFileSync(file, 'utf8');
	let after: string;
	try {
		after = promoteToStable(before, { today: config.today, note: options.note, placement: lifecyclePlacementFor(config.profile) });
	} catch (error) {
		if (error instanceof LifecycleEditError) {
			throw new CommandError(`${displayPath(file, [io.cwd])}: ${error.message}`);
		}
		throw error;
	}
	writeOrExplain({ file, before, after });
	return report(io, options.format, { file, validated: config.today, note: options.note.trim(), apprentice: { state: apprentice.state, text: apprentice.text } },
		printable(`${displayPath(file, [io.cwd])} is stable: validated ${config.today} on ${options.note.trim()} (apprentice test: ${apprentice.text})`));
}
