import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzeServices, SkillAnalysis } from '../core/check/analyzeSkill';
import { type CheckConfig, resolveConfig } from '../core/check/config';
import type { Finding } from '../core/check/findings';
import { type ClientId, clientIds } from '../core/check/clients';
import { type ProfileId, profileIds } from '../core/check/profiles';
import { checkLibrary, type CheckRequest, type CheckResult, walkRequest } from '../core/library/checkLibrary';
import { loadUserConfig } from '../core/library/configFile';
import { AnalysisCache, cacheSalt, defaultCacheFile, type KeptReport, type LastResults, type OpenedCache, type SkillResult } from '../core/library/analysisCache';
import { budgetedAnalyzeServices, diskAnswers } from '../core/library/readSkill';
import { skillFileName } from '../core/skill/skillText';
import { rootOfSkillDir, type SkillRoot, standardRootsFor } from '../core/skill/standardRoots';
import { displayPath } from '../core/util/paths';

/** A command that cannot do what it was asked (a locked library, a proposal it must refuse): one line on stderr, exit 2. */
export class CommandError extends Error {}

/** A command line that is wrong: said like a `CommandError`, with a pointer to the usage. */
export class UsageError extends CommandError {}

export interface CommandIo {
	cwd: string;
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	/** The folder of the bundled CLI, where the worker script sits beside it. */
	distDir: string;
}

/** The options `check` and `fix` share: what to read and how to check it. */
export interface LibraryOptions {
	paths: string[];
	profile?: string;
	/** `--targets claude-code,codex`. */
	targets?: string;
	config?: string;
	user: boolean;
	cache: boolean;
	cacheLocation?: string;
	workers?: number;
	/** Whether suppressions written in SKILL.md files count (`--no-inline-config` turns them off). */
	inlineConfig: boolean;
}

/** What to search for one command-line path, and which skill files to report on. */
interface Target {
	root: SkillRoot;
	/** Only these SKILL.md files are reported; undefined reports every skill found. */
	only?: string;
}

function targetFor(cwd: string, given: string): Target {
	const absolute = path.resolve(cwd, given);
	let stat: fs.Stats;
	try {
		stat = fs.statSync(absolute);
	} catch {
		throw new UsageError(`no such file or folder: ${given}`);
	}
	if (stat.isDirectory()) {
		return { root: { path: absolute, label: displayPath(absolute, [cwd]), scope: 'folder' } };
	}
	if (path.basename(absolute) !== skillFileName) {
		throw new UsageError(`${given} is neither a folder nor a ${skillFileName}`);
	}
	// A single skill is checked against the rest of its library: the folder holding its folder.
	const skillDir = path.dirname(absolute);
	const libraryDir = path.dirname(skillDir);
	const searched: SkillRoot = { path: libraryDir, label: displayPath(libraryDir, [cwd]), scope: 'folder' };
	return { root: rootOfSkillDir(skillDir, searched, os.homedir()), only: absolute };
}

/** The bundled markdownlint worker beside the CLI. */
function markdownlintScript(io: CommandIo): string {
	return path.join(io.distDir, 'markdownlintWorker.js');
}

/** What checking one text needs outside the library scan (fixes, proposals): markdownlint with its time limit, and the disk. */
export function analyzeServicesFor(io: CommandIo): AnalyzeServices {
	return budgetedAnalyzeServices(markdownlintScript(io));
}

/** The command line's cache folder: `$XDG_CACHE_HOME/skill-distiller`, or `~/.cache/skill-distiller`. */
export function cacheFolder(): string {
	return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'skill-distiller');
}

/** The analysis cache a command line asks for, opened: `--cache-location`, or one file per set of roots under the user's cache folder. */
function openCache(options: Pick<LibraryOptions, 'cache' | 'cacheLocation'>, io: CommandIo, roots: readonly SkillRoot[], config: CheckConfig): OpenedCache | undefined {
	if (!options.cache) {
		return undefined;
	}
	const file = options.cacheLocation === undefined
		? defaultCacheFile(cacheFolder(), roots.map(root => root.path))
		: path.resolve(io.cwd, options.cacheLocation);
	return AnalysisCache.open(file, cacheSalt(config), { stampWorker: path.join(io.distDir, 'stampWorker.js') });
}

