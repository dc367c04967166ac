import * as fs from 'node:fs';
import * as path from 'node:path';
import { repositoryRoot } from './repository';

const fixtures = path.join(repositoryRoot, 'test', 'fixtures');

interface Manifest {
	copies: { from: string; to: string }[];
}

/**
 * Makes a fresh copy of the sample workspace at `target` (replacing what is there): the skills
 * written for it (test/fixtures/sample-workspace) completed with the real skills its manifest
 * names (test/fixtures/sample-workspace.json), copied from the corpora. Runs, tests and the
 * debugger use copies, so nothing edits the committed fixtures.
 */
export function buildSampleWorkspace(target: string): string {
	fs.rmSync(target, { recursive: true, force: true });
	fs.cpSync(path.join(fixtures, 'sample-workspace'), target, { recursive: true });
	const manifest = JSON.parse(fs.readFileSync(path.join(fixtures, 'sample-workspace.json'), 'utf8')) as Manifest;
	for (const { from, to } of manifest.copies) {
		fs.cpSync(path.join(fixtures, from), path.join(target, to), { recursive: true });
	}
	return target;
}
