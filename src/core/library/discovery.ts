import { type Dirent, readdir } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import * as path from 'node:path';
import type { SkillLocation } from '../check/analyzeSkill';
import { skillFileName } from '../skill/skillText';
import { rootOfSkillDir, type SkillRoot } from '../skill/standardRoots';

export const defaultStagingFolder = '.skills-proposed';

/** The file-system calls discovery makes; tests substitute failures that root cannot provoke. */
export interface DiscoveryFs {
	readdir(dir: string): Promise<Dirent[]>;
	stat(file: string): Promise<{ isDirectory(): boolean; isFile(): boolean }>;
	realpath(file: string): Promise<string>;
}

const nodeFs: DiscoveryFs = {
	// The callback form: a walk lists tens of thousands of folders, and the promise form cost the
	// walking thread half as much again (1.2–1.6 s against 0.9–1.0 s of CPU for 33,894 folders).
	readdir: dir => new Promise((resolve, reject) => readdir(dir, { withFileTypes: true }, (error, entries) => (error ? reject(error) : resolve(entries)))),
	stat: file => fsPromises.stat(file),
	realpath: file => fsPromises.realpath(file),
};

export interface DiscoveryOptions {
	/** How many folders deep below a searched folder to look for SKILL.md. */
	maxDepth?: number;
	/** Stop after listing this many folders. */
	maxFolders?: number;
	/** Name of the proposals staging folder; skills below it are `proposed`. */
	stagingFolder?: string;
	home?: string;
	/** Whether to classify skills found in a searched folder by the standard root they sit in. */
	classifyRoots?: boolean;
	/** At most this many folders are listed at once (see `responsiveFoldersAtOnce`); by default, every folder found. */
	foldersAtOnce?: number;
	fs?: DiscoveryFs;
	/** Listings of earlier runs, for folders that have not changed since (the analysis cache keeps them). */
	memo?: FolderMemo;
}

/**
 * Discovery's memory of folder listings. `recall` gives a folder's entries as last listed (see
 * `typedEntry`) while nothing in it has changed since; otherwise a function to hand the fresh
 * listing to, which is remembered with the folder's state as it was before it was listed.
 */
export interface FolderMemo {
	recall(dir: string): readonly string[] | ((entries: readonly string[]) => void);
}

/** A folder entry as discovery needs it. */
type Listed = Pick<Dirent, 'name' | 'isDirectory' | 'isSymbolicLink'>;

/** An entry as a string: its kind (`d` folder, `l` symbolic link, `f` anything else) and its name. */
function typedEntry(entry: Listed): string {
	return (entry.isSymbolicLink() ? 'l' : entry.isDirectory() ? 'd' : 'f') + entry.name;
}

/** A remembered entry (see `typedEntry`), answering as a `Dirent` does. */
class RecalledEntry implements Listed {
	readonly name: string;
	private readonly kind: string;

	constructor(typed: string) {
		this.kind = typed[0];
		this.name = typed.slice(1);
	}

	isDirectory(): boolean {
		return this.kind === 'd';
	}

	isSymbolicLink(): boolean {
		return this.kind === 'l';
	}
}

/** Folders recalled between two turns of the event loop, so a long walk from memory does not hold up everything else. */
const recallsPerTurn = 1000;

/** A folder that could not be scanned, reported as a `scan-error`. */
export interface ScanProblem {
	path: string;
	message: string;
}

/** Another root a skill folder is reached from through a symbolic link: still one skill, seen by that root's clients too. */
export interface SkillAlias {
	/** The skill's SKILL.md as first found. */
	file: string;
	/** Its SKILL.md as reached from the other root. */
	alias: string;
	root: SkillRoot;
}

export interface DiscoveryResult {
	skills: SkillLocation[];
	problems: ScanProblem[];
	aliases: SkillAlias[];
}

export const skippedFolders = new Set(['.git', 'node_modules', '__pycache__', '.venv', '.hg', '.svn']);

/**
 * Folders a walk that must keep its thread responsive lists at once: enough to keep Node's four
 * file-system threads busy, and still far ahead of the analysis. A walk that asks for every
 * folder at once is faster (about a quarter, on 20,000 skills), but has thousands of listings
 * finish together, handled in one turn of the event loop: in the editor, a skill opened at the
 * start of the first scan waited seconds for its diagnostics.
 */
export const responsiveFoldersAtOnce = 16;

/** Runs at most `count` of the calls handed to it at a time; the others wait their turn. */
function limitedTo(count: number): <T>(call: () => Promise<T>) => Promise<T> {
	let running = 0;
	const waiting: (() => void)[] = [];
	return async call => {
		while (running >= count) {
			await new Promise<void>(resolve => waiting.push(resolve));
		}
		running++;
		try {
			return await call();
		} finally {
			running--;
			waiting.shift()?.();
		}
	};
}

