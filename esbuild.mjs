// Bundles each entry point with esbuild; type-checking is `tsc --noEmit`, run separately.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	legalComments: 'none',
};

/** Files under `dir` whose names end with `suffix`. */
function filesEndingWith(dir, suffix) {
	if (!existsSync(dir)) {
		return [];
	}
	return readdirSync(dir).flatMap(name => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? filesEndingWith(full, suffix) : name.endsWith(suffix) ? [full] : [];
	});
}

/** `require('./workbench.js')` names the bundle beside the requiring one at run time: it stays a require, not bundled in. */
const besideEntry = {
	name: 'beside-entry',
	setup(build) {
		build.onResolve({ filter: /^\.\/workbench\.js$/ }, args => ({ path: args.path, external: true }));
	},
};

const builds = [
	// The extension's entry registers its commands and providers only; the services (dist/workbench.js) load after activation.
	{ ...common, entryPoints: { extension: 'src/extension.ts', workbench: 'src/extension/workbench.ts', analysisWorker: 'src/core/library/analysisWorker.ts', markdownlintWorker: 'src/core/library/markdownlintWorker.ts', digestWorker: 'src/core/recent/digestWorker.ts', stampWorker: 'src/core/library/stampWorker.ts', libraryProcess: 'src/core/library/server/libraryProcess.ts' }, outdir: 'dist', external: ['vscode'], plugins: [besideEntry] },
	{ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
	// The review panel's script runs in the webview: a browser bundle, loaded only from media/.
	{ ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: { review: 'media/src/review.ts' }, outdir: 'media/dist' },
];

// The codicon font the panel's icons come from, served from media/ like the rest of the panel.
mkdirSync('media/dist', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
	copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', file), join('media', 'dist', file));
}
if (withTests) {
	// A test file that was deleted must not linger in out/ and keep running.
	rmSync('out/test', { recursive: true, force: true });
	// Tests and tools import the sources directly; packages stay external so they load from node_modules.
	const tooling = { ...common, packages: 'external', sourcemap: true };
	builds.push({ ...tooling, entryPoints: filesEndingWith('test/unit', '.test.ts'), outdir: 'out/test/unit' });
	builds.push({ ...tooling, entryPoints: filesEndingWith('test/integration', '.ts'), outbase: 'test', outdir: 'out/test', external: ['vscode'] });
	builds.push({ ...tooling, entryPoints: filesEndingWith('bench', '.ts'), outdir: 'out/bench' });
	builds.push({ ...tooling, entryPoints: filesEndingWith('scripts', '.ts'), outdir: 'out/scripts' });
	// The distiller's evaluation on the labelled sessions (`npm run eval:distil`).
	builds.push({ ...tooling, entryPoints: { runDistilEval: 'test/eval/runDistilEval.ts' }, outdir: 'out/test/eval' });
}

if (watch) {
	for (const options of builds) {
		const context = await esbuild.context(options);
		await context.watch();
	}
} else {
	await Promise.all(builds.map(options => esbuild.build(options)));
}
