import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import { proposeRevision, type Revision } from '../core/apprentice/apprenticeLoop';
import { readCases, type SkillCase } from '../core/apprentice/cases';
import { apprenticeResultsFolder, type ApprenticeReport, runApprentice } from '../core/apprentice/runApprentice';
import { lifecyclePlacementFor } from '../core/check/profiles';
import { defaultStagingFolder } from '../core/library/discovery';
import { indexedLibrary } from '../core/library/distilLibrary';
import { skillFileName } from '../core/skill/skillText';
import { displayPath, entriesOf } from '../core/util/paths';
import { plural, printable } from '../core/util/text';
import { analyzeServicesFor, type CommandIo, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';

export const defaultAgentTimeoutMs = 600_000;

export interface ApprenticeOptions extends LibraryOptions {
	/** The skill folder (or its SKILL.md); with `all`, the library folder. */
	skill?: string;
	all?: string;
	caseId?: string;
	agentCommand?: string;
	timeoutMs?: number;
	without: boolean;
	format: string;
	/** The staging folder: failing cases become proposals there, results go under its `.apprentice`. */
	out?: string;
	/** The project a case without a workspace copies (default: the current folder). */
	workspace?: string;
	keepHome: boolean;
	propose: boolean;
}

interface SkillRun {
	report: ApprenticeReport;
	revisions: Revision[];
}

/** The JSON of one skill's run: exactly the shape the README documents. */
function reportJson(report: ApprenticeReport): Record<string, unknown> {
	return {
		skill: report.skill,
		cases: report.cases.map(item => ({
			id: item.id, passed: item.passed, ...(item.without ? { without: { passed: item.without.passed } } : {}),
			transcript: item.transcript, durationMs: item.durationMs, reason: item.reason,
		})),
		summary: report.summary,
	};
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function reportText(run: SkillRun, io: CommandIo): string {
	const colors = pc.createColors(wantsColor(io));
	const { report } = run;
	const lines = [colors.bold(`${printable(report.skill)} ${colors.dim(printable(displayPath(report.file, [io.cwd])))}`)];
	for (const item of report.cases) {
		lines.push(`  ${item.passed ? colors.green('✔') : colors.red('✖')} ${printable(item.id)}  ${colors.dim(seconds(item.durationMs))}  ${printable(item.reason)}`);
		if (item.without) {
			const difference = item.passed && !item.without.passed ? ' — the skill made the difference' : item.without.passed ? ' — it passes without the skill too' : '';
			lines.push(`    ${colors.dim(`without the skill: ${item.without.passed ? 'passed' : 'failed'} (${printable(item.without.reason)})${difference}`)}`);
		}
		lines.push(`    ${colors.dim(`transcript: ${printable(displayPath(item.transcript, [io.cwd]))}`)}`);
	}
	for (const revision of run.revisions) {
		const what = revision.kind === 'distilled' ? 'an update proposal distilled from the apprentice\'s session' : revision.kind === 'pending' ? 'its proposal from an earlier run is' : 'a failing case to fill in, proposed as an update';
		lines.push(`  ${colors.yellow('→')} ${what}: ${printable(displayPath(revision.dir, [io.cwd]))}`);
	}
	lines.push(`  ${report.summary.failed === 0 ? colors.green(`${plural(report.summary.passed, 'case')} passed`) : colors.red(`${report.summary.failed} of ${plural(report.cases.length, 'case')} failed`)}`);
	return `${lines.join('\n')}\n`;
}

/** The skill folders under a library folder that carry cases (a SKILL.md beside evals/cases.json). */
function skillsWithCases(library: string): string[] {
	const found: string[] = [];
	const visit = (folder: string, depth: number) => {
		const entries = entriesOf(folder);
		if (entries.some(entry => entry.name === skillFileName && entry.isFile())) {
			if (readCases(folder).exists) {
				found.push(folder);
			}
			return;
		}
		for (const entry of entries) {
			if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules' && depth < 4) {
				visit(path.join(folder, entry.name), depth + 1);
			}
		}
	};
	visit(library, 0);
	return found.sort();
}

function skillDirOf(cwd: string, given: string): string {
	const absolute = path.resolve(cwd, given);
	const dir = path.basename(absolute) === skillFileName ? path.dirname(absolute) : absolute;
	if (!fs.existsSync(path.join(dir, skillFileName))) {
		throw new UsageError(`no SKILL.md in ${given}`);
	}
	return dir;
}

/**
 * Runs `apprentice`: hands each case of a skill (or, with `--all`, of every skill in a library)
 * to a fresh agent in a temporary copy of its workspace, grades it, keeps the transcripts, and
 * proposes an update for each failed case. Exit 0 when every case passed, 1 otherwise, 2 on a
 * usage error.
 */
export async function runApprenticeCommand(options: ApprenticeOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	if (Boolean(options.skill) === Boolean(options.all)) {
		throw new UsageError(options.all ? 'give the library with --all, or one skill folder, not both' : 'apprentice needs the skill folder (or --all <library>)');
	}
	if (options.all && options.caseId) {
		throw new UsageError('--case picks a case of one skill; it cannot go with --all');
	}
	const agentCommand = options.agentCommand?.trim();
	if (!agentCommand) {
		throw new UsageError('apprentice needs the agent to run: --agent-command "claude -p" (or "codex exec -"), or SKILL_DISTILLER_MODEL_COMMAND');
	}
	const project = path.resolve(io.cwd, options.workspace ?? '.');
	if (!fs.statSync(project, { throwIfNoEntry: false })?.isDirectory()) {
		throw new UsageError(`--workspace ${options.workspace} is not a folder`);
	}
	const stagingDir = path.resolve(io.cwd, options.out ?? defaultStagingFolder);
	let dirs: string[];
	if (options.all) {
		const library = path.resolve(io.cwd, options.all);
		if (!fs.statSync(library, { throwIfNoEntry: false })?.isDirectory()) {
			throw new UsageError(`--all ${options.all} is not a folder`);
		}
		dirs = skillsWithCases(library);
	} else {
		dirs = [skillDirOf(io.cwd, options.skill as string)];
	}
	const runs: SkillRun[] = [];
	let problems = 0;
	for (const dir of dirs) {
		const parsed = readCases(dir);
		for (const problem of parsed.problems) {
			process.stderr.write(`skill-distiller: ${printable(displayPath(parsed.file, [io.cwd]))}${problem.line ? `:${problem.line}` : ''}: ${printable(problem.message)}\n`);
		}
		problems += parsed.problems.length;
		let cases: SkillCase[] = parsed.cases;
		if (!options.all) {
			if (!parsed.exists) {
				throw new UsageError(`${displayPath(dir, [io.cwd])} has no evals/cases.json: write its cases first ({"cases": [{"id", "task", "check"}]})`);
			}
			if (parsed.problems.length > 0 && cases.length === 0) {
				throw new UsageError(`${displayPath(parsed.file, [io.cwd])} holds no case that can be run`);
			}
			if (options.caseId) {
				cases = cases.filter(item => item.id === options.caseId);
				if (cases.length === 0) {
					throw new UsageError(`no case "${options.caseId}" in ${displayPath(parsed.file, [io.cwd])} (its cases: ${parsed.cases.map(item => item.id).join(', ') || 'none'})`);
				}
			}
		}
		if (cases.length === 0) {
			continue;
		}
		const skill = { dir, name: path.basename(dir) };
		const report = await runApprentice({
			skill, cases, project, agentCommand, timeoutMs: options.timeoutMs ?? defaultAgentTimeoutMs, without: options.without,
			resultsRoot: apprenticeResultsFolder(stagingDir), excluded: [stagingDir], keepHome: options.keepHome,
			onProgress: message => {
				if (options.format === 'text' && process.stderr.isTTY) {
					process.stderr.write(`${message}\n`);
				}
			},
		});
		const revisions: Revision[] = [];
		if (options.propose && report.summary.failed > 0) {
			const { config, result } = await loadLibrary({ ...options, paths: [path.dirname(dir)] }, io);
			const library = indexedLibrary(result.index, config, analyzeServicesFor(io));
			for (const item of report.cases.filter(candidate => !candidate.passed)) {
				const revision = await proposeRevision({
					skill, item: cases.find(candidate => candidate.id === item.id) as SkillCase, result: item, agentCommand, stagingDir,
					today: config.today, placement: lifecyclePlacementFor(config.profile), library, fingerprint: report.fingerprint,
				});
				if (revision) {
					revisions.push(revision);
				}
			}
		}
		runs.push({ report, revisions });
		if (options.format === 'text') {
			io.stdout.write(reportText({ report, revisions }, io));
		}
	}
	const failed = runs.reduce((total, run) => total + run.report.summary.failed, 0);
	if (options.format === 'json') {
		const json = options.all
			? { skills: runs.map(run => reportJson(run.report)), summary: { passed: runs.reduce((total, run) => total + run.report.summary.passed, 0), failed } }
			: reportJson(runs[0].report);
		io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
	} else if (options.all) {
		io.stdout.write(runs.length === 0 ? `No skill in ${printable(options.all)} has evals/cases.json.\n` : `\n${plural(runs.length, 'skill')} tested: ${failed === 0 ? 'every case passed' : `${plural(failed, 'case')} failed`}.\n`);
	}
	return failed > 0 || problems > 0 ? 1 : 0;
}