interface Walk {
	options: Required<Omit<DiscoveryOptions, 'home' | 'fs' | 'foldersAtOnce' | 'memo'>> & { home?: string; fs: DiscoveryFs; memo?: FolderMemo };
	result: DiscoveryResult;
	onSkill?: (skill: SkillLocation) => void;
	/** Real paths of the skill folders and of the folders listed so far. */
	seen: Set<string>;
	/**
	 * The skill found at each real folder, to tell a second way to it from a new skill: a promise,
	 * since a link may reach a folder while the walk is still listing it.
	 */
	skillsByReal: Map<string, Promise<SkillLocation | undefined>>;
	/** Roots whose scan reached the depth limit (reported once each). */
	depthLimited: Set<string>;
	folders: number;
	recalled: number;
	stopped: boolean;
	/** Lists a folder, waiting for a turn when `foldersAtOnce` are being listed. */
	list: (dir: string) => Promise<Dirent[]>;
}

/**
 * Finds every folder holding a SKILL.md below the given roots, handing each to `onSkill` as soon
 * as it is found (so reading can start before the scan ends). Unreadable folders, symbolic-link
 * loops and limits become problems, never exceptions; a root that does not exist is simply empty.
 */
export async function discoverSkills(roots: readonly SkillRoot[], options: DiscoveryOptions = {}, onSkill?: (skill: SkillLocation) => void): Promise<DiscoveryResult> {
	const fs = options.fs ?? nodeFs;
	const listing = options.foldersAtOnce === undefined ? undefined : limitedTo(options.foldersAtOnce);
	const walk: Walk = {
		options: {
			maxDepth: options.maxDepth ?? 6,
			maxFolders: options.maxFolders ?? 250_000,
			stagingFolder: options.stagingFolder ?? defaultStagingFolder,
			classifyRoots: options.classifyRoots ?? false,
			home: options.home,
			fs,
			memo: options.memo,
		},
		result: { skills: [], problems: [], aliases: [] },
		onSkill,
		seen: new Set(),
		skillsByReal: new Map(),
		depthLimited: new Set(),
		folders: 0,
		recalled: 0,
		stopped: false,
		list: listing ? dir => listing(() => fs.readdir(dir)) : dir => fs.readdir(dir),
	};
	for (const root of roots) {
		let real: string;
		try {
			real = await walk.options.fs.realpath(root.path);
		} catch {
			continue;
		}
		// Below here paths are made by `childOf`, which expects its folder normal.
		await visit(walk, root, path.normalize(root.path), real, 0, path.basename(root.path) === walk.options.stagingFolder, []);
	}
	walk.result.skills.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
	return walk.result;
}

/** The kernel's and the devices' folders: no skill lives there, and reading them never ends well. */
const systemFolders = ['/proc', '/sys', '/dev'];

function isSystemFolder(real: string): boolean {
	return path.sep === '/' && systemFolders.some(folder => real === folder || real.startsWith(`${folder}/`));
}

async function visit(walk: Walk, root: SkillRoot, dir: string, real: string, depth: number, inStaging: boolean, ancestors: readonly string[], enclosingSkill?: string): Promise<void> {
	if (walk.seen.has(real) || walk.stopped) {
		const known = await walk.skillsByReal.get(real);
		const alias = path.join(dir, skillFileName);
		if (known && known.file !== alias) {
			walk.result.aliases.push({ file: known.file, alias, root: walk.options.classifyRoots ? rootOfSkillDir(dir, root, walk.options.home) : root });
		}
		return;
	}
	walk.seen.add(real);
	if (isSystemFolder(real)) {
		walk.result.problems.push({ path: dir, message: `this folder is ${real}, a system folder; it was not scanned` });
		return;
	}
	if (++walk.folders > walk.options.maxFolders) {
		walk.stopped = true;
		walk.result.problems.push({ path: dir, message: `the scan stopped after ${walk.options.maxFolders.toLocaleString('en-US')} folders; check a narrower path` });
		return;
	}
	const listing = listSkillFolder(walk, root, dir, inStaging, enclosingSkill);
	walk.skillsByReal.set(real, listing.then(listed => listed?.skill));
	const listed = await listing;
	if (!listed) {
		return;
	}
	const { entries } = listed;
	// A skill's folder may hold skills of its own (an index skill with sub-skills): they are skills too.
	const skillHere = listed.skill && dir;
	if (depth >= walk.options.maxDepth) {
		// Below a skill the walk only looks for nested skills: running out of depth there hides no skill of the root's.
		if (skillHere === undefined && enclosingSkill === undefined && !walk.depthLimited.has(root.path) && entries.some(entry => (entry.isDirectory() || entry.isSymbolicLink()) && !skippedFolders.has(entry.name))) {
			walk.depthLimited.add(root.path);
			walk.result.problems.push({ path: root.path, message: `the scan reached its depth limit, ${walk.options.maxDepth} folders below this folder (at ${dir}); skills deeper down are not checked` });
		}
		return;
	}
	const lineage = [...ancestors, real];
	const children: Promise<void>[] = [];
	for (const entry of entries) {
		// In the staging folder, `.accepted/` and `.rejected/` hold decided proposals: no longer pending.
		// Hidden folders inside a skill (build caches, virtual environments) hold no skills, as Codex also assumes.
		if (skippedFolders.has(entry.name) || ((inStaging || skillHere !== undefined || enclosingSkill !== undefined) && entry.name.startsWith('.'))) {
			continue;
		}
		const child = childOf(dir, entry.name);
		const childInStaging = inStaging || entry.name === walk.options.stagingFolder;
		const enclosing = skillHere ?? enclosingSkill;
		if (entry.isDirectory()) {
			children.push(visit(walk, root, child, childOf(real, entry.name), depth + 1, childInStaging, lineage, enclosing));
		} else if (entry.isSymbolicLink()) {
			children.push(followLink(walk, root, child, depth + 1, childInStaging, lineage, enclosing));
		}
	}
	await Promise.all(children);
}

