import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { skippedFolders } from '../library/discovery';
import { redactSecrets } from '../secrets/redact';
import { standardRoots } from '../skill/standardRoots';
import { skillFileName } from '../skill/skillText';
import { entriesOf, expandHome, isInside, isSameOrInside } from '../util/paths';
import { lastLines, runShell, type ShellResult } from '../util/shellCommand';
import { errorMessage, plural } from '../util/text';
import { casesFolder, gitWorkspacePrefix, readCases, type SkillCase } from './cases';

/**
 * The apprentice test: each case of a skill handed to a fresh agent in a throw-away copy of its
 * workspace, with only that skill installed, then graded by the case's check and expected answer.
 * The person's tree is never the agent's working folder; what the agent could still reach (an
 * absolute path) is detected afterwards by comparing the tree before and after.
 */

const run = promisify(execFile);

export interface ApprenticeSkill {
	/** The skill folder. */
	dir: string;
	/** The skill's name: the folder it is installed as. */
	name: string;
}

export interface ApprenticeRequest {
	skill: ApprenticeSkill;
	cases: readonly SkillCase[];
	/** The person's project: a case without a workspace starts from a copy of it; `git:` commits are of its repository. */
	project: string;
	/** The agent: a command line that reads the task on stdin (`claude -p`, `codex exec -`). */
	agentCommand: string;
	timeoutMs: number;
	/** Run each case a second time with no skill installed. */
	without?: boolean;
	/** Where results go: `<resultsRoot>/<skill>-<hash>/<time>/…` (the staging folder's `.apprentice`). */
	resultsRoot: string;
	/** Folders of the project not copied into the workspace (the staging folder). */
	excluded?: readonly string[];
	/** Give the agent the person's home folder instead of an empty one (their user-level skills are then visible). */
	keepHome?: boolean;
	signal?: AbortSignal;
	onProgress?: (message: string) => void;
	now?: () => Date;
}

export interface RunOutcome {
	passed: boolean;
	reason: string;
	/** The run's transcript: the task, the agent's output, the check's. */
	transcript: string;
	durationMs: number;
	/** Session files the agent wrote in its temporary home, copied beside the transcript. */
	sessions: string[];
	/** The agent's final answer (its standard output), as graded. */
	answer: string;
}

export interface CaseResult {
	id: string;
	passed: boolean;
	without?: { passed: boolean; reason: string; transcript: string; durationMs: number };
	transcript: string;
	durationMs: number;
	reason: string;
	/** Kept for the loop: the run with the skill. */
	run: RunOutcome;
}

export interface ApprenticeReport {
	skill: string;
	/** The SKILL.md tested. */
	file: string;
	/** SKILL.md and the cases as they were tested: a later result check tells a stale pass from a current one. */
	fingerprint: string;
	date: string;
	agentCommand: string;
	/** The folder of this run's results. */
	folder: string;
	cases: CaseResult[];
	summary: { passed: number; failed: number };
}

export class ApprenticeCancelled extends Error {
	constructor() {
		super('the apprentice test was cancelled');
	}
}

/** A hash of the skill's SKILL.md and its cases as they are now (the cases as read, so reformatting the file changes nothing). */
export function skillFingerprint(skillDir: string): string {
	const hash = createHash('sha256');
	try {
		hash.update(fs.readFileSync(path.join(skillDir, skillFileName)));
	} catch {
		hash.update('no SKILL.md');
	}
	hash.update('\0').update(JSON.stringify(readCases(skillDir).cases));
	return hash.digest('hex').slice(0, 16);
}

/** The folder a skill's results live in: its name and a hash of where it is (two roots may hold the same name). */
export function skillResultsFolder(resultsRoot: string, skill: ApprenticeSkill): string {
	const where = createHash('sha256').update(path.resolve(skill.dir)).digest('hex').slice(0, 8);
	return path.join(resultsRoot, `${skill.name.replace(/[^A-Za-z0-9._-]/g, '-')}-${where}`);
}

export const latestResultFile = 'latest.json';

/** Where a staging folder keeps apprentice results: a dot folder, so it is no pending proposal and no skill. */
export function apprenticeResultsFolder(stagingDir: string): string {
	return path.join(stagingDir, '.apprentice');
}

