import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/core/check/config';
import { checkLibrary } from '../src/core/library/checkLibrary';

/**
 * Draws a sample of each error rule's findings from a real skill collection, for a person to
 * judge true or false (`npm run sample:errors -- <folder> [--per-rule 100] [--seed 1]`). Each
 * finding is printed with the line it sits on, so the judging needs no editor. The figures people
 * judged go in docs/rules.md (scripts/errorPrecision.ts).
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'per-rule': { type: 'string', default: '100' }, 'seed': { type: 'string', default: '1' } } });
const folder = path.resolve(positionals[0] ?? '.');
const perRule = Number(values['per-rule']);
let seed = Number(values.seed);

/** A small seeded generator (mulberry32): the same seed draws the same sample. */
function random(): number {
	seed = (seed + 0x6d2b79f5) | 0;
	let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
	t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

void (async () => {
	const config = resolveConfig({});
	const result = await checkLibrary({ roots: [{ path: folder, label: path.basename(folder), scope: 'folder' }], config });
	const errors = result.index.allFindings().filter(finding => finding.severity === 'error');
	const byRule = new Map<string, typeof errors>();
	for (const finding of errors) {
		byRule.set(finding.rule, [...byRule.get(finding.rule) ?? [], finding]);
	}
	process.stdout.write(`${result.index.skills().length} skills in ${folder}; error findings by rule: ${[...byRule].map(([rule, list]) => `${rule} ${list.length}`).join(', ') || 'none'}\n`);
	for (const [rule, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
		const shuffled = list.map(finding => ({ finding, key: random() })).sort((a, b) => a.key - b.key).slice(0, perRule);
		process.stdout.write(`\n## ${rule}: ${shuffled.length} of ${list.length}\n`);
		for (const { finding } of shuffled) {
			const line = fs.readFileSync(finding.file, 'utf8').split('\n')[finding.line - 1] ?? '';
			process.stdout.write(`- ${path.relative(folder, finding.file)}:${finding.line} ${finding.message}\n    ${JSON.stringify(line.trim().slice(0, 200))}\n`);
		}
	}
})();
