import * as fs from 'node:fs';
import * as inspector from 'node:inspector/promises';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { SkillDistillerApi } from '../src/extension';
import type { LibraryChange } from '../src/extension/library/libraryService';
import type { LibraryNode } from '../src/extension/tree/libraryTree';

/**
 * The editor benchmark's side inside the extension host (loaded as VS Code's extension tests
 * entry by bench/measureEditor.ts): it watches the first scan, types into open SKILL.md files
 * and refreshes the library, measuring each from where the extension runs.
 */

/** What the runner asks for, in the file named by SKILL_DISTILLER_EDITOR_BENCH. */
export interface EditorBenchRequest {
	/** SKILL.md files to type into, in turn. */
	files: string[];
	edits: number;
	refreshes: number;
	/** Where to write the result. */
	resultFile: string;
	/** Where to write CPU profiles of the edits and of a refresh, when wanted. */
	profileDir?: string;
}

/** Milliseconds from asking VS Code for the edit (a keystroke) to each step. */
export interface EditTiming {
	file: string;
	/** The document change reaches the extension host. */
	arrivedMs: number;
	/** The extension starts re-checking the document. */
	recheckMs: number;
	/** The extension has re-checked it and published what changed (its change event, after the diagnostics, the views and the status bar were updated). */
	republishedMs: number;
	/** VS Code reports the file's new diagnostics from this extension (onDidChangeDiagnostics); undefined when it did not within a second of the republish. */
	diagnosticsMs?: number;
}

export interface EditorBenchResult {
	skills: number;
	/** From VS Code starting to load the extension's code; undefined if its marks are not available. */
	activationAt?: number;
	/** VS Code's own marks: loading the bundle, and `activate` registering everything; undefined without the marks. */
	activation?: { loadMs: number; activateMs: number; totalMs: number };
	/**
	 * A skill opened while the first scan runs: how long until its diagnostics showed, whether the
	 * scan had ended by then, and how long until the extension was told of the document.
	 */
	openDuringScan?: { ms: number; scanEnded: boolean; heardMs?: number };
	/** Milliseconds after activation, or after this entry started when activation is unknown. */
	firstTreeMs?: number;
	scannedMs: number;
	/** Megabytes (10^6 bytes) of the extension host process. */
	/** Resident and heap in use 3 s after the scan; after a forced GC (and 2 s for V8 to give the pages back), resident, the heap V8 holds and memory outside it (typed arrays, buffers). */
	afterScan: { rssMB: number; heapUsedMB: number; rssAfterGcMB: number; heapAfterGcMB: number; externalAfterGcMB: number; libraryMB: number };
	/** Time from asking for the edit to the change being announced, per edit. */
	edits: EditTiming[];
	/** The library process's resident memory before each Refresh and its peak during it, beside the extension host's. */
	refreshes: { ms: number; peakRssMB: number; rssBeforeMB: number; rssAfterMB: number; libraryPeakMB: number; libraryBeforeMB: number }[];
}

const extensionId = 'skill-distiller.skill-distiller';
const megabytes = (bytes: number) => bytes / 1e6;

/** A process's resident memory in bytes (0 when it is not running): the library process's, which the extension host does not hold. */
function residentOf(pid: number | undefined): number {
	try {
		return pid === undefined ? 0 : Number(fs.readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096;
	} catch {
		return 0;
	}
}

/** One of VS Code's own startup marks for this extension (epoch milliseconds), kept on globalThis in the extension host. */
function extensionMark(step: 'willLoadExtensionCode' | 'didLoadExtensionCode' | 'willActivateExtension' | 'didActivateExtension'): number | undefined {
	const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
	return marks.find(mark => mark.name === `code/extHost/${step}/${extensionId}`)?.startTime;
}

/** How long VS Code took to load the extension's bundle and run its `activate`, from its marks. */
function activationTimes(): EditorBenchResult['activation'] {
	const [willLoad, didLoad, willActivate, didActivate] = (['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'] as const).map(extensionMark);
	return willLoad === undefined || didLoad === undefined || willActivate === undefined || didActivate === undefined
		? undefined
		: { loadMs: didLoad - willLoad, activateMs: didActivate - willActivate, totalMs: didActivate - willLoad };
}

/**
 * Opens a skill while the first scan runs and waits for its diagnostics: the open skill must not
 * wait for the library.
 */
async function openDuringScan(api: SkillDistillerApi, file: string): Promise<EditorBenchResult['openDuringScan']> {
	let scanEnded = false;
	void api.library.scanned.then(() => {
		scanEnded = true;
	});
	// The change announced for the file is published to the Problems panel in the same turn.
	const published = nextChangeOf(api, file);
	// When the extension is told of the document: what comes before is the workbench's, not the extension's.
	const library = api.library;
	const analyzeDocument = library.analyzeDocument.bind(library);
	let heardAt: number | undefined;
	library.analyzeDocument = (document, announce) => {
		if (document.uri.fsPath === file) {
			heardAt ??= performance.now();
		}
		return analyzeDocument(document, announce);
	};
	const started = performance.now();
	try {
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)), { preview: false });
		const at = await within(published, 300_000, () => `the diagnostics of ${file}`);
		return { ms: at - started, scanEnded, heardMs: heardAt === undefined ? undefined : heardAt - started };
	} finally {
		library.analyzeDocument = analyzeDocument;
	}
}

