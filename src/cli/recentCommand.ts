import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pc from 'picocolors';
import { lifecyclePlacementFor } from '../core/check/profiles';
import { DistilCancelled } from '../core/distil/distilSession';
import { isMemoryFileName, memoryFilesListed } from '../core/distil/proposalStore';
import { defaultStagingFolder } from '../core/library/discovery';
import { indexedLibrary } from '../core/library/distilLibrary';
import { DigestCache } from '../core/recent/digestCache';
import { DigestWorkers } from '../core/recent/digestWorkers';
import { distilRecent, type RecentOutcome } from '../core/recent/distilRecent';
import { displayPath } from '../core/util/paths';
import { plural, printable } from '../core/util/text';
import { analyzeServicesFor, CommandError, type CommandIo, cacheFolder, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';

export interface RecentOptions extends LibraryOptions {
	format: string;
	/** How many of the newest sessions; undefined for the default (20, or all since `--since`). */
	count?: number;
	since?: string;
	workspace?: string;
	out?: string;
	dryRun: boolean;
	memoryFile?: string;
}

/** Where session digests are cached between runs, beside the analysis cache. */
export function sessionCacheFile(options: Pick<LibraryOptions, 'cache' | 'cacheLocation'>): string | undefined {
	return options.cache ? path.join(options.cacheLocation === undefined ? cacheFolder() : path.dirname(options.cacheLocation), 'sessions.json') : undefined;
}

/**
 * The session cache with transcripts read on worker threads (one per core, up to four), for `fn`
 * to use; the threads are stopped after it. In this thread when the worker script is missing.
 */
export async function withSessionCache<T>(options: Pick<LibraryOptions, 'cache' | 'cacheLocation'>, io: CommandIo, fn: (cache: DigestCache, concurrency: number) => Promise<T>): Promise<T> {
	const script = path.join(io.distDir, 'digestWorker.js');
	const workers = fs.existsSync(script) ? new DigestWorkers(script, Math.max(1, Math.min(4, os.availableParallelism()))) : undefined;
	try {
		const cache = DigestCache.load(sessionCacheFile(options), workers ? session => workers.digest(session) : undefined);
		return await fn(cache, (workers?.count ?? 2) + 1);
	} finally {
		workers?.close();
	}
}

/** `--since`: a date (2026-11-01), a date and time, or a number of days back (30d). */
export function parseSince(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined) {
		return undefined;
	}
	const days = /^(\d+)d$/.exec(value.trim());
	if (days) {
		return now - Number(days[1]) * 86_400_000;
	}
	const time = /^\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
	if (Number.isNaN(time)) {
		throw new UsageError(`--since takes a date (2026-11-01) or a number of days (30d), not "${value}"`);
	}
	return time;
}

/** The folder whose sessions are read: `--workspace`, else the current folder. */
export function workspaceOf(workspace: string | undefined, io: CommandIo): string {
	const folder = path.resolve(io.cwd, workspace ?? '.');
	if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
		throw new UsageError(`--workspace ${workspace}: no such folder`);
	}
	return folder;
}

function recentJson(outcome: RecentOutcome): Record<string, unknown> {
	return {
		workspace: outcome.workspace,
		sessions: outcome.sessions,
		read: outcome.read,
		cached: outcome.cached,
		proposals: outcome.proposals.map(({ dir, action, target, name, sessions, lessons, checks }) => ({ dir: dir ?? null, action, target, name, sessions, lessons, checks })),
		groups: outcome.groups,
		notes: outcome.notes,
		problems: outcome.problems,
	};
}

function recentText(outcome: RecentOutcome, io: CommandIo): string {
	const colors = pc.createColors(wantsColor(io));
	const lines = [
		colors.bold(`${plural(outcome.sessions.length, 'session')} of ${printable(displayPath(outcome.workspace, [io.cwd]))}`) + colors.dim(` (${outcome.read} read, ${outcome.cached} from the cache)`),
	];
	const short = (id: string) => id.length > 12 ? id.slice(0, 8) : id;
	if (outcome.proposals.length > 0) {
		lines.push('', 'Proposals (problems seen in several sessions first):');
		for (const proposal of outcome.proposals) {
			const where = proposal.dir ? printable(displayPath(proposal.dir, [io.cwd])) : '(dry run: not written)';
			const target = proposal.target ? ` → ${printable(displayPath(proposal.target, [io.cwd]))}` : '';
			lines.push(`  ${colors.green(proposal.action.padEnd(7))} ${printable(proposal.name)}${target}  ${colors.cyan(plural(proposal.sessions.length, 'session'))}  ${colors.dim(where)}`);
			lines.push(colors.dim(`          sessions ${proposal.sessions.map(short).join(', ')}`));
			for (const lesson of proposal.lessons.slice(0, 4)) {
				lines.push(colors.dim(`          - ${printable(lesson.text.length > 160 ? `${lesson.text.slice(0, 159)}…` : lesson.text)}`));
			}
		}
	}
	const unproposed = outcome.groups.filter(group => group.why);
	if (unproposed.length > 0) {
		lines.push('', colors.dim(`Seen and not proposed (${unproposed.length}):`));
		for (const group of unproposed.slice(0, 8)) {
			lines.push(colors.dim(`  ${plural(group.sessions.length, 'session')}: ${printable(group.summary)} — ${printable(group.why ?? '')}`));
		}
	}
	for (const note of outcome.notes) {
		lines.push('', printable(note));
	}
	for (const problem of outcome.problems) {
		lines.push(colors.yellow(`warning: ${printable(problem)}`));
	}
	return `${lines.join('\n')}\n`;
}

/** Runs `distil --recent`: the workspace's recent sessions together, one proposal per problem that recurs or passes the gate. */
export async function runDistilRecent(options: RecentOptions, io: CommandIo): Promise<number> {
	if (!['text', 'json'].includes(options.format)) {
		throw new UsageError(`--format must be text or json, not "${options.format}"`);
	}
	if (options.memoryFile !== undefined && !isMemoryFileName(options.memoryFile)) {
		throw new UsageError(`--memory-file must be a memory file agents read (${memoryFilesListed}), not "${options.memoryFile}"`);
	}
	const since = parseSince(options.since);
	const workspace = workspaceOf(options.workspace, io);
	const { config, roots, result } = await loadLibrary(options, io);
	let outcome: RecentOutcome;
	try {
		outcome = await withSessionCache(options, io, (cache, concurrency) => distilRecent({
			workspace, count: options.count, since, cache, concurrency,
			library: indexedLibrary(result.index, config, analyzeServicesFor(io), roots[0]),
			stagingDir: path.resolve(io.cwd, options.out ?? defaultStagingFolder),
			today: config.today,
			placement: lifecyclePlacementFor(config.profile),
			memoryFile: options.memoryFile,
			dryRun: options.dryRun,
		}));
	} catch (error) {
		if (error instanceof DistilCancelled) {
			throw new CommandError(error.message);
		}
		throw error;
	}
	io.stdout.write(options.format === 'json' ? `${JSON.stringify(recentJson(outcome), null, 2)}\n` : recentText(outcome, io));
	return 0;
}
