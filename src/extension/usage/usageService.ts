import * as path from 'node:path';
import * as vscode from 'vscode';
import { DigestCache } from '../../core/recent/digestCache';
import { DigestWorkers } from '../../core/recent/digestWorkers';
import { recentDigests } from '../../core/recent/distilRecent';
import { describeUsage, notUsedFor, retentionNote, type SkillUsage, skillUsage } from '../../core/usage/skillUsage';
import { errorMessage } from '../../core/util/text';
import type { LibraryService } from '../library/libraryService';

/** Days without a load after which the Library's "Not used in 30 days" filter shows a skill. */
export const unusedDays = 30;

/** Where session digests are cached: shared by Distil Recent Sessions and the usage counts. */
export function sessionCacheFile(globalStorage: vscode.Uri): string {
	return path.join(globalStorage.fsPath, 'sessions.json');
}

/**
 * The session cache with transcripts read on two worker threads, so the extension host stays
 * responsive while a thousand sessions are read; `close` stops the threads.
 */
export function sessionCacheWithWorkers(cacheFile: string, extensionPath: string): { cache: DigestCache; close: () => void } {
	const workers = new DigestWorkers(path.join(extensionPath, 'dist', 'digestWorker.js'), 2);
	return { cache: DigestCache.load(cacheFile, session => workers.digest(session)), close: () => workers.close() };
}

/** The folders of VS Code's per-workspace storage that may hold Copilot Chat's sessions: the one beside the extension's own. */
export function workspaceStorageOf(storageUri: vscode.Uri | undefined): string[] | undefined {
	return storageUri ? [path.dirname(storageUri.fsPath)] : undefined;
}

/**
 * How agents used the library's skills, from the workspace's sessions. Computed in the background
 * once the first library scan has ended — never before it, so neither activation nor the scan
 * waits — and from the session digests cached beside Distil Recent Sessions', so only new
 * sessions are read. Views ask it for a skill's usage; `onDidChange` says when it is known.
 */
export class UsageService implements vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changeEmitter.event;
	private usage = new Map<string, SkillUsage>();
	private running: Promise<void> | undefined;
	private readonly abort = new AbortController();
	/** Whether usage has been computed at least once. */
	known = false;

	constructor(private readonly library: LibraryService, private readonly cacheFile: string, private readonly extensionPath: string, private readonly storageUri: vscode.Uri | undefined, private readonly log: vscode.LogOutputChannel) {}

	/** Starts computing after the library's first scan, without holding it up. */
	start(): void {
		void this.library.scanned.then(() => setTimeout(() => void this.refresh(), 0));
	}

	/** Computes usage again (sessions added since are read; the others come from the cache). */
	refresh(): Promise<void> {
		this.running ??= this.compute().finally(() => {
			this.running = undefined;
		});
		return this.running;
	}

	private async compute(): Promise<void> {
		const folders = (vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.fsPath);
		const { cache, close } = sessionCacheWithWorkers(this.cacheFile, this.extensionPath);
		try {
			const problems: string[] = [];
			const digests = [];
			for (const folder of folders) {
				digests.push(...(await recentDigests({ workspace: folder, homes: { vscodeWorkspaceStorage: workspaceStorageOf(this.storageUri) }, count: 100_000, cache, concurrency: 3, signal: this.abort.signal }, problems)).digests);
			}
			problems.forEach(problem => this.log.warn(problem));
			const library = this.library.groups().flatMap(group => group.skills).filter(skill => !skill.inStaging).map(skill => ({ name: skill.name ?? skill.folderName, file: skill.file }));
			this.usage = new Map(skillUsage(digests, library).map(entry => [entry.file ?? entry.skill.toLowerCase(), entry]));
			this.known = true;
			this.log.info(`Skill usage: ${digests.length} sessions (${cache.read} read, ${cache.reused} from the cache).`);
			this.changeEmitter.fire();
		} catch (error) {
			if (!this.abort.signal.aborted) {
				this.log.warn(`Skill usage could not be computed: ${errorMessage(error)}`);
			}
		} finally {
			close();
		}
	}

	/** A library skill's usage, once known. */
	usageOf(file: string): SkillUsage | undefined {
		return this.usage.get(file);
	}

	/** Whether a skill was not loaded in the last 30 days; false while usage is not known yet. */
	notUsedRecently(file: string): boolean {
		return this.known && notUsedFor(this.usage.get(file), unusedDays);
	}

	/** The tooltip's line: "used 12× · 3 days ago · 2 corrections after use", or why there is none yet. */
	describe(file: string): string | undefined {
		if (!this.known) {
			return undefined;
		}
		const usage = this.usage.get(file);
		return usage ? describeUsage(usage) : 'no use recorded';
	}

	readonly note = retentionNote;

	dispose(): void {
		this.abort.abort();
		this.changeEmitter.dispose();
	}
}
