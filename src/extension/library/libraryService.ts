import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type AnalyzeServices, analyzeSkill, type SkillAnalysis, type SkillEntry, type SkillLocation } from '../../core/check/analyzeSkill';
import type { CheckConfig } from '../../core/check/config';
import type { Finding, FindingCounts } from '../../core/check/findings';
import type { DistilLibrary } from '../../core/distil/distilSession';
import { enclosingSkillDir } from '../../core/library/discovery';
import { FindingTally } from '../../core/library/findingTally';
import { budgetedAnalyzeServices, listSkillFolder, withReferenceDir } from '../../core/library/readSkill';
import { LibraryClient } from '../../core/library/server/libraryClient';
import { LibraryMirror } from '../../core/library/server/libraryMirror';
import { entryOf, type FileUpdate, type LibraryEvent, type ReadSkill, type ScanOutcome } from '../../core/library/server/libraryProtocol';
import type { Listing } from '../../core/listing/listingBudget';
import { skillFileName } from '../../core/skill/skillText';
import type { SkillRoot } from '../../core/skill/standardRoots';
import { isInside } from '../../core/util/paths';
import { type LibrarySettings, readLibrarySettings } from '../settings';

/** What changed: some files' findings, or everything (after a full scan). */
export type LibraryChange = { kind: 'files'; files: string[] } | { kind: 'all' };

/** A root folder as the views show it, with its skills. */
export interface RootGroup {
	root: SkillRoot;
	skills: SkillEntry[];
}

/** The root that skills opened from outside every configured root are filed under. */
export const outsideRoot: SkillRoot = { path: '', label: 'Open skills outside the library', scope: 'folder' };

/**
 * The library as the extension sees it: scanned once in the background, then kept current one
 * skill at a time as documents are edited and files change on disk. The library itself (its
 * index, the passages' fingerprints, the analysis cache) lives in a process of its own, as a
 * language server does: the extension host keeps each skill's entry and findings, and its thread
 * is free while a scan runs.
 */