/** Lists a folder and, when it holds a SKILL.md, reports it as a skill; undefined when it cannot be listed. */
async function listSkillFolder(walk: Walk, root: SkillRoot, dir: string, inStaging: boolean, enclosingSkill: string | undefined): Promise<{ entries: Listed[]; skill?: SkillLocation } | undefined> {
	let entries: Listed[];
	try {
		entries = await listFolder(walk, dir);
	} catch (error) {
		walk.result.problems.push({ path: dir, message: `this folder cannot be listed (${errorCode(error)}); skills below it are not checked` });
		return undefined;
	}
	// Whatever is called SKILL.md makes the folder a skill; one that is not a plain file (a folder, a named pipe) is reported when it is read.
	if (!entries.some(entry => entry.name === skillFileName)) {
		return { entries };
	}
	const skill: SkillLocation = {
		file: path.join(dir, skillFileName),
		root: walk.options.classifyRoots ? rootOfSkillDir(dir, root, walk.options.home) : root,
		inStaging,
		entries: entries.map(entry => entry.name + (entry.isSymbolicLink() ? '@' : entry.isDirectory() ? '/' : '')),
		...(enclosingSkill === undefined ? {} : { nestedIn: enclosingSkill }),
	};
	walk.result.skills.push(skill);
	walk.onSkill?.(skill);
	return { entries, skill };
}

/** `path.join` of a normal folder and an entry's name, without normalising again what is already normal: the walk makes one for every entry. */
function childOf(dir: string, name: string): string {
	return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/** A folder's entries: from the memo when it has them, else read (and handed to the memo). */
async function listFolder(walk: Walk, dir: string): Promise<Listed[]> {
	const memo = walk.options.memo;
	if (!memo) {
		return walk.list(dir);
	}
	const recalled = memo.recall(dir);
	if (typeof recalled !== 'function') {
		if (++walk.recalled % recallsPerTurn === 0) {
			await new Promise(resolve => setImmediate(resolve));
		}
		return recalled.map(typed => new RecalledEntry(typed));
	}
	const entries = await walk.list(dir);
	recalled(entries.map(typedEntry));
	return entries;
}

async function followLink(walk: Walk, root: SkillRoot, link: string, depth: number, inStaging: boolean, lineage: readonly string[], enclosingSkill: string | undefined): Promise<void> {
	let target: string;
	try {
		target = await walk.options.fs.realpath(link);
		if (!(await walk.options.fs.stat(target)).isDirectory()) {
			return;
		}
	} catch (error) {
		if (errorCode(error) === 'ELOOP') {
			walk.result.problems.push({ path: link, message: 'this symbolic link loops; it was not followed' });
		}
		return;
	}
	if (lineage.includes(target)) {
		walk.result.problems.push({ path: link, message: `this symbolic link points back to its own ancestor ${target}; it was not followed` });
		return;
	}
	// A link to a folder already scanned (tools such as `npx skills` link one copy into several roots) is the same skill.
	await visit(walk, root, link, target, depth, inStaging, lineage, enclosingSkill);
}

function errorCode(error: unknown): string {
	return (error as NodeJS.ErrnoException)?.code ?? String(error);
}

/** Explains a failed read in words. */
export function describeReadError(error: unknown): string {
	const code = errorCode(error);
	return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'it no longer exists' : `${code}`;
}

/**
 * The folder of the skill a SKILL.md is nested in, looking up from its folder's parent to the
 * root; undefined for a skill that is no other skill's.
 */
export function enclosingSkillDir(file: string, rootPath: string, hasSkillFile: (dir: string) => boolean): string | undefined {
	const inside = (dir: string) => dir.startsWith(rootPath + path.sep);
	for (let dir = path.dirname(path.dirname(file)); inside(dir); dir = path.dirname(dir)) {
		if (hasSkillFile(dir)) {
			return dir;
		}
	}
	return undefined;
}
