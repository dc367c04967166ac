import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { type AnalyzeServices, analyzeSkill, type SkillAnalysis } from '../core/check/analyzeSkill';
import type { CheckConfig } from '../core/check/config';
import { countFindings, type Finding, type FindingCounts } from '../core/check/findings';
import { isFixable, isSafeFix, safeFixRules } from '../core/fixes/fixesForFinding';
import type { FixState, SkillFolder } from '../core/fixes/fixPlan';
import { fixSkill, maxFixes } from '../core/fixes/fixSkill';
import type { LibraryIndex } from '../core/library/libraryIndex';
import { ruleMeta } from '../core/rules/catalog';
import { ChangedOnDiskError, removeLeftoverTemporaries, replaceFilesAtomically } from '../core/util/atomicWrite';
import { FolderLockedError, lockFolder } from '../core/util/folderLock';
import { displayPath } from '../core/util/paths';
import { errorMessage, plural, printable } from '../core/util/text';
import { writeRefusal } from '../core/util/writeSafety';
import { analyzeServicesFor, CommandError, type CommandIo, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';

export interface FixOptions extends LibraryOptions {
	format: string;
	rules: string[];
	/** Apply the suggested fixes too, not only the safe ones. */
	suggested: boolean;
	dryRun: boolean;
	/** Print the changes as one unified diff, and nothing else. */
	diff: boolean;
}

interface FileChange {
	file: string;
	action: 'modify' | 'create' | 'append';
	/** The file as it was read ('' for a new file). */
	before: string;
	after: string;
}

interface SkillFixes {
	file: string;
	fixes: { rule: string; title: string }[];
	changes: FileChange[];
	/** Whether the skill has more to fix than one run does. */
	stopped: boolean;
}

/** A skill left as it was, and why. */
interface SkillRefused {
	file: string;
	reason: string;
}

/** The files a skill's fixes write: the sidecars first, SKILL.md last, so an interrupted run never leaves SKILL.md pointing at sidecars that are not there. */
function changesOf(skillFile: string, original: string, state: FixState, disk: SkillFolder): FileChange[] {
	const dir = path.dirname(skillFile);
	const changes: FileChange[] = [];
	for (const [relative, { content, existed }] of state.sidecars) {
		changes.push({ file: path.join(dir, relative), action: existed ? 'append' : 'create', before: existed ? disk.read(relative) ?? '' : '', after: content });
	}
	if (state.text !== original) {
		changes.push({ file: skillFile, action: 'modify', before: original, after: state.text });
	}
	return changes;
}

/**
 * A skill's folder as the fixes may read it: plain files inside the library only. A sidecar
 * behind a symbolic link reads as absent, so the fix that would write it is refused rather than
 * carrying what the link points at into the library.
 */
function libraryFolder(root: string, dir: string): SkillFolder {
	return {
		read: relative => {
			const file = path.join(dir, relative);
			if (writeRefusal(root, file) !== undefined) {
				return undefined;
			}
			try {
				return fs.readFileSync(file, 'utf8');
			} catch {
				return undefined;
			}
		},
	};
}

/**
 * Runs `fix`: applies the fixes of every fixable finding (or of the rules named) to the files on
 * disk, or with `--dry-run` prints them as unified diffs and writes nothing. Each skill is planned
 * and written on its own: one that cannot be fixed safely (a file behind a symbolic link, outside
 * the library, changed meanwhile, not writable) is reported and the others are fixed. The library
 * is locked for the run, every file is checked to hold what was read before it is replaced, and
 * every write is atomic. The exit code is `check`'s for the library as the fixes leave it, and 1
 * when a skill could not be fixed.
 */
export async function runFix(options: FixOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	if (options.diff && options.format === 'json') {
		throw new UsageError('--diff prints a unified diff; it does not go with --format json');
	}
	for (const rule of options.rules) {
		if (!ruleMeta(rule) || !isFixable(rule)) {
			throw new UsageError(`--rule ${rule}: ${ruleMeta(rule) ? 'this rule has no automatic fix' : 'no such rule'}`);
		}
	}
	const { config, roots, result, skills, recheck } = await loadLibrary(options, io);
	let releases: (() => void)[] = [];
	try {
		if (!options.dryRun) {
			releases = [...new Set(roots.map(root => root.path))].sort().map(root => lockFolder(root, 'skill-distiller fix'));
		}
		const services = analyzeServicesFor(io);
		const { fixed, refused } = planFixes(options, skills, result.index, config, services);
		let remaining: Finding[];
		if (options.dryRun) {
			remaining = findingsAfterDryRun(fixed, skills, result.index, config, services);
		} else {
			const written = fixed.filter(skill => {
				const problem = writeSkillFixes(skill);
				if (problem) {
					refused.push({ file: skill.file, reason: problem });
				}
				return problem === undefined;
			});
			fixed.splice(0, fixed.length, ...written);
			const after = fixed.length > 0 ? await recheck() : result;
			remaining = skills.flatMap(skill => after.index.findings(skill.file));
		}
		const counts = countFindings(remaining);
		// Findings whose fix only a person may choose: said, so that a clean run does not read as a clean library.
		const suggested = remaining.filter(finding => isFixable(finding.rule) && !isSafeFix(finding.rule)).length;
		io.stdout.write(options.diff ? formatDiff(io, fixed)
			: options.format === 'json' ? formatFixJson(io.cwd, fixed, refused, options.dryRun, skills.length, counts, suggested)
				: formatFixText(io, fixed, refused, options.dryRun, counts, suggested));
		return counts.errors > 0 || refused.length > 0 ? 1 : 0;
	} catch (error) {
		if (error instanceof FolderLockedError) {
			throw new CommandError(error.message);
		}
		throw error;
	} finally {
		releases.forEach(release => release());
	}
}

/** The fixes of every skill that needs one, or why a skill is left as it is. */
function planFixes(options: FixOptions, skills: readonly SkillAnalysis[], index: LibraryIndex, config: CheckConfig, services: AnalyzeServices): { fixed: SkillFixes[]; refused: SkillRefused[] } {
	// Naming a rule is a person choosing its fixes; otherwise only the safe ones run, unless suggested ones are asked for.
	const wanted = options.rules.length > 0 ? new Set(options.rules) : options.suggested ? undefined : safeFixRules;
	const fixed: SkillFixes[] = [];
	const refused: SkillRefused[] = [];
	for (const skill of skills) {
		const needs = index.findings(skill.file).some(finding => isFixable(finding.rule) && (!wanted || wanted.has(finding.rule) || (finding.rule.startsWith('md/') && wanted.has('md'))));
		if (!needs) {
			continue;
		}
		const refusal = writeRefusal(skill.root.path, skill.file);
		if (refusal) {
			refused.push({ file: skill.file, reason: refusal });
			continue;
		}
		try {
			const original = fs.readFileSync(skill.file, 'utf8');
			const location = { file: skill.file, root: skill.root, inStaging: skill.inStaging };
			const disk = libraryFolder(skill.root.path, skill.dir);
			const fixes = fixSkill({
				text: original, folderName: skill.folderName, config, today: config.today, rules: wanted, disk,
				check: (text, planned): Finding[] => analyzeSkill({ location, sidecars: [...skill.sidecars, ...planned], bytes: Buffer.from(text, 'utf8') }, config, services).findings,
			});
			if (fixes.applied.length === 0) {
				continue;
			}
			const changes = changesOf(skill.file, original, fixes.state, disk);
			const blocked = changes.map(change => writeRefusal(skill.root.path, change.file)).find(reason => reason !== undefined);
			if (blocked) {
				refused.push({ file: skill.file, reason: blocked });
			} else {
				fixed.push({ file: skill.file, fixes: fixes.applied, changes, stopped: fixes.stopped });
			}
		} catch (error) {
			refused.push({ file: skill.file, reason: errorMessage(error) });
		}
	}
	return { fixed, refused };
}

/** What the library would look like: the fixed texts checked in the library index as it stands. */
function findingsAfterDryRun(fixed: readonly SkillFixes[], skills: readonly SkillAnalysis[], index: LibraryIndex, config: CheckConfig, services: AnalyzeServices): Finding[] {
	for (const { file, changes } of fixed) {
		const skill = index.get(file);
		const modified = changes.find(change => change.file === file);
		if (skill && modified) {
			const planned = changes.filter(change => change.file !== file).map(change => path.relative(skill.dir, change.file).split(path.sep).join('/'));
			index.update(analyzeSkill({ location: { file, root: skill.root, inStaging: skill.inStaging }, sidecars: [...skill.sidecars, ...planned], bytes: Buffer.from(modified.after, 'utf8') }, config, services));
		}
	}
	return skills.flatMap(skill => index.findings(skill.file));
}

/** Writes one skill's fixes, first clearing what an interrupted run left; returns why it could not, if it could not. */
function writeSkillFixes(skill: SkillFixes): string | undefined {
	try {
		for (const folder of new Set(skill.changes.map(change => path.dirname(change.file)))) {
			removeLeftoverTemporaries(folder);
		}
		replaceFilesAtomically(skill.changes.map(change => ({ file: change.file, before: change.action === 'create' ? undefined : change.before, after: change.after })));
		return undefined;
	} catch (error) {
		return error instanceof ChangedOnDiskError ? error.message : `it could not be written: ${errorMessage(error)}`;
	}
}

function formatFixJson(cwd: string, fixed: SkillFixes[], refused: SkillRefused[], dryRun: boolean, skills: number, counts: FindingCounts, suggested: number): string {
	return JSON.stringify({
		dryRun,
		fixes: fixed.flatMap(skill => skill.fixes.map(fix => ({ file: displayPath(skill.file, [cwd]), rule: fix.rule, title: fix.title }))),
		files: fixed.flatMap(skill => skill.changes.map(change => ({ file: displayPath(change.file, [cwd]), action: change.action }))),
		refused: refused.map(skill => ({ file: displayPath(skill.file, [cwd]), reason: skill.reason })),
		unfinished: fixed.filter(skill => skill.stopped).map(skill => displayPath(skill.file, [cwd])),
		summary: { skills, fixed: fixed.length, refused: refused.length, fixes: fixed.reduce((sum, skill) => sum + skill.fixes.length, 0), ...counts, suggested },
	}, null, 2) + '\n';
}

/** A change as a unified diff, paths shown relative to the current folder (`a/`, `b/`, `/dev/null` for a new file). */
function patchOf(io: CommandIo, change: FileChange): string[] {
	const shown = printable(displayPath(change.file, [io.cwd]));
	const patch = createTwoFilesPatch(change.action === 'create' ? '/dev/null' : `a/${shown}`, `b/${shown}`, change.before, change.after, '', '', { context: 3 });
	// Only the final line end goes: a last context line of a blank line is a lone space that must stay.
	return patch.replace(/\n$/, '').split('\n').map(printable);
}

/** `--diff`: every change as one unified diff, nothing else, so it can be reviewed or applied with `git apply`. */
function formatDiff(io: CommandIo, fixed: SkillFixes[]): string {
	const lines = fixed.flatMap(skill => skill.changes.flatMap(change => patchOf(io, change).filter(line => !line.startsWith('==='))));
	return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function formatFixText(io: CommandIo, fixed: SkillFixes[], refused: SkillRefused[], dryRun: boolean, counts: FindingCounts, suggested: number): string {
	const colors = pc.createColors(wantsColor(io));
	const out: string[] = [];
	for (const skill of fixed) {
		out.push(colors.underline(printable(displayPath(skill.file, [io.cwd]))));
		for (const fix of skill.fixes) {
			out.push(`  ${dryRun ? 'would fix' : 'fixed'} ${colors.dim(fix.rule)}: ${printable(fix.title)}`);
		}
		for (const change of skill.changes) {
			const shown = printable(displayPath(change.file, [io.cwd]));
			if (!dryRun) {
				out.push(`  ${change.action === 'modify' ? 'modified' : change.action === 'create' ? 'created' : 'appended to'} ${shown}`);
				continue;
			}
			out.push(...patchOf(io, change).map(line => (line.startsWith('+') && !line.startsWith('+++') ? colors.green(line) : line.startsWith('-') && !line.startsWith('---') ? colors.red(line) : line)));
		}
		if (skill.stopped) {
			out.push(colors.yellow(`  stopped after ${maxFixes} fixes, the most one run makes in a skill: run fix again for the rest`));
		}
		out.push('');
	}
	for (const skill of refused) {
		out.push(colors.underline(printable(displayPath(skill.file, [io.cwd]))), colors.red(`  not fixed: ${printable(skill.reason)}`), '');
	}
	const fixes = fixed.reduce((sum, skill) => sum + skill.fixes.length, 0);
	const files = fixed.reduce((sum, skill) => sum + skill.changes.length, 0);
	const remaining = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info`;
	const notFixed = refused.length > 0 ? `; ${plural(refused.length, 'skill')} not fixed` : '';
	if (suggested > 0) {
		out.push(colors.dim(`${plural(suggested, 'finding')} ${suggested === 1 ? 'has' : 'have'} a suggested fix, never applied unasked: run fix with --suggested or --rule <id>, or use the quick fix in VS Code`));
	}
	out.push(fixes === 0
		? `nothing to fix${notFixed}; ${remaining} remain`
		: `${dryRun ? 'would apply' : 'applied'} ${plural(fixes, 'fix', 'fixes')} in ${plural(fixed.length, 'skill')} (${plural(files, 'file')})${notFixed}; ${remaining} ${dryRun ? 'would remain' : 'remain'}`);
	return out.join('\n') + '\n';
}