/** A checked library and the part of it the command line named. */
export interface LoadedLibrary {
	config: CheckConfig;
	/** The configuration file read, if any. */
	configFile?: string;
	roots: SkillRoot[];
	result: CheckResult;
	/** The skills the paths named: all found, or only the SKILL.md files given. */
	skills: SkillAnalysis[];
	/** Whether only single SKILL.md files were named (folder problems are then not reported). */
	singleFiles: boolean;
	/** Checks the same roots again (after fixes were written). */
	recheck(): Promise<CheckResult>;
}

/** The configuration a command line asks for: `--profile`, `--targets` and `--no-inline-config` over `--config` (or the nearest `.skill-distiller.json`). */
export function resolveLibraryConfig(options: Pick<LibraryOptions, 'profile' | 'targets' | 'config' | 'inlineConfig'>, io: CommandIo): { config: CheckConfig; file?: string } {
	if (options.profile !== undefined && !(profileIds as readonly string[]).includes(options.profile)) {
		throw new UsageError(`--profile must be one of ${profileIds.join(', ')}, not "${options.profile}"`);
	}
	const targets = options.targets?.split(',').map(target => target.trim()).filter(Boolean);
	const unknown = targets?.find(target => !(clientIds as readonly string[]).includes(target));
	if (unknown !== undefined) {
		throw new UsageError(`--targets takes clients among ${clientIds.join(', ')}, not "${unknown}"`);
	}
	const { config: userConfig, file } = loadUserConfig(options.config, io.cwd);
	return {
		config: resolveConfig({
			...userConfig,
			...(options.profile ? { profile: options.profile as ProfileId } : {}),
			...(targets ? { targets: targets as ClientId[] } : {}),
			...(options.inlineConfig ? {} : { noInlineConfig: true }),
		}),
		file,
	};
}

/** What a command line asks to check: the configuration, the roots, the check request (without a cache) and the skill files it names. */
interface LibraryRequest {
	config: CheckConfig;
	configFile?: string;
	roots: SkillRoot[];
	request: CheckRequest;
	/** Only these SKILL.md files are reported; undefined reports every skill found. */
	only?: Set<string>;
}

function libraryRequest(options: LibraryOptions, io: CommandIo): LibraryRequest {
	const { config, file: configFile } = resolveLibraryConfig(options, io);
	const targets = (options.paths.length > 0 ? options.paths : ['.']).map(given => targetFor(io.cwd, given));
	const roots = targets.map(target => target.root);
	if (options.user) {
		roots.push(...standardRootsFor([], os.homedir(), root => root.scope === 'user'));
	}
	const request: CheckRequest = {
		roots,
		config,
		discovery: { classifyRoots: true, home: os.homedir(), maxDepth: 8 },
		analysis: { workerScript: path.join(io.distDir, 'analysisWorker.js'), markdownlintScript: markdownlintScript(io), workers: options.workers },
	};
	const only = targets.every(target => target.only) ? new Set(targets.map(target => target.only as string)) : undefined;
	return { config, configFile, roots, request, only };
}

/** The skills the command line named among those found; a named file that is not a skill of the library is a usage error. */
function namedSkills<T extends { file: string }>(found: readonly T[], only: ReadonlySet<string> | undefined, io: CommandIo): T[] {
	const skills = found.filter(skill => !only || only.has(skill.file));
	for (const file of only ?? []) {
		if (!skills.some(skill => skill.file === file)) {
			throw new UsageError(`${displayPath(file, [io.cwd])} was not found as a skill`);
		}
	}
	return skills;
}

/** Checks the library a command line names, with the analysis cache it asks for. */
function checkWithCache(named: LibraryRequest, cache: AnalysisCache | undefined): Promise<CheckResult> {
	return checkLibrary({ ...named.request, analysis: { ...named.request.analysis, cache } });
}

/** Resolves the configuration and the paths of a command line, and checks the library they name. */
export async function loadLibrary(options: LibraryOptions, io: CommandIo): Promise<LoadedLibrary> {
	const named = libraryRequest(options, io);
	const check = async () => checkWithCache(named, await openCache(options, io, named.roots, named.config)?.load());
	const result = await check();
	const skills = namedSkills(result.index.skills(), named.only, io);
	return { config: named.config, configFile: named.configFile, result, roots: named.roots, skills, singleFiles: named.only !== undefined, recheck: check };
}

/** What a check reports of the library a command line names. */
export interface LibraryResults {
	config: CheckConfig;
	configFile?: string;
	/** The skills the paths named, with their findings. */
	skills: SkillResult[];
	/** Folders that could not be scanned, as `scan-error` findings. */
	scanFindings: Finding[];
	singleFiles: boolean;
}

