import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configFileName } from '../../core/library/configFile';
import { discoverSkills } from '../../core/library/discovery';
import { skillFileName } from '../../core/skill/skillText';
import type { SkillRoot } from '../../core/skill/standardRoots';
import { isSkillFile, type LibraryService } from './libraryService';

/**
 * Keeps the library current: re-checks a skill while it is typed (debounced), when it is saved,
 * and when files change on disk below a root.
 */
export class LibraryWatcher implements vscode.Disposable {
	private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly disposables: vscode.Disposable[] = [];
	private watchers: vscode.FileSystemWatcher[] = [];

	constructor(private readonly library: LibraryService) {
		this.disposables.push(
			vscode.workspace.onDidChangeTextDocument(event => this.didChangeTextDocument(event)),
			vscode.workspace.onDidOpenTextDocument(document => this.didOpenTextDocument(document)),
			vscode.workspace.onDidSaveTextDocument(document => this.didSaveTextDocument(document)),
			vscode.workspace.onDidCloseTextDocument(document => this.didCloseTextDocument(document)),
			this.watchConfigFiles(),
		);
		this.watchRoots();
	}

	/** Checks the skills already open (editors restored with the window) now, not when the first scan ends. */
	checkOpenDocuments(): void {
		for (const document of vscode.workspace.textDocuments) {
			this.didOpenTextDocument(document);
		}
	}

	/** Watches every configured root, whether or not it exists yet. */
	watchRoots(): void {
		for (const watcher of this.watchers) {
			watcher.dispose();
		}
		this.watchers = [];
		for (const root of [...this.library.roots, ...this.stagingRoots()]) {
			const pattern = patternFor(root);
			if (pattern) {
				const watcher = vscode.workspace.createFileSystemWatcher(pattern);
				watcher.onDidCreate(uri => this.didChangeFile(uri, false));
				watcher.onDidChange(uri => this.didChangeFile(uri, false));
				watcher.onDidDelete(uri => this.didChangeFile(uri, true));
				this.watchers.push(watcher);
			}
		}
	}

	/**
	 * The configuration file decides every finding (suppressions, distinct pairs): written, undone
	 * and saved, created or deleted, the library is checked again under it.
	 */
	private watchConfigFiles(): vscode.FileSystemWatcher {
		const watcher = vscode.workspace.createFileSystemWatcher(`**/${configFileName}`);
		const rescan = () => void this.library.rescan();
		watcher.onDidCreate(rescan);
		watcher.onDidChange(rescan);
		watcher.onDidDelete(rescan);
		return watcher;
	}

	private stagingRoots(): SkillRoot[] {
		return (vscode.workspace.workspaceFolders ?? []).map(folder => ({
			path: path.join(folder.uri.fsPath, this.library.stagingFolder), label: this.library.stagingFolder, scope: 'project',
		}));
	}

	private didChangeTextDocument(event: vscode.TextDocumentChangeEvent): void {
		if (!isSkillFile(event.document.uri) || event.contentChanges.length === 0) {
			return;
		}
		const key = event.document.uri.toString();
		clearTimeout(this.timers.get(key));
		this.timers.set(key, setTimeout(() => {
			this.timers.delete(key);
			void this.library.analyzeDocument(event.document);
		}, this.library.delayMs));
	}

	private didOpenTextDocument(document: vscode.TextDocument): void {
		if (isSkillFile(document.uri) && !this.library.skill(document.uri.fsPath)) {
			void this.library.analyzeDocument(document);
		}
	}

	private didSaveTextDocument(document: vscode.TextDocument): void {
		if (isSkillFile(document.uri)) {
			clearTimeout(this.timers.get(document.uri.toString()));
			void this.library.analyzeDocument(document);
		}
	}

	private didCloseTextDocument(document: vscode.TextDocument): void {
		if (!isSkillFile(document.uri)) {
			return;
		}
		const file = document.uri.fsPath;
		clearTimeout(this.timers.get(document.uri.toString()));
		if (this.library.isOutsideRoots(file)) {
			void this.library.removeSkill(file);
		} else if (this.library.skill(file)) {
			// Closing without saving discards the edits: the file on disk is the truth again.
			void this.library.reloadSkill(file);
		}
	}

	private didChangeFile(uri: vscode.Uri, deleted: boolean): void {
		const file = uri.fsPath;
		if (path.basename(file) === skillFileName) {
			// Events can arrive late (after a refresh read the file back): the disk has the last word.
			if (deleted && !fs.existsSync(file)) {
				void this.library.removeSkill(file);
			} else if (!vscode.workspace.textDocuments.some(document => document.uri.fsPath === file && document.isDirty)) {
				void this.library.reloadSkill(file);
			}
			return;
		}
		// A folder created with its contents (copied, unpacked, cloned) may report only itself.
		if (!deleted && isFolder(file)) {
			void discoverSkills([{ path: file, label: '', scope: 'folder' }], { maxDepth: 4 }).then(found => {
				for (const skill of found.skills) {
					void this.library.reloadSkill(skill.file);
				}
			});
		}
		// A sidecar or folder changed: the skill holding it may gain or lose a reference target.
		if (deleted) {
			for (const group of this.library.groups()) {
				for (const skill of group.skills) {
					if (skill.file.startsWith(file + path.sep) && !fs.existsSync(skill.file)) {
						void this.library.removeSkill(skill.file);
					}
				}
			}
		}
		for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
			const owner = path.join(dir, skillFileName);
			if (this.library.skill(owner)) {
				void this.library.reloadSkill(owner);
				return;
			}
		}
	}

	dispose(): void {
		for (const timer of this.timers.values()) {
			clearTimeout(timer);
		}
		for (const disposable of [...this.disposables, ...this.watchers]) {
			disposable.dispose();
		}
	}
}

function isFolder(file: string): boolean {
	try {
		return fs.statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/**
 * A pattern that watches a root even before it exists. Inside a workspace folder it is relative
 * to the folder (VS Code already watches workspaces); elsewhere to the deepest folder of the root
 * that exists, never to the home folder or the file-system root, which are far too large.
 */
function patternFor(root: SkillRoot): vscode.RelativePattern | undefined {
	const folder = (vscode.workspace.workspaceFolders ?? []).map(candidate => candidate.uri.fsPath).find(candidate => root.path.startsWith(candidate + path.sep));
	let base = folder;
	if (!base) {
		base = root.path;
		while (!fs.existsSync(base) && path.dirname(base) !== base) {
			base = path.dirname(base);
		}
		if (base === os.homedir() || path.dirname(base) === base) {
			return undefined;
		}
	}
	const relative = path.relative(base, root.path).split(path.sep).join('/');
	return new vscode.RelativePattern(vscode.Uri.file(base), relative ? `${relative}/**` : '**');
}