export class LibraryService implements vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<LibraryChange>();
	readonly onDidChange = this.changeEmitter.event;
	private readonly scanEmitter = new vscode.EventEmitter<Promise<void>>();
	/** A full scan starts; the promise settles when it ends. */
	readonly onDidStartScan = this.scanEmitter.event;
	private readonly readEmitter = new vscode.EventEmitter<ReadSkill>();
	/** A full scan read a skill, which joins the library (with its cross-skill findings) when the scan ends. */
	readonly onDidRead = this.readEmitter.event;
	/** How many skills (proposals left out) the latest full scan has read so far. */
	scanRead = 0;
	private settings: LibrarySettings;
	private mirror = new LibraryMirror();
	/** The library a scan ends with, filled as its parts arrive. */
	private incoming = new LibraryMirror();
	private readonly client: LibraryClient;
	private readonly stopEmitter = new vscode.EventEmitter<string>();
	/** The library process stopped unexpectedly (why); the library holds only what is read from now on, until the next scan. */
	readonly onDidStopProcess = this.stopEmitter.event;
	private scanFindings: Finding[] = [];
	private readonly countCache = new Map<string, FindingCounts>();
	/** The counts of every library skill (proposals left out), kept current change by change so the status bar never adds up the library. */
	private readonly tally = new FindingTally();
	private generation = 0;
	/** Files that changed on disk while a scan ran: what the scan read of them may be older. */
	private readonly changedDuringScan = new Set<string>();
	/** How many texts of each document have been sent to be checked, so an answer about an older one is known. */
	private readonly documentsSent = new Map<string, number>();
	private scanning = false;
	private markScanned: () => void = () => undefined;
	/** Whether the first scan has ended; until then, counts are of the skills read so far. */
	isScanned = false;
	/** What the last full scan read and how much of it the analysis cache answered. */
	lastScan?: Pick<ScanOutcome, 'skills' | 'elapsedMs' | 'cache' | 'cacheIgnored'>;
	/** Settles when the first full scan has been published. */
	readonly scanned = new Promise<void>(resolve => {
		this.markScanned = resolve;
	});
	/** For checks that need no other skill: a fix's preview, and a document's own findings while a scan runs. */
	private readonly services: AnalyzeServices;

	constructor(extensionPath: string, private readonly cacheFile: string | undefined) {
		this.settings = readLibrarySettings();
		this.services = budgetedAnalyzeServices(path.join(extensionPath, 'dist', 'markdownlintWorker.js'));
		this.client = new LibraryClient(path.join(extensionPath, 'dist', 'libraryProcess.js'), event => this.receive(event), why => this.stopEmitter.fire(why));
	}

	/** The library process's id, while it runs. */
	get processId(): number | undefined {
		return this.client.pid;
	}

	/** The configuration every check uses (settings over `.skill-distiller.json`). */
	get config(): CheckConfig {
		return this.settings.config;
	}

	get configError(): string | undefined {
		return this.settings.configError;
	}

	get stagingFolder(): string {
		return this.settings.stagingFolder;
	}

	get delayMs(): number {
		return this.settings.delayMs;
	}

	/** The configured roots (those that exist on disk hold skills), in settings order. */
	get roots(): readonly SkillRoot[] {
		return this.settings.roots;
	}

	/** Re-reads the settings and scans every root again. Overlapping scans: the last one wins. */
	rescan(): Promise<void> {
		this.settings = readLibrarySettings();
		const scan = this.scan(++this.generation);
		this.scanEmitter.fire(scan);
		return scan;
	}

	private async scan(generation: number): Promise<void> {
		const { config, roots, stagingRoots, stagingFolder } = this.settings;
		this.changedDuringScan.clear();
		this.lastScan = undefined;
		this.scanning = true;
		this.scanRead = 0;
		// Until the scan ends, the library holds only skills edited meanwhile; the views keep what they last showed, counts included.
		this.mirror = new LibraryMirror();
		this.incoming = new LibraryMirror();
		let outcome: ScanOutcome;
		try {
			outcome = await this.client.request('scan', { generation, config, roots: [...roots, ...stagingRoots], stagingFolder, home: process.env.HOME, cacheFile: this.cacheFile });
		} catch (error) {
			this.scanning = false;
			throw error;
		}
		if (generation !== this.generation || outcome.superseded) {
			return;
		}
		this.scanning = false;
		this.mirror = this.incoming;
		this.incoming = new LibraryMirror();
		for (const alias of outcome.aliases) {
			this.mirror.setAlias(alias, true);
		}
		const { skills, elapsedMs, cache, cacheIgnored } = outcome;
		this.lastScan = { skills, elapsedMs, cache, cacheIgnored };
		this.scanFindings = outcome.scanFindings;
		this.countCache.clear();
		this.tally.clear();
		for (const skill of this.mirror.skills()) {
			this.tally.set(skill.file, skill.inStaging ? undefined : this.counts(skill.file));
		}
		// A file saved or deleted while the scan ran is read again: the scan may have read it before the change.
		const changed = [...this.changedDuringScan];
		this.changedDuringScan.clear();
		for (const file of changed) {
			await this.reloadSkill(file);
		}
		// Documents edited but not saved are newer than what the scan read from disk, and skills open in a tab from outside every root are not in what it read.
		const inTabs = urisInTabs();
		for (const document of vscode.workspace.textDocuments) {
			if (isSkillFile(document.uri) && (document.isDirty || (inTabs.has(document.uri.toString()) && !this.isInRoots(document.uri.fsPath)))) {
				await this.analyzeDocument(document, false);
			}
		}
		// Set before the change is announced: the views it updates ask whether the scan has ended.
		this.isScanned = true;
		this.changeEmitter.fire({ kind: 'all' });
		this.markScanned();
	}

	/** One line for the log: how long the last scan took and what the analysis cache spared. */
	scanSummary(): string {
		const scan = this.lastScan;
		if (!scan) {
			return 'Library scan superseded by a newer one.';
		}
		const { cache, cacheIgnored } = scan;
		const cached = cache === undefined ? 'no analysis cache'
			: `${cache.reused.toLocaleString('en-US')} reused from the analysis cache, ${cache.analysed.toLocaleString('en-US')} analysed${cache.crossReused ? ', cross-skill findings reused' : ''}${cache.walkReplayed ? ', no folder walked again' : ''}${cacheIgnored ? `; the cache was not used: ${cacheIgnored}` : ''}`;
		return `Library scanned: ${scan.skills.toLocaleString('en-US')} skills in ${(scan.elapsedMs / 1000).toFixed(2)} s (${cached}).`;
	}

	/** What the library process reports of the current scan: the skills read so far, and the library it ended with. */
	private receive(event: LibraryEvent): void {
		if (event.generation !== this.generation) {
			return;
		}
		if (event.event === 'scanned') {
			this.incoming.add(event.states);
			return;
		}
		for (const skill of event.skills) {
			this.scanRead += skill.inStaging ? 0 : 1;
			this.readEmitter.fire(skill);
		}
	}

	/** Every skill, grouped by root in settings order; proposals and skills outside the roots last. */
	groups(): RootGroup[] {
		// One pass, appending in place: copying a root's list for each of its skills made this quadratic, seconds per keystroke at 20,000 skills.
		const known = new Set(this.settings.roots.map(root => root.path));
		const byRoot = new Map<string, SkillEntry[]>();
		for (const skill of this.mirror.skills()) {
			const key = skill.inStaging ? 'staging' : known.has(skill.root.path) ? skill.root.path : '';
			const list = byRoot.get(key);
			if (list) {
				list.push(skill);
			} else {
				byRoot.set(key, [skill]);
			}
		}
		const groups = this.settings.roots.map(root => ({ root, skills: byRoot.get(root.path) ?? [] }));
		if (byRoot.has('')) {
			groups.push({ root: outsideRoot, skills: byRoot.get('') ?? [] });
		}
		return groups.filter(group => group.skills.length > 0);
	}

	/** The proposals found in the staging folders. */
	proposals(): SkillEntry[] {
		return this.mirror.skills().filter(skill => skill.inStaging);
	}

	/** The staging folder of each workspace folder, where proposals are written. */
	get stagingRoots(): readonly SkillRoot[] {
		return this.settings.stagingRoots;
	}

	/**
	 * The library as distillation sees it: its skills, and checks of a proposed text against the
	 * live library (which is left as it was). New skills are checked as if in the first project
	 * root that exists.
	 */
	distilLibrary(): DistilLibrary {
		const newSkillRoot = this.settings.roots.find(root => root.scope === 'project' && fs.existsSync(root.path)) ?? this.settings.roots.find(root => fs.existsSync(root.path));
		return {
			skills: () => this.mirror.skills().filter(skill => !skill.inStaging),
			text: file => fs.readFileSync(file, 'utf8'),
			checkAsIf: (file, root, text, sidecars) => this.client.request('checkAsIf', { location: { file, root, inStaging: false }, sidecars, text }),
			newSkillRoot,
		};
	}

	skill(file: string): SkillEntry | undefined {
		return this.mirror.get(file);
	}

	findings(file: string): Finding[] {
		return this.mirror.findings(file);
	}

	/** A symbolic link to a skill was made (Make visible to Claude Code): it is one skill, now also seen from the link's root. */
	async linkAdded(file: string, alias: string): Promise<void> {
		this.mirror.setAlias(alias, true);
		this.announce(await this.client.request('addAlias', { file, alias, root: this.locate(alias).root }), true);
	}

	/** A link to a skill was removed. */
	async linkRemoved(alias: string): Promise<void> {
		this.mirror.setAlias(alias, false);
		this.announce(await this.client.request('removeAlias', { alias }), true);
	}

	/** Each targeted client's listing of the library (simulated from its documented budget). */
	listings(): Promise<readonly Listing[]> {
		return this.client.request('listings', {});
	}

	/** How many findings of each severity a file has (cached until the file's findings change). */
	counts(file: string): FindingCounts {
		let counts = this.countCache.get(file);
		if (!counts) {
			counts = this.mirror.counts(file);
			this.countCache.set(file, counts);
		}
		return counts;
	}

	/** How many skills the library holds (proposals left out) and their findings by severity. */
	totals(): { skills: number; counts: FindingCounts } {
		const { files, counts } = this.tally.totals();
		return { skills: files, counts };
	}

	/** Findings on folders that could not be scanned. */
	scanProblems(): Finding[] {
		return this.scanFindings;
	}

	/** Every file with findings, library skills first. */
	allFiles(): string[] {
		return [...this.mirror.skills().map(skill => skill.file), ...new Set(this.scanFindings.map(finding => finding.file))];
	}

	/**
	 * Re-checks a skill from the text of its open document (saved or not) and announces the
	 * files whose findings changed.
	 */
	analyzeDocument(document: vscode.TextDocument, announce = true, freshSidecars = false): Promise<void> {
		return this.analyzeText(document.uri.fsPath, document.getText(), announce, freshSidecars);
	}

	/** Re-checks a skill from a text of it (its document's, or its file's when the document is behind it), in turn with the document's edits. */
	private async analyzeText(file: string, text: string, announce: boolean, freshSidecars: boolean): Promise<void> {
		if (this.scanning) {
			// The scan may have read the file (or trusted its stamp) before this text was typed or saved: it is read again when the scan ends, whether or not the file watcher reports the save.
			this.changedDuringScan.add(file);
		}
		const { location, sidecars } = this.placeOf(file, freshSidecars);
		const sent = (this.documentsSent.get(file) ?? 0) + 1;
		this.documentsSent.set(file, sent);
		const answer = this.client.request('analyze', { location, sidecars, text });
		if (this.scanning) {
			// The library process may still be starting, or busy with the scan's own work: the skill's own findings are shown at once, its cross-skill ones with the answer.
			this.announce([{ file, state: { entry: entryOf(this.analyzeHere(location, sidecars, text)), cross: [] } }], announce);
		}
		const updates = await answer;
		// The answer about an older text of this document is not shown over a newer one: the newer one's answer follows, and it always carries the document's state.
		this.announce(this.documentsSent.get(file) === sent ? updates : updates.filter(update => update.file !== file), announce);
	}

	/**
	 * Re-reads a skill (its file or a sidecar changed): when its document is open, in the same order
	 * as the document's edits (an answer read from disk could come after one about a newer text),
	 * otherwise from disk. A document in no tab and without unsaved edits is one VS Code keeps for a
	 * while after its editor closed and may not reload when its file changes: its file is read
	 * instead (with the document's text, a library restored on disk after a Fix All whose editors
	 * had closed kept the names the Fix All had saved).
	 */
	async reloadSkill(file: string): Promise<void> {
		if (this.scanning) {
			this.changedDuringScan.add(file);
		}
		const open = vscode.workspace.textDocuments.find(document => document.uri.fsPath === file);
		if (!open?.isDirty && !fs.existsSync(file)) {
			// A late event about a file that is gone by now.
			await this.removeSkill(file);
			return;
		}
		const known = this.mirror.get(file);
		if (!known && !this.isInRoots(file)) {
			return;
		}
		if (!known && await this.sameSkillAs(file)) {
			return;
		}
		if (open) {
			const behind = !open.isDirty && !urisInTabs().has(open.uri.toString());
			await this.analyzeText(file, (behind ? textOnDisk(file) : undefined) ?? open.getText(), true, true);
			return;
		}
		const { location, sidecars } = this.placeOf(file, true);
		this.announce(await this.client.request('analyze', { location, sidecars }), true);
	}

	/**
	 * The per-skill findings of a SKILL.md text that is not (yet) what the library holds, with the
	 * sidecars a fix plans listed as if they existed.
	 */
	checkText(file: string, text: string, plannedSidecars: readonly string[] = []): Finding[] {
		const place = this.placeOf(file, false);
		return this.analyzeHere(place.location, [...place.sidecars, ...plannedSidecars], text).findings;
	}

	/** A text's analysis on its own, in the extension host: no other skill is needed for it. */
	private analyzeHere(location: SkillLocation, sidecars: readonly string[], text: string): SkillAnalysis {
		return analyzeSkill({ location, sidecars, bytes: Buffer.from(text, 'utf8') }, this.settings.config, this.services);
	}

	/** The root folder a skill belongs to, which its fixes may not write outside of (for a skill outside every root, its library folder). */
	rootOf(file: string): string {
		return this.placeOf(file, false).location.root.path;
	}

	/** Forgets a skill whose file was deleted (or a skill outside the roots whose document closed), or a link to one. */
	async removeSkill(file: string): Promise<void> {
		if (this.scanning) {
			this.changedDuringScan.add(file);
		}
		this.mirror.setAlias(file, false);
		this.announce(await this.client.request('remove', { file }), true);
	}

	/**
	 * Whether a SKILL.md new to the library is a known skill reached through a symbolic link (a
	 * folder linked into a second root): it is then recorded as a second way to that skill, not a
	 * second skill. Only skills of the same folder name are compared.
	 */
	private async sameSkillAs(file: string): Promise<boolean> {
		if (this.mirror.isAlias(file)) {
			return true;
		}
		let real: string;
		try {
			real = fs.realpathSync(path.dirname(file));
		} catch {
			return false;
		}
		if (real === path.dirname(file)) {
			return false;
		}
		const name = path.basename(path.dirname(file));
		const same = this.mirror.skills().find(skill => skill.folderName === name && skill.file !== file && realDir(skill.dir) === real);
		if (!same) {
			return false;
		}
		await this.linkAdded(same.file, file);
		return true;
	}

	/** Whether a skill is only known because its document is open outside every root. */
	isOutsideRoots(file: string): boolean {
		const known = this.mirror.get(file);
		return known !== undefined && !known.inStaging && !this.settings.roots.some(root => root.path === known.root.path);
	}

	isInRoots(file: string): boolean {
		return this.settings.roots.some(root => isInside(root.path, file)) || this.pendingProposal(file);
	}

	/** Whether a file is in a staging folder and not in its decided proposals (`.accepted/`, `.rejected/`). */
	private pendingProposal(file: string): boolean {
		return this.settings.stagingRoots.some(root => isInside(root.path, file) && !path.relative(root.path, file).startsWith('.'));
	}

	/** Where a skill is and what its folder holds: as the library knows them, or read now (`fresh`). */
	private placeOf(file: string, fresh: boolean): { location: SkillLocation; sidecars: readonly string[] } {
		const known = this.mirror.get(file);
		const location = withReferenceDir(known ? { file, root: known.root, inStaging: known.inStaging, nestedIn: known.nestedIn } : this.locate(file));
		const sidecars = (!fresh && known?.sidecars) || listSkillFolder(location.referenceDir ?? path.dirname(file), undefined, 1);
		return { location, sidecars };
	}

	private locate(file: string): SkillLocation {
		const staging = this.pendingProposal(file) ? this.settings.stagingRoots.find(root => isInside(root.path, file)) : undefined;
		if (staging) {
			return { file, root: staging, inStaging: true };
		}
		const root = this.settings.roots
			.filter(candidate => isInside(candidate.path, file))
			.sort((a, b) => b.path.length - a.path.length)[0];
		const nestedIn = root && enclosingSkillDir(file, root.path, dir => fs.existsSync(path.join(dir, skillFileName)));
		return { file, root: root ?? { ...outsideRoot, path: path.dirname(path.dirname(file)) }, inStaging: false, ...(nestedIn ? { nestedIn } : {}) };
	}

	private announce(updates: readonly FileUpdate[], announce: boolean): void {
		this.mirror.apply(updates);
		const files = updates.map(update => update.file);
		for (const file of files) {
			this.countCache.delete(file);
			const skill = this.mirror.get(file);
			this.tally.set(file, skill && !skill.inStaging ? this.counts(file) : undefined);
		}
		if (announce && files.length > 0) {
			this.changeEmitter.fire({ kind: 'files', files });
		}
	}

	dispose(): void {
		this.changeEmitter.dispose();
		this.scanEmitter.dispose();
		this.readEmitter.dispose();
		this.stopEmitter.dispose();
		this.client.dispose();
	}
}

/** The documents shown in a tab of the window, as URI strings. */
function urisInTabs(): Set<string> {
	return new Set(vscode.window.tabGroups.all.flatMap(group => group.tabs).flatMap(tab => (tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [])));
}

/** A skill file's text as it is on disk, or undefined when it cannot be read. */
function textOnDisk(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

function realDir(dir: string): string | undefined {
	try {
		return fs.realpathSync(dir);
	} catch {
		return undefined;
	}
}

export function isSkillFile(uri: vscode.Uri): boolean {
	return uri.scheme === 'file' && path.basename(uri.fsPath) === skillFileName;
}
