import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalyzeServices, SkillInput, SkillLocation } from '../check/analyzeSkill';
import { parseProposalRecord, proposalFileName } from '../distil/proposalStore';
import type { MarkdownlintRunner } from '../rules/markdownlintRules';
import { skillFileName } from '../skill/skillText';
import { describeReadError, skippedFolders } from './discovery';

/** The services `analyzeSkill` needs, answered from the local file system. */
export function nodeAnalyzeServices(markdownlint: MarkdownlintRunner): AnalyzeServices {
	return {
		markdownlint,
		exists: file => fs.existsSync(file),
		modifiedDate: file => {
			try {
				return fs.statSync(file).mtime.toISOString().slice(0, 10);
			} catch {
				return undefined;
			}
		},
	};
}

const sidecarDepth = 3;
const maxSidecars = 1000;

/**
 * Lists the files and folders (with a trailing `/`) of a skill folder, relative to it, `depth`
 * levels deep (three by default; `references/` and `scripts/` are one level deep by the spec's
 * advice). `known` is the folder's own listing when discovery has already read it.
 */
export function listSkillFolder(dir: string, known?: readonly string[], depth = sidecarDepth): string[] {
	const found: string[] = [];
	const visit = (folder: string, prefix: string, level: number, listed?: readonly string[]) => {
		let entries: readonly string[];
		try {
			entries = listed ?? fs.readdirSync(folder, { withFileTypes: true })
				.map(entry => entry.name + (entry.isSymbolicLink() ? '@' : entry.isDirectory() ? '/' : ''));
		} catch {
			// An unlisted folder only means the engine asks the file system about references into it.
			return;
		}
		for (const entry of entries) {
			const isLink = entry.endsWith('@');
			const name = isLink || entry.endsWith('/') ? entry.slice(0, -1) : entry;
			if (found.length >= maxSidecars || skippedFolders.has(name)) {
				continue;
			}
			const relative = prefix + name;
			let isDirectory = entry.endsWith('/');
			if (isLink) {
				try {
					isDirectory = fs.statSync(path.join(folder, name)).isDirectory();
				} catch {
					continue;
				}
			}
			if (!isDirectory) {
				if (relative !== skillFileName) {
					found.push(relative);
				}
			} else {
				found.push(relative + '/');
				if (level + 1 < depth && !isLink) {
					visit(path.join(folder, name), relative + '/', level + 1);
				}
			}
		}
	};
	visit(dir, '', 0, known);
	return found;
}

/**
 * A location with the folder its references resolve against: for a proposed update in the
 * staging folder (a sibling proposal.json names its target), the target skill's folder.
 */
export function withReferenceDir(location: SkillLocation): SkillLocation {
	if (!location.inStaging || location.referenceDir) {
		return location;
	}
	try {
		const record = parseProposalRecord(fs.readFileSync(path.join(path.dirname(location.file), proposalFileName), 'utf8'));
		return record.action === 'update' && record.target && fs.existsSync(record.target) ? { ...location, referenceDir: path.dirname(record.target) } : location;
	} catch {
		return location;
	}
}

/**
 * Reads a skill's file with its folder's own entries (the rules ask the file system about
 * anything deeper); a failure to read becomes the input's `readError`.
 */
export function readSkillInput(given: SkillLocation): SkillInput {
	const location = withReferenceDir(given);
	const sidecars = location.referenceDir ? listSkillFolder(location.referenceDir, undefined, 1) : listSkillFolder(path.dirname(location.file), location.entries, 1);
	try {
		return { location, sidecars, bytes: fs.readFileSync(location.file) };
	} catch (error) {
		return { location, sidecars, readError: describeReadError(error) };
	}
}