/** The last apprentice result of a skill, or undefined when it was never run (or the file is damaged). */
export function readLatestResult(resultsRoot: string, skill: ApprenticeSkill): ApprenticeReport | undefined {
	try {
		const value = JSON.parse(fs.readFileSync(path.join(skillResultsFolder(resultsRoot, skill), latestResultFile), 'utf8')) as ApprenticeReport;
		return typeof value.fingerprint === 'string' && Array.isArray(value.cases) && typeof value.summary?.passed === 'number' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** A file's size and modification time, by path relative to the tree. */
type Fingerprint = Map<string, string>;
const maxFingerprintEntries = 200_000;

function treeFingerprint(root: string, excluded: readonly string[]): Fingerprint {
	const found: Fingerprint = new Map();
	const visit = (folder: string) => {
		for (const entry of entriesOf(folder)) {
			const file = path.join(folder, entry.name);
			if (found.size >= maxFingerprintEntries || skippedFolders.has(entry.name) || excluded.some(folder => isSameOrInside(folder, file))) {
				continue;
			}
			if (entry.isDirectory()) {
				found.set(path.relative(root, file), 'dir');
				visit(file);
			} else {
				try {
					const stat = fs.lstatSync(file);
					found.set(path.relative(root, file), `${stat.size}:${stat.mtimeMs}`);
				} catch {
					// Removed while listed: it is missing from this fingerprint, which the comparison reports.
				}
			}
		}
	};
	visit(root);
	return found;
}

function changedFiles(before: Fingerprint, after: Fingerprint): string[] {
	const changed = [...after].filter(([file, stamp]) => before.get(file) !== stamp).map(([file]) => file);
	const removed = [...before.keys()].filter(file => !after.has(file));
	return [...changed, ...removed].sort();
}

/** The project skill folders of every agent, emptied in the copy so that only the skill under test is there. */
const projectSkillFolders = [...new Set(standardRoots.filter(root => root.scope === 'project' && root.relative.startsWith('.')).map(root => root.relative))];
/** Where the skill under test is installed: Claude Code's and the Agent Skills folder (Codex, Copilot). */
export const installFolders = ['.claude/skills', '.agents/skills'];

async function git(cwd: string, args: string[]): Promise<string> {
	try {
		return (await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
	} catch (error) {
		const said = (error as { stderr?: string }).stderr;
		throw new Error(`git ${args[0]} failed: ${said ? lastLines(said) : errorMessage(error)}`);
	}
}

/** Fills `work` with the case's starting point and returns the folder it is a copy of. Throws with a reason a person can act on. */
async function prepareWorkspace(request: ApprenticeRequest, item: SkillCase, work: string): Promise<string> {
	if (item.workspace?.startsWith(gitWorkspacePrefix)) {
		const revision = item.workspace.slice(gitWorkspacePrefix.length);
		const root = await git(request.project, ['rev-parse', '--show-toplevel']).catch(() => {
			throw new Error(`the case starts from ${item.workspace}, but ${request.project} is not in a git repository`);
		});
		// A shared clone reads the project's objects without writing to its repository; no remote is left to push to.
		await git(os.tmpdir(), ['clone', '--quiet', '--shared', '--no-checkout', root, work]);
		await git(work, ['checkout', '--quiet', '--detach', revision]).catch(error => {
			throw new Error(`the commit ${revision} could not be checked out (${errorMessage(error)})`);
		});
		await git(work, ['remote', 'remove', 'origin']);
		return root;
	}
	const source = item.workspace ? path.resolve(request.skill.dir, expandHome(item.workspace, os.homedir())) : request.project;
	if (!fs.statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
		throw new Error(`the workspace ${item.workspace} is not a folder${/^[0-9a-f]{7,40}$/.test(item.workspace ?? '') ? ` (for a commit, write "git:${item.workspace}")` : ''}`);
	}
	const excluded = (request.excluded ?? []).map(folder => path.resolve(folder));
	await fs.promises.cp(source, work, { recursive: true, verbatimSymlinks: true, filter: file => !excluded.some(folder => isSameOrInside(folder, path.resolve(file))) });
	return source;
}

function installSkill(request: ApprenticeRequest, work: string, copied: string, withSkill: boolean): void {
	for (const folder of projectSkillFolders) {
		fs.rmSync(path.join(work, folder), { recursive: true, force: true });
	}
	// A skill kept elsewhere in the project (a library's skills/ folder) leaves its cases behind in the copy too.
	if (isInside(path.resolve(copied), path.resolve(request.skill.dir))) {
		fs.rmSync(path.join(work, path.relative(path.resolve(copied), path.resolve(request.skill.dir)), casesFolder), { recursive: true, force: true });
	}
	if (!withSkill) {
		return;
	}
	const evals = path.resolve(request.skill.dir, casesFolder);
	for (const folder of installFolders) {
		// The cases stay behind: the apprentice is not shown the check it is graded by.
		fs.cpSync(request.skill.dir, path.join(work, folder, request.skill.name), { recursive: true, verbatimSymlinks: true, filter: file => !isSameOrInside(evals, path.resolve(file)) });
	}
}

/** The agent's environment: an empty home of its own, unless the person keeps theirs; nothing that names the person's folder. */
function agentEnvironment(home: string, work: string, keepHome: boolean): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, PWD: work };
	for (const name of ['OLDPWD', 'INIT_CWD', 'VSCODE_CWD', 'npm_config_local_prefix', 'npm_package_json']) {
		delete env[name];
	}
	if (!keepHome) {
		Object.assign(env, {
			HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'),
			CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot'),
		});
	}
	return env;
}

/** Session files the agent wrote in its home: Claude Code's projects, Codex's rollouts, Copilot CLI's session state. */
function sessionFiles(home: string): string[] {
	const found: string[] = [];
	const visit = (folder: string, depth: number) => {
		for (const entry of entriesOf(folder)) {
			const file = path.join(folder, entry.name);
			if (entry.isDirectory() && depth < 5) {
				visit(file, depth + 1);
			} else if (entry.isFile() && /\.jsonl$/.test(entry.name) && found.length < 20) {
				found.push(file);
			}
		}
	};
	for (const folder of [path.join(home, '.claude', 'projects'), path.join(home, '.codex', 'sessions'), path.join(home, '.copilot', 'session-state')]) {
		visit(folder, 0);
	}
	return found;
}

function outputSection(title: string, text: string): string {
	return `## ${title}\n\n${text.trim() === '' ? '(nothing)' : text.replace(/\s+$/, '')}\n`;
}

function stoppedReason(what: string, result: ShellResult, timeoutMs: number): string | undefined {
	if (result.stopped === 'timeout') {
		return `${what} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`;
	}
	if (result.stopped === 'spawn') {
		return `${what} could not be run: ${result.spawnError}`;
	}
	return undefined;
}

/** One run of one case, with the skill or without it; the temporary folder is removed afterwards. */
async function runOnce(request: ApprenticeRequest, item: SkillCase, withSkill: boolean, folder: string): Promise<RunOutcome> {
	fs.mkdirSync(folder, { recursive: true });
	const transcript = path.join(folder, 'transcript.md');
	const temporary = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'skill-apprentice-'));
	// Two levels down, so a relative path climbing out of the workspace (../../x) still lands in the throw-away folder.
	const work = path.join(temporary, 'run', 'workspace');
	const home = path.join(temporary, 'run', 'home');
	const started = Date.now();
	const watched = [request.project, ...isSameOrInside(request.project, request.skill.dir) ? [] : [request.skill.dir]];
	const excluded = [...request.excluded ?? [], request.resultsRoot];
	const before = watched.map(root => treeFingerprint(root, excluded));
	const lines = [`# Apprentice run: ${item.id} (${withSkill ? `with ${request.skill.name}` : 'without the skill'})`, '', `Agent: \`${request.agentCommand}\``, '', outputSection('Task', item.task)];
	/** Files of the person's tree that changed since the run began: whatever else the run says, it failed. */
	const touched = () => watched.flatMap((root, index) => changedFiles(before[index], treeFingerprint(root, excluded)).map(file => path.join(root, file)));
	const done = (passed: boolean, reason: string, answer = '', sessions: string[] = [], ran = true): RunOutcome => {
		const changed = ran ? touched() : [];
		if (changed.length > 0) {
			passed = false;
			reason = `${plural(changed.length, 'file')} outside the temporary folder changed while the agent ran: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}; ${reason}`;
		}
		reason = redactSecrets(reason);
		lines.push(outputSection('Result', `${passed ? 'passed' : 'failed'}: ${reason}`));
		// The transcript is kept in the project's staging folder, which a team may commit: no credential the agent printed goes with it.
		fs.writeFileSync(transcript, redactSecrets(lines.join('\n')));
		return { passed, reason, transcript, durationMs: Date.now() - started, sessions, answer };
	};
	try {
		fs.mkdirSync(home, { recursive: true });
		try {
			installSkill(request, work, await prepareWorkspace(request, item, work), withSkill);
		} catch (error) {
			return done(false, `the workspace could not be prepared: ${errorMessage(error)}`, '', [], false);
		}
		const env = agentEnvironment(home, work, request.keepHome === true);
		const agent = await runShell({ command: request.agentCommand, cwd: work, env, input: item.task, timeoutMs: request.timeoutMs, signal: request.signal, maxStdoutBytes: 8 * 1024 * 1024, maxStderrBytes: 1024 * 1024 });
		lines.push(outputSection('Agent output (its final answer)', agent.stdout), outputSection('Agent errors', agent.stderr));
		if (agent.stopped === 'cancelled') {
			throw new ApprenticeCancelled();
		}
		const sessions = sessionFiles(home).map(file => {
			const copy = path.join(folder, 'sessions', path.basename(file));
			fs.mkdirSync(path.dirname(copy), { recursive: true });
			fs.copyFileSync(file, copy);
			return copy;
		});
		if (sessions.length > 0) {
			lines.push(outputSection('Agent sessions', sessions.map(file => `- ${path.relative(folder, file)}`).join('\n')));
		}
		const stopped = stoppedReason('the agent', agent, request.timeoutMs) ?? (agent.stopped === 'output' ? 'the agent wrote more than 8 MB' : undefined);
		if (stopped) {
			return done(false, stopped, agent.stdout, sessions);
		}
		if (agent.code !== 0) {
			return done(false, `the agent exited with code ${agent.code}${agent.stderr.trim() ? `: ${lastLines(agent.stderr)}` : ''}`, agent.stdout, sessions);
		}
		const reasons: string[] = [];
		let passed = true;
		if (item.check) {
			const check = await runShell({ command: item.check, cwd: work, env, timeoutMs: request.timeoutMs, signal: request.signal, maxStdoutBytes: 4 * 1024 * 1024, maxStderrBytes: 256 * 1024 });
			lines.push(outputSection(`Check: \`${item.check}\``, `${check.stdout}\n${check.stderr}`));
			if (check.stopped === 'cancelled') {
				throw new ApprenticeCancelled();
			}
			const failed = stoppedReason('the check', check, request.timeoutMs) ?? (check.code === 0 ? undefined : `the check \`${item.check}\` exited with code ${check.code}${lastLines(`${check.stdout}\n${check.stderr}`, 2, 200) ? `: ${lastLines(`${check.stdout}\n${check.stderr}`, 2, 200)}` : ''}`);
			passed &&= failed === undefined;
			reasons.push(failed ?? `the check \`${item.check}\` passed`);
		}
		if (item.expect) {
			const matched = new RegExp(item.expect, 'm').test(agent.stdout);
			passed &&= matched;
			reasons.push(matched ? 'the answer matched the expected pattern' : `the answer did not match /${item.expect}/`);
		}
		return done(passed, reasons.join('; '), agent.stdout, sessions);
	} finally {
		await fs.promises.rm(temporary, { recursive: true, force: true }).catch(() => undefined);
	}
}

