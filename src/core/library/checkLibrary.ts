import { finalizeFindings, type SkillAnalysis } from '../check/analyzeSkill';
import type { CheckConfig } from '../check/config';
import type { Finding } from '../check/findings';
import type { SkillRoot } from '../skill/standardRoots';
import { TimeSlices } from '../util/timeSlices';
import { type AnalysisCache, cacheSliceMs } from './analysisCache';
import { analyzeLibrary, type AnalyzeLibraryOptions } from './analyzeLibrary';
import { type DiscoveryOptions, type DiscoveryResult, discoverSkills } from './discovery';
import { LibraryIndex } from './libraryIndex';
import { diskAnswers } from './readSkill';

export interface CheckRequest {
	roots: readonly SkillRoot[];
	config: CheckConfig;
	discovery?: DiscoveryOptions;
	analysis?: Omit<AnalyzeLibraryOptions, 'config'>;
	/**
	 * Whether the index will be updated after the check (as the editor updates it on each edit):
	 * then analyses reused from the cache get their fingerprints back even when the library's
	 * cross-skill findings are reused too.
	 */
	updatable?: boolean;
	/** Called with each skill as soon as it is analysed, before the cross-skill rules have seen the library. */
	onAnalysis?: (analysis: SkillAnalysis) => void;
}

export interface CheckResult {
	index: LibraryIndex;
	/** Folders that could not be scanned, as `scan-error` findings. */
	scanFindings: Finding[];
	elapsedMs: number;
}

/** Past this many skills changed, added or removed, computing every skill's cross-skill findings costs less than updating them one change at a time. */
const maxUpdatedSkills = 64;

/**
 * Takes the library's cross-skill findings from the cache when no skill of it changed. When a few
 * did, it takes the findings of the library the cache computed them for and updates them for each
 * change, as the editor does after an edit (see `updatedIndex`); otherwise it gives the reused
 * analyses their fingerprints back and computes the findings. It keeps them in the cache, then
 * writes the cache. Returns the index that holds them, or undefined when the cache turned out to
 * be unusable (its fingerprint file changed under it). A cache that cannot be written costs the
 * next run its speed, not this run its findings.
 */
function settleCrossFindings(cache: AnalysisCache, index: LibraryIndex, request: CheckRequest, aliases: DiscoveryResult['aliases'], links: string): LibraryIndex | undefined {
	const known = cache.crossFindings(links);
	if (!known || request.updatable) {
		try {
			cache.attachPrints();
		} catch {
			return undefined;
		}
	}
	let settled = index;
	if (known) {
		index.restoreCross(known);
	} else {
		const updated = updatedIndex(request.config, index, cache.previousLibrary(links), aliases);
		settled = updated?.index ?? index;
		cache.storeCrossFindings(file => settled.crossFindings(file), links, updated?.changes);
	}
	try {
		cache.save();
	} catch {
		// Nothing to undo: the cache files are written atomically, so the old ones stand.
	}
	return settled;
}

/**
 * The library of `index` built from the one the cache computed cross-skill findings for: that
 * library's skills with their findings, then each skill removed, changed or added since, in turn,
 * with the findings it touches computed again; and how many changes that was. Undefined when
 * there is no such library or too many skills changed. An unchanged skill's analysis is the very
 * object the cache gave both.
 */
function updatedIndex(config: CheckConfig, index: LibraryIndex, previous: ReturnType<AnalysisCache['previousLibrary']>, aliases: DiscoveryResult['aliases']): { index: LibraryIndex; changes: number } | undefined {
	if (!previous) {
		return undefined;
	}
	const current = index.skills();
	const changed = current.filter(analysis => previous.get(analysis.file)?.analysis !== analysis);
	const removed = [...previous.keys()].filter(file => !index.get(file));
	if (changed.length + removed.length > maxUpdatedSkills) {
		return undefined;
	}
	const updated = new LibraryIndex(config);
	for (const { analysis } of previous.values()) {
		updated.add(analysis);
	}
	updated.addAliases(aliases);
	updated.restoreCross(new Map([...previous].map(([file, { cross, crossSuppressed }]) => [file, { cross, crossSuppressed }])));
	for (const file of removed) {
		updated.remove(file);
	}
	for (const analysis of changed) {
		updated.update(analysis);
	}
	return { index: updated, changes: changed.length + removed.length };
}

/** What decides a walk's result besides the disk: the roots and the options that change what is found. */
export function walkRequest(request: CheckRequest): string {
	const { maxDepth, maxFolders, stagingFolder, home, classifyRoots } = request.discovery ?? {};
	return JSON.stringify({ roots: request.roots, maxDepth, maxFolders, stagingFolder, home, classifyRoots });
}

/** Discovers, reads and analyses a whole library and indexes it for the cross-skill rules. */
export async function checkLibrary(request: CheckRequest): Promise<CheckResult> {
	const started = performance.now();
	const index = new LibraryIndex(request.config);
	let discovered: DiscoveryResult = { skills: [], problems: [], aliases: [] };
	const cache = request.analysis?.cache;
	await cache?.checkStamps();
	const take = (analysis: SkillAnalysis) => {
		index.add(analysis);
		request.onAnalysis?.(analysis);
	};
	const walked = walkRequest(request);
	const replayed = cache?.replayWalk(walked, diskAnswers);
	if (cache && replayed) {
		// Nothing the last walk looked at has changed: its skills are the library, as analysed then.
		const slices = new TimeSlices(cacheSliceMs);
		for (const [i, file] of replayed.files.entries()) {
			if (i % 256 === 0) {
				await slices.pause();
			}
			take(cache.reuse(file));
		}
		discovered = { skills: [], problems: [], aliases: replayed.aliases };
	} else {
		await analyzeLibrary(
			async found => {
				// The cache remembers folder listings too: an unchanged folder is not listed again.
				discovered = await discoverSkills(request.roots, cache ? { ...request.discovery, memo: cache } : request.discovery, found);
			},
			{ ...request.analysis, config: request.config },
			take,
		);
		cache?.recordWalk(walked, request.roots.map(root => root.path), discovered);
	}
	index.addAliases(discovered.aliases);
	// Which folders link to which skills decides who sees them (listing-budget, unseen-by-claude-code): cached findings answer for the same links only.
	const links = JSON.stringify(discovered.aliases.map(alias => [alias.file, alias.alias]).sort());
	const settled = cache ? settleCrossFindings(cache, index, request, discovered.aliases, links) : index;
	if (!settled) {
		return checkLibrary({ ...request, analysis: { ...request.analysis, cache: undefined } });
	}
	const scanFindings = discovered.problems.flatMap(problem => finalizeFindings(problem.path, [{
		rule: 'scan-error', line: 1, column: 1, endLine: 1, endColumn: 1, message: problem.message,
	}], request.config));
	return { index: settled, scanFindings, elapsedMs: performance.now() - started };
}
