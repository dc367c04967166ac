import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionHostLine, withWorkbench } from '../scripts/codeServer';
import { repositoryRoot } from '../scripts/repository';
import type { EditorBenchRequest, EditorBenchResult } from './editorHost';
import type { LibraryManifest } from './generateLibrary';

/**
 * The editor part of the benchmark: the real extension host (code-server's VS Code 1.100 in
 * Debian's Chromium, as the integration suite runs) opened on a generated library, with
 * bench/editorHost.ts as its extension tests entry doing the measuring.
 */

export interface EditorRunOptions {
	library: string;
	manifest: LibraryManifest;
	edits: number;
	refreshes: number;
	/** Scratch folder for the request, the result and profiles. */
	workDir: string;
	profileDir?: string;
	/** The workbench's data folder, kept for a later run to start warm from (see `WorkbenchOptions.dataDir`). */
	dataDir?: string;
	/** The port to serve on (see `WorkbenchOptions.port`): a warm start must reach the folder at the same address to find its storage. */
	port?: number;
	log: (line: string) => void;
}

/**
 * The skills typed into: an ordinary one, one of a duplicate family and one ending with the shared
 * licence footer, so an edit's cross-skill neighbourhood is sometimes large.
 */
export function editorTargets(library: string, manifest: LibraryManifest): string[] {
	const absolute = (relative: string) => path.join(library, ...relative.split('/'));
	const special = new Set([...manifest.families.flat(), ...manifest.boilerplate]);
	const category = fs.readdirSync(library, { withFileTypes: true }).filter(entry => entry.isDirectory()).map(entry => entry.name).sort()[0];
	const ordinary = fs.readdirSync(path.join(library, category)).sort().map(folder => `${category}/${folder}/SKILL.md`).find(file => !special.has(file));
	const family = manifest.families.find(members => members.length > 2) ?? manifest.families[0];
	return [ordinary, family?.[1], manifest.boilerplate[0]].filter((file): file is string => file !== undefined).map(absolute);
}

/** Opens the workbench on the library once and returns what the extension host measured. */
export async function runEditorOnce(options: EditorRunOptions): Promise<EditorBenchResult> {
	fs.mkdirSync(options.workDir, { recursive: true });
	const resultFile = path.join(options.workDir, 'editor-result.json');
	fs.rmSync(resultFile, { force: true });
	const request: EditorBenchRequest = {
		files: editorTargets(options.library, options.manifest), edits: options.edits, refreshes: options.refreshes, resultFile, profileDir: options.profileDir,
	};
	const requestFile = path.join(options.workDir, 'editor-request.json');
	fs.writeFileSync(requestFile, JSON.stringify(request, null, '\t') + '\n');
	let finished: Promise<number> = Promise.resolve(1);
	const exitCode = await withWorkbench({
		prefix: 'skill-distiller-editor-bench-',
		workspace: options.library,
		dataDir: options.dataDir,
		port: options.port,
		extensionTestsPath: path.join(repositoryRoot, 'out', 'bench', 'editorHost.js'),
		env: { SKILL_DISTILLER_EDITOR_BENCH: requestFile },
		settings: {
			// The library is the only root, so skills of the person running the bench stay out of it.
			'skillDistiller.roots.standard': Object.fromEntries(['~/.claude/skills', '~/.copilot/skills', '~/.agents/skills', '~/.codex/skills'].map(root => [root, false])),
			'skillDistiller.roots.extra': [options.library],
			// The debounce after a keystroke is a setting, not work: measured at 0, the figures are what the checking costs.
			'skillDistiller.check.delay': 0,
		},
		beforeOpening: async page => {
			finished = new Promise<number>(resolve => {
				void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
			});
			page.on('console', message => {
				void extensionHostLine(message).then(text => {
					if (text.startsWith('editor bench:')) {
						options.log(`    ${text}`);
					}
				});
			});
		},
	}, () => Promise.race([finished, new Promise<number>(resolve => setTimeout(() => resolve(124), 20 * 60_000).unref())]));
	if (exitCode !== 0 || !fs.existsSync(resultFile)) {
		throw new Error(exitCode === 124 ? 'the editor bench did not finish within 20 minutes' : `the editor bench failed in the extension host (exit code ${exitCode})`);
	}
	return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as EditorBenchResult;
}
