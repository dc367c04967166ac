// Bundles each entry point with esbuild; type-checking is `tsc --noEmit`, run separately.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
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
	return readdirSync(dir).flatMap(name => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? filesEndingWith(full, suffix) : name.endsWith(suffix) ? [full] : [];
	});
}

const builds = [
	{ ...common, entryPoints: { cli: 'src/cli/main.ts', analysisWorker: 'src/core/analysisWorker.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];
if (withTests) {
	// Tests import the sources directly; packages stay external so they load from node_modules.
	builds.push({ ...common, entryPoints: filesEndingWith('test/unit', '.test.ts'), outdir: 'out/test/unit', packages: 'external', sourcemap: true });
	builds.push({ ...common, entryPoints: filesEndingWith('bench', '.ts'), outdir: 'out/bench', packages: 'external', sourcemap: true });
}

if (watch) {
	for (const options of builds) {
		const context = await esbuild.context(options);
		await context.watch();
	}
} else {
	await Promise.all(builds.map(options => esbuild.build(options)));
}