/**
 * The resident memory of the extension host and of the library process, sampled every 10 ms from
 * a worker thread, which keeps sampling while the extension host's main thread is busy: the peaks
 * between two calls of `peak()`, in bytes.
 */
class RssSampler {
	private readonly worker = new Worker(`
		const { parentPort } = require('node:worker_threads');
		const { readFileSync } = require('node:fs');
		const residentOf = pid => { try { return Number(readFileSync('/proc/' + pid + '/statm', 'latin1').split(' ')[1]) * 4096; } catch { return 0; } };
		let host = 0, library = 0;
		const sample = pid => { host = Math.max(host, process.memoryUsage.rss()); library = pid === undefined ? 0 : Math.max(library, residentOf(pid)); };
		let pid;
		setInterval(() => sample(pid), 10);
		parentPort.on('message', message => { pid = message; sample(pid); parentPort.postMessage({ host, library }); host = library = 0; });
	`, { eval: true });

	peak(libraryPid: number | undefined): Promise<{ host: number; library: number }> {
		return new Promise(resolve => {
			this.worker.once('message', resolve);
			this.worker.postMessage(libraryPid);
		});
	}

	dispose(): Promise<number> {
		return this.worker.terminate();
	}
}

function gc(): void {
	// The extension host runs without --expose-gc; the flag can be set at run time.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require('node:v8').setFlagsFromString('--expose-gc');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	(require('node:vm').runInNewContext('gc') as () => void)();
}

const settle = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));

function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	return Promise.race([promise, new Promise<T>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
	})]).finally(() => clearTimeout(timer));
}

/** Resolves with the time the library announces a change of `file` (one `counts` accepts). */
function nextChangeOf(api: SkillDistillerApi, file: string, counts: () => boolean = () => true): Promise<number> {
	return new Promise(resolve => {
		const listener = api.library.onDidChange((change: LibraryChange) => {
			if ((change.kind === 'all' || change.files.includes(file)) && counts()) {
				listener.dispose();
				resolve(performance.now());
			}
		});
	});
}

/** This extension's diagnostics of a file, as text to compare (other extensions publish for SKILL.md too). */
function ownDiagnostics(uri: vscode.Uri): string {
	return JSON.stringify(vscode.languages.getDiagnostics(uri).filter(diagnostic => diagnostic.source === 'skill-distiller').map(diagnostic => [diagnostic.message, diagnostic.range]));
}

/** Resolves with the time VS Code reports this extension's diagnostics of `uri` as different from now. */
function nextDiagnosticsOf(uri: vscode.Uri): Promise<number> {
	const before = ownDiagnostics(uri);
	return new Promise(resolve => {
		const listener = vscode.languages.onDidChangeDiagnostics(event => {
			if (event.uris.some(changed => changed.toString() === uri.toString()) && ownDiagnostics(uri) !== before) {
				listener.dispose();
				resolve(performance.now());
			}
		});
	});
}