/**
 * How `loadResults` keeps what it prepared from a settled run's results beside them, and takes it
 * back instead of preparing it again while they stand (see `KeptReport`). `key` names what else
 * the value depends on besides the results, the paths named, the working folder and the
 * configuration file (the format, say); `restore` gives undefined for a kept value it cannot use.
 */
export interface Keeping<T> {
	key: string;
	keep(value: T): Omit<KeptReport, 'key'>;
	restore(kept: { meta: unknown; body: Buffer }): T | undefined;
}

type Prepare<T> = (results: LibraryResults, wanted: () => boolean) => Promise<T | undefined>;

/**
 * Checks the library a command line names and gives its results to `prepare` (to build a report,
 * say), returning what that gives. When the analysis cache holds the results of a settled run,
 * `prepare` gets them while the stamp thread is still comparing (see `OpenedCache.lastResults`),
 * with `wanted` false and its result ignored as soon as they turn out not to stand; the library is
 * then checked and `prepare` called again. So `prepare` must write nothing, and it may give up
 * (undefined) once `wanted` is false. With `keeping`, what it prepared from a settled run's results
 * is kept, and while those results stand it is taken back instead of prepared.
 */
export async function loadResults<T>(options: LibraryOptions, io: CommandIo, prepare: Prepare<T>, keeping?: Keeping<T>): Promise<T> {
	const named = libraryRequest(options, io);
	const opened = openCache(options, io, named.roots, named.config);
	const head = { config: named.config, configFile: named.configFile, singleFiles: named.only !== undefined };
	const kept = keeping && { ...keeping, key: JSON.stringify([keeping.key, io.cwd, named.configFile ?? null, named.only ? [...named.only].sort() : null]) };
	const last = await opened?.lastResults(walkRequest(named.request));
	const settled = last && (await fromLastResults(last, (skills, wanted) => prepare({ ...head, skills: namedSkills(skills, named.only, io), scanFindings: [] }, wanted), kept));
	if (settled !== undefined) {
		return settled;
	}
	const cache = await opened?.load();
	const result = await checkWithCache(named, cache);
	const skills = namedSkills(result.index.skills(), named.only, io).map(({ file, name, status }): SkillResult => ({
		file, name, status, findings: result.index.findings(file), suppressed: result.index.suppressed(file),
	}));
	const prepared = await prepare({ ...head, skills, scanFindings: result.scanFindings }, () => true);
	if (prepared === undefined) {
		throw new Error('the results were prepared for nothing');
	}
	if (kept) {
		cache?.keepReport({ key: kept.key, ...kept.keep(prepared) });
	}
	return prepared;
}

/**
 * What the last settled run's results give when they stand: the value kept from them, or one
 * prepared from them while the stamp thread compares. Undefined as soon as they turn out not to
 * stand (the check then starts at once, while the thread finishes its answer for it).
 */
async function fromLastResults<T>(last: LastResults, prepare: (skills: SkillResult[], wanted: () => boolean) => Promise<T | undefined>, keeping: Keeping<T> | undefined): Promise<T | undefined> {
	let standing: boolean | undefined;
	const stands = last.stand(diskAnswers).then(answer => (standing = answer));
	const kept = keeping && (await last.kept(keeping.key));
	const restored = kept && keeping.restore(kept);
	if (restored !== undefined) {
		return !last.fallen() && (await stands) ? restored : undefined;
	}
	const skills = last.skills();
	if (!skills) {
		return undefined;
	}
	let prepared: { value: T | undefined } | { error: unknown };
	try {
		// A kept walk met no problem: there are no scan findings to report.
		prepared = { value: await prepare(skills, () => standing !== false && !last.fallen()) };
	} catch (error) {
		prepared = { error };
	}
	if (last.fallen() || !(await stands)) {
		return undefined;
	}
	if ('error' in prepared) {
		throw prepared.error;
	}
	if (prepared.value !== undefined && keeping) {
		last.keep({ key: keeping.key, ...keeping.keep(prepared.value) });
	}
	return prepared.value;
}

/** Colours for people at a terminal, none for pipes and files (NO_COLOR and FORCE_COLOR honoured). */
export function wantsColor(io: CommandIo): boolean {
	return (Boolean(io.stdout.isTTY) && !process.env.NO_COLOR) || Boolean(process.env.FORCE_COLOR);
}
