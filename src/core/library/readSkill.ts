import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalyzeServices, SkillInput, SkillLocation } from '../check/analyzeSkill';
import { parseProposalRecord, proposalFileName } from '../distil/proposalStore';
import type { MarkdownlintRunner } from '../rules/markdownlintRules';
import { skillFileName } from '../skill/skillText';
import { formatSize } from '../util/units';
import type { FileQuestions, FileRead } from './analysisCache';
import { stampOf } from './stamps';
import { describeReadError, skippedFolders } from './discovery';
import { budgetedLinter } from './markdownlintBudget';
import { MarkdownlintCache } from './markdownlintCache';

/** The file-system questions of an analysis, answered from the local file system. */
export const diskAnswers: FileQuestions = {
	exists: file => fs.existsSync(file),
	modifiedDate: file => {
		try {
			return fs.statSync(file).mtime.toISOString().slice(0, 10);
		} catch {
			return undefined;
		}
	},
};

/** The services `analyzeSkill` needs, answered from the local file system. */
export function nodeAnalyzeServices(markdownlint: MarkdownlintRunner): AnalyzeServices {
	return { markdownlint, ...diskAnswers };
}

/**
 * The services with markdownlint in its time-limited thread (see `markdownlintBudget`; in this
 * thread without the script) and each body linted once per process.
 */
export function budgetedAnalyzeServices(markdownlintScript: string | undefined): AnalyzeServices {
	return nodeAnalyzeServices(new MarkdownlintCache(budgetedLinter(markdownlintScript)).run);
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

/** What a file is when it is not a plain file, for a person. */
function kindOf(stat: fs.Stats): string {
	return stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a plain file';
}

/**
 * The bytes of a skill's file, or why they are not read: only a plain file (a link to one
 * included) of at most `maxBytes` is read, so a named pipe, a device (`/dev/zero`) or a huge
 * file never blocks or fills the process. The file is opened without waiting and checked again
 * once open, in case it was swapped meanwhile.
 */
export function readSkillBytes(file: string, maxBytes: number): { bytes: Uint8Array; read: FileRead } | { readError: string } {
	let fd: number | undefined;
	try {
		// Taken before the file's state: a change made after it cannot look older than it (see `FileRead`).
		const at = Date.now();
		const before = fs.statSync(file);
		if (!before.isFile()) {
			return { readError: `it is ${kindOf(before)}, not a file` };
		}
		fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
		const stat = fs.fstatSync(fd);
		if (!stat.isFile()) {
			return { readError: `it is ${kindOf(stat)}, not a file` };
		}
		if (stat.size > maxBytes) {
			return { readError: `it is ${formatSize(stat.size)}, more than a skill may be (${formatSize(maxBytes)}, the file-unreadable rule's maxBytes); it was not read` };
		}
		// One byte more than allowed tells a file that grew after the stat from one that fits.
		const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
		let length = 0;
		for (let read = 1; read > 0 && length < buffer.length;) {
			read = fs.readSync(fd, buffer, length, buffer.length - length, null);
			length += read;
		}
		if (length > maxBytes) {
			return { readError: `it grew past ${formatSize(maxBytes)} while it was read; it was not read` };
		}
		return { bytes: buffer.subarray(0, length), read: { stamp: stampOf(stat), at } };
	} catch (error) {
		return { readError: describeReadError(error) };
	} finally {
		if (fd !== undefined) {
			fs.closeSync(fd);
		}
	}
}

/** What a skill's analysis depends on besides its bytes: where its references resolve, and that folder's own entries. */
export function skillSurroundings(given: SkillLocation): { location: SkillLocation; sidecars: string[] } {
	const location = withReferenceDir(given);
	const sidecars = location.referenceDir ? listSkillFolder(location.referenceDir, undefined, 1) : listSkillFolder(path.dirname(location.file), location.entries, 1);
	return { location, sidecars };
}

/**
 * Reads a skill's file with its folder's own entries (the rules ask the file system about
 * anything deeper); a failure to read becomes the input's `readError`.
 */
export function readSkillInput(given: SkillLocation, maxBytes: number): SkillInput & { read?: FileRead } {
	return { ...skillSurroundings(given), ...readSkillBytes(given.file, maxBytes) };
}