/** Runs one phase under the CPU profiler, writing `<name>.cpuprofile` into `dir`. */
async function profiled<T>(dir: string | undefined, name: string, phase: () => Promise<T>): Promise<T> {
	if (!dir) {
		return phase();
	}
	const session = new inspector.Session();
	session.connect();
	await session.post('Profiler.enable');
	await session.post('Profiler.setSamplingInterval', { interval: 200 });
	await session.post('Profiler.start');
	try {
		return await phase();
	} finally {
		const { profile } = await session.post('Profiler.stop');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
		session.disconnect();
	}
}

/** Writes a heap snapshot of the extension host (for `bench/heapSummary.ts`). */
async function heapSnapshot(dir: string): Promise<void> {
	const session = new inspector.Session();
	session.connect();
	const chunks: string[] = [];
	session.on('HeapProfiler.addHeapSnapshotChunk', message => chunks.push(message.params.chunk));
	try {
		await session.post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
	} finally {
		session.disconnect();
	}
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'host.heapsnapshot'), chunks.join(''));
}

/**
 * Types `count` edits into the files in turn: each inserts or removes a dated line ("as of …"),
 * which changes the file's findings, so each is announced and published.
 */
async function typeEdits(api: SkillDistillerApi, files: readonly string[], count: number): Promise<EditTiming[]> {
	const documents: vscode.TextDocument[] = [];
	for (const file of files) {
		documents.push(await vscode.workspace.openTextDocument(vscode.Uri.file(file)));
	}
	let recheckStarted: (at: number) => void = () => undefined;
	// When the extension starts re-checking: its debounce timer has fired and nothing else is queued ahead.
	const library = api.library;
	const analyzeDocument = library.analyzeDocument.bind(library);
	let typedInto: vscode.TextDocument | undefined;
	library.analyzeDocument = (changed, announce) => {
		if (changed === typedInto) {
			recheckStarted(performance.now());
		}
		return analyzeDocument(changed, announce);
	};
	const timings: EditTiming[] = [];
	const inserted = new Set<vscode.TextDocument>();
	for (let i = 0; i < count; i++) {
		const document = documents[i % documents.length];
		const editor = await vscode.window.showTextDocument(document, { preview: false });
		typedInto = document;
		const file = document.uri.fsPath;
		const line = document.lineCount - 1;
		const arrived = new Promise<number>(resolve => {
			const listener = vscode.workspace.onDidChangeTextDocument(event => {
				if (event.document === document) {
					listener.dispose();
					resolve(performance.now());
				}
			});
		});
		const rechecked = new Promise<number>(resolve => {
			recheckStarted = resolve;
		});
		// A late answer to the edit before (its findings announced once more) is not this edit's re-check.
		let recheckBegun = false;
		void rechecked.then(() => {
			recheckBegun = true;
		});
		const republished = nextChangeOf(api, file, () => recheckBegun);
		const diagnosed = nextDiagnosticsOf(document.uri);
		const started = performance.now();
		const applied = await editor.edit(edit => {
			if (inserted.has(document)) {
				edit.delete(new vscode.Range(line - 2, document.lineAt(line - 2).text.length, line, document.lineAt(line).text.length));
			} else {
				// A paragraph of its own, too short to be a passage: the same line in the other files must not make them near-duplicates, whose findings an edit here would change too.
				edit.insert(document.lineAt(line).range.end, `\n\nAs of March 2025 this is the latest version (edit ${i}).`);
			}
		});
		if (!applied) {
			throw new Error(`the edit of ${file} was not applied`);
		}
		const steps = ['reaching the extension host', 'the re-check starting', 'the findings being republished'];
		const reached = new Set<string>();
		[arrived, rechecked, republished].forEach((step, index) => void step.then(() => reached.add(steps[index])));
		const times = await within(Promise.all([arrived, rechecked, republished]), 60_000, () => `edit ${i} of ${file}: ${steps.filter(step => !reached.has(step)).join(', ')} never came`);
		const [arrivedMs, recheckMs, republishedMs] = times.map(at => at - started);
		const diagnosedAt = await Promise.race([diagnosed, settle(1000).then(() => undefined)]);
		timings.push({ file, arrivedMs, recheckMs, republishedMs, diagnosticsMs: diagnosedAt === undefined ? undefined : diagnosedAt - started });
		if (inserted.has(document)) {
			inserted.delete(document);
		} else {
			inserted.add(document);
		}
		// Keystrokes come apart in time; the next one does not queue behind this one's aftermath.
		await settle(50);
	}
	library.analyzeDocument = analyzeDocument;
	for (const document of documents) {
		await vscode.window.showTextDocument(document, { preview: false });
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	}
	return timings;
}

