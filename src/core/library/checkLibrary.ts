import { finalizeFindings, type SkillAnalysis } from '../check/analyzeSkill';
import type { CheckConfig } from '../check/config';
import type { Finding } from '../check/findings';
import type { SkillRoot } from '../skill/standardRoots';
import { analyzeLibrary, type AnalyzeLibraryOptions } from './analyzeLibrary';
import { type DiscoveryOptions, type DiscoveryResult, discoverSkills } from './discovery';
import { LibraryIndex } from './libraryIndex';

export interface CheckRequest {
	roots: readonly SkillRoot[];
	config: CheckConfig;
	discovery?: DiscoveryOptions;
	analysis?: Omit<AnalyzeLibraryOptions, 'config'>;
	/** Called with each skill as soon as it is analysed, before the cross-skill rules have seen the library. */
	onAnalysis?: (analysis: SkillAnalysis) => void;
}

export interface CheckResult {
	index: LibraryIndex;
	/** Folders that could not be scanned, as `scan-error` findings. */
	scanFindings: Finding[];
	elapsedMs: number;
}

/** Discovers, reads and analyses a whole library and indexes it for the cross-skill rules. */
export async function checkLibrary(request: CheckRequest): Promise<CheckResult> {
	const started = performance.now();
	const index = new LibraryIndex(request.config);
	let discovered: DiscoveryResult = { skills: [], problems: [], aliases: [] };
	await analyzeLibrary(
		async found => {
			discovered = await discoverSkills(request.roots, request.discovery, found);
		},
		{ ...request.analysis, config: request.config },
		analysis => {
			index.add(analysis);
			request.onAnalysis?.(analysis);
		},
	);
	for (const alias of discovered.aliases) {
		index.addAlias(alias.file, alias.alias, alias.root);
	}
	const scanFindings = discovered.problems.flatMap(problem => finalizeFindings(problem.path, [{
		rule: 'scan-error', line: 1, column: 1, endLine: 1, endColumn: 1, message: problem.message,
	}], request.config));
	return { index, scanFindings, elapsedMs: performance.now() - started };
}
