import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder holding this project's package.json, found upwards from the bundle that runs (out/scripts, out/test/…). */
function findRepositoryRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src', 'extension.ts'))) {
			return dir;
		}
		if (path.dirname(dir) === dir) {
			throw new Error(`no repository above ${from}`);
		}
	}
}

export const repositoryRoot = findRepositoryRoot(__dirname);