function stamp(date: Date): string {
	return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Runs a skill's cases with a fresh agent (and, with `without`, again without the skill), writes
 * the results and transcripts under the results root and returns the report. Throws
 * `ApprenticeCancelled` when the signal aborts (the agent's process group is killed).
 */
export async function runApprentice(request: ApprenticeRequest): Promise<ApprenticeReport> {
	const now = request.now?.() ?? new Date();
	const skillFolder = skillResultsFolder(request.resultsRoot, request.skill);
	const folder = path.join(skillFolder, stamp(now));
	const fingerprint = skillFingerprint(request.skill.dir);
	const cases: CaseResult[] = [];
	for (const [index, item] of request.cases.entries()) {
		const counter = request.cases.length > 1 ? ` (${index + 1}/${request.cases.length})` : '';
		request.onProgress?.(`${item.id}${counter}: the agent works with ${request.skill.name}`);
		const withSkill = await runOnce(request, item, true, path.join(folder, item.id, 'with-skill'));
		let without: CaseResult['without'];
		if (request.without) {
			request.onProgress?.(`${item.id}${counter}: the agent works without the skill`);
			const alone = await runOnce(request, item, false, path.join(folder, item.id, 'without-skill'));
			without = { passed: alone.passed, reason: alone.reason, transcript: alone.transcript, durationMs: alone.durationMs };
		}
		cases.push({ id: item.id, passed: withSkill.passed, ...(without ? { without } : {}), transcript: withSkill.transcript, durationMs: withSkill.durationMs, reason: withSkill.reason, run: withSkill });
	}
	const passed = cases.filter(item => item.passed).length;
	const report: ApprenticeReport = {
		skill: request.skill.name, file: path.join(request.skill.dir, skillFileName), fingerprint, date: now.toISOString(), agentCommand: request.agentCommand, folder,
		cases, summary: { passed, failed: cases.length - passed },
	};
	const text = `${JSON.stringify(report, null, '\t')}\n`;
	fs.writeFileSync(path.join(folder, 'result.json'), text);
	fs.writeFileSync(path.join(skillFolder, latestResultFile), text);
	return report;
}
