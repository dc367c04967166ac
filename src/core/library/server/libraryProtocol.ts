import { libraryOnlyFields, type SkillAnalysis, type SkillEntry, type SkillLocation } from '../../check/analyzeSkill';
import type { CheckConfig } from '../../check/config';
import { countFindings, type Finding, type FindingCounts } from '../../check/findings';
import type { Listing } from '../../listing/listingBudget';
import type { SkillRoot } from '../../skill/standardRoots';
import type { AnalysisCache } from '../analysisCache';

/**
 * The messages between the editor and the library process, which holds the library (its index,
 * the passages' fingerprints, the analysis cache) so the extension host keeps only what it shows.
 */

/** What the views show of a skill a scan has read, before the cross-skill rules have seen the library. */
export type ReadSkill = Pick<SkillEntry, 'file' | 'dir' | 'folderName' | 'name' | 'status' | 'root' | 'inStaging' | 'sidecars'> & { counts: FindingCounts };

/** A skill of the library and its cross-skill findings (its own are in the entry). */
export interface SkillState {
	entry: SkillEntry;
	cross: Finding[];
}

/** A file whose findings changed: what it holds now, or nothing when it left the library. */
export interface FileUpdate {
	file: string;
	state?: SkillState;
}

export interface ScanParams {
	/** Scans are numbered: the events of a scan a newer one replaced are ignored. */
	generation: number;
	config: CheckConfig;
	roots: SkillRoot[];
	stagingFolder: string;
	home?: string;
	/** The analysis cache file; none, no cache. */
	cacheFile?: string;
}

export interface ScanOutcome {
	skills: number;
	elapsedMs: number;
	cache?: AnalysisCache['stats'];
	cacheIgnored?: string;
	/** Findings on folders that could not be scanned. */
	scanFindings: Finding[];
	/** The SKILL.md paths that are links to a skill of the library. */
	aliases: string[];
	/** Whether a newer scan replaced this one before it ended: its skills were never sent. */
	superseded: boolean;
}

/** A skill to analyse and file: from the text given (an open document), or read from disk. */
export interface AnalyzeParams {
	location: SkillLocation;
	sidecars: readonly string[];
	text?: string;
}

/** Each request's parameters and result. */
export interface LibraryRequests {
	scan: { params: ScanParams; result: ScanOutcome };
	analyze: { params: AnalyzeParams; result: FileUpdate[] };
	remove: { params: { file: string }; result: FileUpdate[] };
	addAlias: { params: { file: string; alias: string; root: SkillRoot }; result: FileUpdate[] };
	removeAlias: { params: { alias: string }; result: FileUpdate[] };
	/** The findings a text would have in the library at `location`; the library does not change. */
	checkAsIf: { params: AnalyzeParams & { text: string }; result: Finding[] };
	listings: { params: Record<string, never>; result: Listing[] };
}

export type LibraryMethod = keyof LibraryRequests;

export type RequestMessage = { [M in LibraryMethod]: { id: number; method: M; params: LibraryRequests[M]['params'] } }[LibraryMethod];

export type ReplyMessage = { id: number; result: unknown } | { id: number; error: string };

export type LibraryEvent =
	/** Skills a scan has read so far, before the cross-skill rules have seen the library. */
	| { event: 'read'; generation: number; skills: ReadSkill[] }
	/** Part of the library a scan ended with; every part comes before the scan's reply. */
	| { event: 'scanned'; generation: number; states: SkillState[] };

export type ServerMessage = ReplyMessage | LibraryEvent;

/** What a scan reports of a skill it read: no more than the views show while it runs. */
export function readSkillOf(analysis: SkillAnalysis): ReadSkill {
	const { file, dir, folderName, name, status, root, inStaging, sidecars } = analysis;
	return { file, dir, folderName, name, status, root, inStaging, sidecars, counts: countFindings(analysis.findings) };
}

/** A skill's entry as sent: what only the library process reads left out. */
export function entryOf(analysis: SkillAnalysis): SkillEntry {
	const entry: SkillAnalysis = { ...analysis };
	for (const field of libraryOnlyFields) {
		delete entry[field];
	}
	return entry;
}