export async function run(): Promise<void> {
	const entered = Date.now();
	const request = JSON.parse(fs.readFileSync(process.env.SKILL_DISTILLER_EDITOR_BENCH ?? '', 'utf8')) as EditorBenchRequest;
	const sampler = new RssSampler();
	try {
		const extension = vscode.extensions.getExtension<SkillDistillerApi>(extensionId);
		if (!extension) {
			throw new Error(`${extensionId} is not installed`);
		}
		const api = await extension.activate();
		const activationAt = extensionMark('willLoadExtensionCode');
		const activation = activationTimes();
		const origin = activationAt ?? entered;
		let firstTreeAt: number | undefined;
		// The tree as VS Code asks for it: the first answer with skills in it is the first tree a person sees.
		const tree = api.libraryTree;
		const getChildren = tree.getChildren.bind(tree);
		tree.getChildren = (element?: LibraryNode) => {
			const children = getChildren(element);
			if (firstTreeAt === undefined && !element && children.length > 0) {
				firstTreeAt = Date.now();
			}
			return children;
		};
		await vscode.commands.executeCommand('workbench.view.extension.skillDistiller');
		const opened = await profiled(request.profileDir, 'open', () => openDuringScan(api, request.files[0]));
		console.log(`editor bench: activation ${JSON.stringify(activation)}; a skill opened during the scan showed its diagnostics after ${opened?.ms.toFixed(0)} ms${opened?.scanEnded ? ' (the scan had ended)' : ''}`);
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		await api.library.scanned;
		const scannedAt = Date.now();
		await settle(3000);
		const rss = process.memoryUsage();
		gc();
		// V8 gives the pages a collection freed back to the system from a background thread, a moment later.
		await settle(2000);
		const collected = process.memoryUsage();
		const afterScan = {
			rssMB: megabytes(rss.rss), heapUsedMB: megabytes(rss.heapUsed), rssAfterGcMB: megabytes(collected.rss),
			heapAfterGcMB: megabytes(collected.heapTotal), externalAfterGcMB: megabytes(collected.external), libraryMB: megabytes(residentOf(api.library.processId)),
		};
		if (request.profileDir) {
			await heapSnapshot(request.profileDir);
		}
		const skills = api.library.totals().skills;
		console.log(`editor bench: ${skills} skills scanned ${scannedAt - origin} ms after activation; ${afterScan.rssMB.toFixed(0)} MB resident`);

		const edits = await profiled(request.profileDir, 'edits', () => typeEdits(api, request.files, request.edits));
		const refreshes: EditorBenchResult['refreshes'] = [];
		for (let i = 0; i < request.refreshes; i++) {
			await settle(2000);
			const rssBeforeMB = megabytes(process.memoryUsage.rss());
			await sampler.peak(api.library.processId);
			const libraryBeforeMB = megabytes(residentOf(api.library.processId));
			const started = performance.now();
			await profiled(i === 0 ? request.profileDir : undefined, 'refresh', async () => {
				await vscode.commands.executeCommand('skillDistiller.refreshLibrary');
			});
			const ms = performance.now() - started;
			const peak = await sampler.peak(api.library.processId);
			refreshes.push({ ms, peakRssMB: megabytes(peak.host), rssBeforeMB, rssAfterMB: megabytes(process.memoryUsage.rss()), libraryPeakMB: megabytes(peak.library), libraryBeforeMB });
			console.log(`editor bench: refresh ${i + 1} took ${ms.toFixed(0)} ms`);
		}
		const result: EditorBenchResult = {
			skills, activationAt, activation, openDuringScan: opened, firstTreeMs: firstTreeAt === undefined ? undefined : firstTreeAt - origin, scannedMs: scannedAt - origin, afterScan, edits, refreshes,
		};
		fs.writeFileSync(request.resultFile, JSON.stringify(result, null, '\t') + '\n');
	} catch (error) {
		// VS Code reports only that the entry failed; the runner prints what the host logs.
		console.error(`editor bench: ${(error as Error).stack ?? String(error)}`);
		throw error;
	} finally {
		await sampler.dispose();
	}
}
