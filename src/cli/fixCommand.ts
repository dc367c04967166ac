import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { analyzeSkill } from '../core/check/analyzeSkill';
import { countFindings, type Finding } from '../core/check/findings';
import { isFixable } from '../core/fixes/fixesForFinding';
import type { FixState } from '../core/fixes/fixPlan';
import { fixSkill } from '../core/fixes/fixSkill';
import { MarkdownlintCache } from '../core/library/markdownlintCache';
import { nodeAnalyzeServices } from '../core/library/readSkill';
import { ruleMeta } from '../core/rules/catalog';
import { writeFilesAtomically } from '../core/util/atomicWrite';
import { displayPath } from '../core/util/paths';
import { plural } from '../core/util/text';
import { type CommandIo, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';

export interface FixOptions extends LibraryOptions {
	format: string;
	rules: string[];
	dryRun: boolean;
}

interface FileChange {
	file: string;
	action: 'modify' | 'create' | 'append';
	before: string;
	after: string;
}

interface SkillFixes {
	file: string;
	fixes: { rule: string; title: string }[];
	changes: FileChange[];
}

function changesOf(skillFile: string, original: string, state: FixState): FileChange[] {
	const dir = path.dirname(skillFile);
	const changes: FileChange[] = state.text === original ? [] : [{ file: skillFile, action: 'modify', before: original, after: state.text }];
	for (const [relative, { content, existed }] of state.sidecars) {
		const file = path.join(dir, relative);
		const before = existed ? fs.readFileSync(file, 'utf8') : '';
		changes.push({ file, action: existed ? 'append' : 'create', before, after: content });
	}
	return changes;
}

/**
 * Runs `fix`: applies the fixes of every fixable finding (or of the rules named) to the files on
 * disk, atomically, or with `--dry-run` prints them as unified diffs and writes nothing. The exit
 * code is `check`'s for the library as the fixes leave it.
 */
export async function runFix(options: FixOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	for (const rule of options.rules) {
		if (!ruleMeta(rule) || !isFixable(rule)) {
			throw new UsageError(`--rule ${rule}: ${ruleMeta(rule) ? 'this rule has no automatic fix' : 'no such rule'}`);
		}
	}
	const { config, result, skills, recheck } = await loadLibrary(options, io);
	const wanted = options.rules.length > 0 ? new Set(options.rules) : undefined;
	const services = nodeAnalyzeServices(MarkdownlintCache.empty().run);
	const today = config.today;
	const fixed: SkillFixes[] = [];
	for (const skill of skills) {
		const needs = result.index.findings(skill.file).some(finding => isFixable(finding.rule) && (!wanted || wanted.has(finding.rule) || (finding.rule.startsWith('md/') && wanted.has('md'))));
		if (!needs) {
			continue;
		}
		const original = fs.readFileSync(skill.file, 'utf8');
		const location = { file: skill.file, root: skill.root, inStaging: skill.inStaging };
		const fixes = fixSkill({
			text: original,
			folderName: skill.folderName,
			config,
			today,
			rules: wanted,
			disk: { read: relative => readIfFile(path.join(skill.dir, relative)) },
			check: (text, planned): Finding[] => analyzeSkill({ location, sidecars: [...skill.sidecars, ...planned], bytes: Buffer.from(text, 'utf8') }, config, services).findings,
		});
		if (fixes.applied.length > 0) {
			fixed.push({ file: skill.file, fixes: fixes.applied, changes: changesOf(skill.file, original, fixes.state) });
		}
	}

	let remaining: Finding[];
	if (options.dryRun) {
		// What the library would look like: the fixed texts checked in the library index as it stands.
		for (const { file, changes } of fixed) {
			const skill = result.index.get(file);
			const modified = changes.find(change => change.file === file);
			if (skill && modified) {
				const planned = changes.filter(change => change.file !== file).map(change => path.relative(skill.dir, change.file).split(path.sep).join('/'));
				result.index.update(analyzeSkill({ location: { file, root: skill.root, inStaging: skill.inStaging }, sidecars: [...skill.sidecars, ...planned], bytes: Buffer.from(modified.after, 'utf8') }, config, services));
			}
		}
		remaining = skills.flatMap(skill => result.index.findings(skill.file));
	} else {
		writeFilesAtomically(new Map(fixed.flatMap(skill => skill.changes.map(change => [change.file, change.after] as [string, string]))));
		const after = fixed.length > 0 ? await recheck() : result;
		remaining = skills.flatMap(skill => after.index.findings(skill.file));
	}
	const counts = countFindings(remaining);
	io.stdout.write(options.format === 'json'
		? formatFixJson(io.cwd, fixed, options.dryRun, skills.length, counts)
		: formatFixText(io, fixed, options.dryRun, counts));
	return counts.errors > 0 ? 1 : 0;
}

function readIfFile(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

function formatFixJson(cwd: string, fixed: SkillFixes[], dryRun: boolean, skills: number, counts: { errors: number; warnings: number; infos: number }): string {
	return JSON.stringify({
		dryRun,
		fixes: fixed.flatMap(skill => skill.fixes.map(fix => ({ file: displayPath(skill.file, [cwd]), rule: fix.rule, title: fix.title }))),
		files: fixed.flatMap(skill => skill.changes.map(change => ({ file: displayPath(change.file, [cwd]), action: change.action }))),
		summary: { skills, fixed: fixed.length, fixes: fixed.reduce((sum, skill) => sum + skill.fixes.length, 0), ...counts },
	}, null, 2) + '\n';
}

function formatFixText(io: CommandIo, fixed: SkillFixes[], dryRun: boolean, counts: { errors: number; warnings: number; infos: number }): string {
	const colors = pc.createColors(wantsColor(io));
	const out: string[] = [];
	for (const skill of fixed) {
		out.push(colors.underline(displayPath(skill.file, [io.cwd])));
		for (const fix of skill.fixes) {
			out.push(`  ${dryRun ? 'would fix' : 'fixed'} ${colors.dim(fix.rule)}: ${fix.title}`);
		}
		for (const change of skill.changes) {
			const shown = displayPath(change.file, [io.cwd]);
			if (!dryRun) {
				out.push(`  ${change.action === 'modify' ? 'modified' : change.action === 'create' ? 'created' : 'appended to'} ${shown}`);
				continue;
			}
			const patch = createTwoFilesPatch(change.action === 'create' ? '/dev/null' : `a/${shown}`, `b/${shown}`, change.before, change.after, '', '', { context: 3 });
			out.push(...patch.trimEnd().split('\n').map(line => (line.startsWith('+') && !line.startsWith('+++') ? colors.green(line) : line.startsWith('-') && !line.startsWith('---') ? colors.red(line) : line)));
		}
		out.push('');
	}
	const fixes = fixed.reduce((sum, skill) => sum + skill.fixes.length, 0);
	const files = fixed.reduce((sum, skill) => sum + skill.changes.length, 0);
	const remaining = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.infos} info`;
	out.push(fixes === 0
		? `nothing to fix; ${remaining} remain`
		: `${dryRun ? 'would apply' : 'applied'} ${plural(fixes, 'fix', 'fixes')} in ${plural(fixed.length, 'skill')} (${plural(files, 'file')}); ${remaining} ${dryRun ? 'would remain' : 'remain'}`);
	return out.join('\n') + '\n';
}
