import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyzeServices, SkillAnalysis } from '../core/check/analyzeSkill';
import { type CheckConfig, resolveConfig } from '../core/check/config';
import { type ClientId, clientIds } from '../core/check/clients';
import { type ProfileId, profileIds } from '../core/check/profiles';
import { checkLibrary, type CheckResult } from '../core/library/checkLibrary';
import { loadUserConfig } from '../core/library/configFile';
import { AnalysisCache, cacheSalt, defaultCacheFile } from '../core/library/analysisCache';
import { budgetedAnalyzeServices } from '../core/library/readSkill';
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

/** The analysis cache a command line asks for: `--cache-location`, or one file per set of roots under the user's cache folder. */
async function cacheFor(options: Pick<LibraryOptions, 'cache' | 'cacheLocation'>, io: CommandIo, roots: readonly SkillRoot[], config: CheckConfig): Promise<AnalysisCache | undefined> {
	if (!options.cache) {
		return undefined;
	}
	const file = options.cacheLocation === undefined
		? defaultCacheFile(cacheFolder(), roots.map(root => root.path))
		: path.resolve(io.cwd, options.cacheLocation);
	return AnalysisCache.load(file, cacheSalt(config), { stampWorker: path.join(io.distDir, 'stampWorker.js') });
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

/** Resolves the configuration and the paths of a command line, and checks the library they name. */
export async function loadLibrary(options: LibraryOptions, io: CommandIo): Promise<LoadedLibrary> {
	const { config, file: configFile } = resolveLibraryConfig(options, io);
	const targets = (options.paths.length > 0 ? options.paths : ['.']).map(given => targetFor(io.cwd, given));
	const roots = targets.map(target => target.root);
	if (options.user) {
		roots.push(...standardRootsFor([], os.homedir(), root => root.scope === 'user'));
	}
	const check = async () => checkLibrary({
		roots,
		config,
		discovery: { classifyRoots: true, home: os.homedir(), maxDepth: 8 },
		analysis: {
			workerScript: path.join(io.distDir, 'analysisWorker.js'),
			markdownlintScript: markdownlintScript(io),
			workers: options.workers,
			cache: await cacheFor(options, io, roots, config),
		},
	});
	const result = await check();
	const only = targets.every(target => target.only) ? new Set(targets.map(target => target.only as string)) : undefined;
	const skills = result.index.skills().filter(skill => !only || only.has(skill.file));
	for (const file of only ?? []) {
		if (!skills.some(skill => skill.file === file)) {
			throw new UsageError(`${displayPath(file, [io.cwd])} was not found as a skill`);
		}
	}
	return { config, configFile, result, roots, skills, singleFiles: only !== undefined, recheck: check };
}

/** Colours for people at a terminal, none for pipes and files (NO_COLOR and FORCE_COLOR honoured). */
export function wantsColor(io: CommandIo): boolean {
	return (Boolean(io.stdout.isTTY) && !process.env.NO_COLOR) || Boolean(process.env.FORCE_COLOR);
}
