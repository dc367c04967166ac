import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CheckConfig } from '../../src/core/check/config';
import { AnalysisCache, cacheSalt, type SkillResult } from '../../src/core/library/analysisCache';
import { checkLibrary, type CheckRequest, walkRequest } from '../../src/core/library/checkLibrary';
import type { LibraryIndex } from '../../src/core/library/libraryIndex';
import { diskAnswers } from '../../src/core/library/readSkill';
import { checkStampList, readStampList, unpackPaths } from '../../src/core/library/stamps';
import { repoRoot, sharedPassage, skill, temporaryFolder, testConfig, writeSmallLibrary } from './support';

/** The bundled thread that compares the cache's stamps with the disk, as the command line and the editor start it. */
const stampWorker = path.join(repoRoot, 'dist', 'stampWorker.js');


/**
 * Checks the library with the cache file; returns every finding, and what the cache did. With
 * `settleMs`, a file's stamp vouches for it once it is that old when read (two seconds by default,
 * longer than a test waits).
 */
async function checkWith(stampWorker: string | undefined, dir: string, cacheFile: string, config: CheckConfig = testConfig(), settleMs?: number) {
	const request: CheckRequest = { roots: [{ path: dir, label: 'library', scope: 'folder' }], config };
	const opened = AnalysisCache.open(cacheFile, cacheSalt(config), { settleMs, stampWorker });
	const last = await opened.lastResults(walkRequest(request));
	const settled = last && (await last.stand(diskAnswers)) ? last.skills() : undefined;
	const cache = await opened.load();
	const result = await checkLibrary({ ...request, analysis: { cache } });
	const findings = result.index.allFindings().map(finding => `${path.relative(dir, finding.file)}:${finding.line} ${finding.rule} ${finding.message}`);
	if (settled) {
		// Whenever the last run's results answer, they are exactly what checking again finds.
		assert.deepEqual(settled, resultsOf(result.index));
	}
	const { unread, vouched, walkReplayed, ...stats } = cache.stats;
	return { findings, stats, unread, vouched, walkReplayed, settled: settled !== undefined, fallen: last?.fallen(), ignored: cache.ignored };
}

/** Each skill's results as a check reports them from the library it built. */
function resultsOf(index: LibraryIndex): SkillResult[] {
	return index.skills().map(({ file, name, status }) => ({
		file, ...(name === undefined ? {} : { name }), status, findings: index.findings(file), suppressed: index.suppressed(file),
	}));
}

/** Lets the clock move past the last change, so that a stamp taken now has settled (with `settleMs` 0). */
function later(): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, 30));
}

async function uncached(dir: string, config: CheckConfig = testConfig()): Promise<string[]> {
	const result = await checkLibrary({ roots: [{ path: dir, label: 'library', scope: 'folder' }], config });
	return result.index.allFindings().map(finding => `${path.relative(dir, finding.file)}:${finding.line} ${finding.rule} ${finding.message}`);
}

// Every case runs twice: with the stamps looked at where the walk meets them, and compared by the stamp thread beforehand.
for (const [way, worker] of [['looking at each stamp itself', undefined], ['with the stamp thread', stampWorker]] as const) {
	describe(`the analysis cache, ${way}`, () => {
		const check = (dir: string, cacheFile: string, config?: CheckConfig, settleMs?: number) => checkWith(worker, dir, cacheFile, config, settleMs);

		test('a second run over an unchanged library analyses nothing and reports exactly what the first did', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			const first = await check(dir, cacheFile);
			assert.deepEqual(first.stats, { reused: 0, analysed: 4, crossReused: false, crossUpdated: 0 });
			assert.ok(first.findings.some(finding => finding.startsWith('deploy-api/SKILL.md:') && finding.includes('duplicate-content')), first.findings.join('\n'));
			assert.ok(first.findings.some(finding => finding.includes('missing-reference')), first.findings.join('\n'));
			const second = await check(dir, cacheFile);
			assert.deepEqual(second.stats, { reused: 4, analysed: 0, crossReused: true, crossUpdated: 0 });
			assert.deepEqual(second.findings, first.findings);
		});

		test('a changed skill is analysed again, alone, and the cross-skill findings follow the change', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await check(dir, cacheFile);
			fs.writeFileSync(path.join(dir, 'deploy-api', 'SKILL.md'), skill('# Deploy API\n\nRun the API pipeline.\n', 'name: deploy-api\ndescription: Deploys the API. Use when the API ships.'));
			const after = await check(dir, cacheFile);
			assert.deepEqual(after.stats, { reused: 3, analysed: 1, crossReused: false, crossUpdated: 1 });
			assert.ok(!after.findings.some(finding => finding.includes('duplicate-content')), 'the shared passage is gone from both skills');
			assert.deepEqual(after.findings, await uncached(dir));
		});

		test('a file the skill refers to, created since, is seen: the cached analysis asked about it', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await check(dir, cacheFile);
			fs.writeFileSync(path.join(dir, 'guide', 'references', 'api.md'), '# API\n');
			const after = await check(dir, cacheFile);
			assert.equal(after.stats.analysed, 1);
			assert.ok(!after.findings.some(finding => finding.includes('missing-reference')), after.findings.join('\n'));
		});

		test('another configuration analyses everything again and says why the file was not used', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await check(dir, cacheFile);
			const config = testConfig({ rules: { 'duplicate-content': 'off' } });
			const after = await check(dir, cacheFile, config);
			assert.deepEqual(after.stats, { reused: 0, analysed: 4, crossReused: false, crossUpdated: 0 });
			assert.equal(after.ignored, 'the engine, the configuration or the date changed');
			assert.ok(!after.findings.some(finding => finding.includes('duplicate-content')));
			assert.deepEqual(after.findings, await uncached(dir, config));
		});

		test('a corrupt cache file is ignored and rebuilt, never trusted', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			const first = await check(dir, cacheFile);
			const bytes = fs.readFileSync(cacheFile);
			fs.writeFileSync(cacheFile, bytes.subarray(0, Math.floor(bytes.length / 2)));
			const torn = await check(dir, cacheFile);
			assert.match(torn.ignored ?? '', /could not be read back/);
			assert.deepEqual(torn.stats, { reused: 0, analysed: 4, crossReused: false, crossUpdated: 0 });
			assert.deepEqual(torn.findings, first.findings);
			fs.writeFileSync(cacheFile, 'not a cache at all');
			assert.deepEqual((await check(dir, cacheFile)).findings, first.findings);
			const rebuilt = await check(dir, cacheFile);
			assert.deepEqual(rebuilt.stats, { reused: 4, analysed: 0, crossReused: true, crossUpdated: 0 }, 'the cache was written again');
			const prints = fs.readFileSync(`${cacheFile}.prints`);
			prints.write('another run id..', 0, 'latin1');
			fs.writeFileSync(`${cacheFile}.prints`, prints);
			const mixed = await check(dir, cacheFile);
			assert.equal(mixed.ignored, 'its fingerprint file is missing or from another run');
			assert.deepEqual(mixed.findings, first.findings);
		});

		test('a skill added to the library is analysed and the others are reused, and the cross-skill findings it touches are updated', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await check(dir, cacheFile);
			fs.mkdirSync(path.join(dir, 'deploy-docs'));
			fs.writeFileSync(path.join(dir, 'deploy-docs', 'SKILL.md'), skill(`# Deploy docs\n\n${sharedPassage}\n`, 'name: deploy-docs\ndescription: Deploys the docs. Use when the docs ship.'));
			const after = await check(dir, cacheFile);
			assert.deepEqual(after.stats, { reused: 4, analysed: 1, crossReused: false, crossUpdated: 1 });
			assert.deepEqual(after.findings, await uncached(dir));
			assert.ok(after.findings.some(finding => finding.startsWith('deploy-docs/') && finding.includes('duplicate-content')));
		});

		test('a skill file unchanged since it was read is not read again; its size and times vouch for it', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await later();
			const first = await check(dir, cacheFile, testConfig(), 0);
			const second = await check(dir, cacheFile, testConfig(), 0);
			assert.deepEqual(second.stats, { reused: 4, analysed: 0, crossReused: true, crossUpdated: 0 });
			assert.equal(second.unread, 4);
			assert.equal(second.vouched, worker ? 4 : 0, 'the stamp thread vouched for every file it was asked about');
			assert.equal(second.walkReplayed, worker !== undefined, 'with every folder and file vouched for, the first walk stands');
			assert.equal(first.walkReplayed, false);
			assert.deepEqual(second.findings, first.findings);
		});

		test('a file changed just after it was read is read again next time, however its times look', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			// Written and read within the default two seconds: a same-size edit in the same clock tick would leave the times as they were.
			await check(dir, cacheFile);
			const second = await check(dir, cacheFile);
			assert.deepEqual(second.stats, { reused: 4, analysed: 0, crossReused: true, crossUpdated: 0 });
			assert.equal(second.unread, 0, 'every file was read again: none had settled when it was read');
		});

		test('a same-size edit is seen even when the modification time is put back: the status-change time moved', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			const file = path.join(dir, 'guide', 'SKILL.md');
			// A whole second an hour ago, which a file's times hold exactly.
			const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
			fs.utimesSync(file, anHourAgo, anHourAgo);
			await later();
			const first = await check(dir, cacheFile, testConfig(), 0);
			assert.ok(first.findings.some(finding => finding.includes('references/api.md')), first.findings.join('\n'));
			const before = fs.statSync(file);
			const text = fs.readFileSync(file, 'utf8');
			const edited = text.replace('references/api.md', 'references/abc.md');
			assert.equal(Buffer.byteLength(edited), Buffer.byteLength(text));
			fs.writeFileSync(file, edited);
			fs.utimesSync(file, anHourAgo, anHourAgo);
			assert.deepEqual([fs.statSync(file).mtimeMs, fs.statSync(file).size], [before.mtimeMs, before.size]);
			const after = await check(dir, cacheFile, testConfig(), 0);
			assert.deepEqual(after.stats, { reused: 3, analysed: 1, crossReused: false, crossUpdated: 1 });
			assert.ok(after.findings.some(finding => finding.includes('references/abc.md')), after.findings.join('\n'));
			assert.deepEqual(after.findings, await uncached(dir));
		});

		test('a touched but unchanged file is read again, found the same and not analysed; its new times vouch for it next time', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await later();
			const first = await check(dir, cacheFile, testConfig(), 0);
			fs.utimesSync(path.join(dir, 'notes', 'SKILL.md'), new Date(), new Date());
			await later();
			const touched = await check(dir, cacheFile, testConfig(), 0);
			assert.deepEqual(touched.stats, { reused: 4, analysed: 0, crossReused: true, crossUpdated: 0 });
			assert.equal(touched.unread, 3);
			assert.equal(touched.vouched, worker ? 3 : 0);
			assert.deepEqual(touched.findings, first.findings);
			assert.equal((await check(dir, cacheFile, testConfig(), 0)).unread, 4);
		});

		test('skill folders added, removed and given new files under unchanged-looking folders are seen: a folder listing is reused only while its stamp is the same', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			await later();
			await check(dir, cacheFile, testConfig(), 0);
			fs.rmSync(path.join(dir, 'deploy-web'), { recursive: true });
			fs.mkdirSync(path.join(dir, 'deploy-docs'));
			fs.writeFileSync(path.join(dir, 'deploy-docs', 'SKILL.md'), skill(`# Deploy docs\n\n${sharedPassage}\n`, 'name: deploy-docs\ndescription: Deploys the docs. Use when the docs ship.'));
			fs.writeFileSync(path.join(dir, 'guide', 'references', 'api.md'), '# API\n');
			await later();
			const after = await check(dir, cacheFile, testConfig(), 0);
			assert.deepEqual(after.stats, { reused: 2, analysed: 2, crossReused: false, crossUpdated: 3 }, 'the new skill and the guide, whose reference now exists; the skill removed is the third change');
			assert.deepEqual(after.findings, await uncached(dir));
			assert.ok(!after.findings.some(finding => finding.startsWith('deploy-web/')));
			assert.ok(!after.findings.some(finding => finding.includes('missing-reference')), after.findings.join('\n'));
			fs.mkdirSync(path.join(dir, 'notes', 'scripts'));
			await later();
			const sidecar = await check(dir, cacheFile, testConfig(), 0);
			assert.equal(sidecar.stats.analysed, 1, 'the skill whose folder has a new entry');
			assert.deepEqual(sidecar.findings, await uncached(dir));
		});

		test('a library with a linked folder and a nested skill is walked from remembered listings exactly as from the disk', async () => {
			const dir = temporaryFolder();
			writeSmallLibrary(dir);
			fs.mkdirSync(path.join(dir, 'guide', 'api-notes'));
			fs.writeFileSync(path.join(dir, 'guide', 'api-notes', 'SKILL.md'), skill('# API notes\n\nAsk before changing the API.\n', 'name: api-notes\ndescription: Notes on the API. Use when changing it.'));
			fs.mkdirSync(path.join(dir, 'shelf'));
			fs.symlinkSync(path.join(dir, 'notes'), path.join(dir, 'shelf', 'notes-link'));
			const cacheFile = path.join(temporaryFolder(), 'check.cache');
			const config = testConfig();
			const skills = async (cache?: AnalysisCache) => (await checkLibrary({ roots: [{ path: dir, label: 'library', scope: 'folder' }], config, analysis: { cache } }))
				.index.skills().map(analysis => [path.relative(dir, analysis.file), analysis.nestedIn === undefined ? '' : path.relative(dir, analysis.nestedIn), analysis.sidecars.join(',')]);
			const fromDisk = await skills();
			await later();
			await skills(await AnalysisCache.load(cacheFile, cacheSalt(config), { settleMs: 0, stampWorker: worker }));
			const remembered = await AnalysisCache.load(cacheFile, cacheSalt(config), { settleMs: 0, stampWorker: worker });
			assert.deepEqual(await skills(remembered), fromDisk);
			assert.equal(remembered.stats.unread, 5);
			assert.deepEqual((await check(dir, cacheFile, config, 0)).findings, await uncached(dir));
		});
	});
}

describe('cross-skill findings updated change by change', () => {
	test('are exactly those computed afresh, whatever the change; past 64 changes at once they are computed afresh', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const run = () => checkWith(stampWorker, dir, cacheFile, testConfig());
		const write = (folder: string, body: string, frontmatter: string) => {
			fs.mkdirSync(path.join(dir, folder), { recursive: true });
			fs.writeFileSync(path.join(dir, folder, 'SKILL.md'), skill(body, frontmatter));
		};
		await run();
		// Each change, and a finding it brings or takes away, which shows the rule it touches at work.
		const changes: [string, () => void, [string, string, boolean]][] = [
			['a passage copied in', () => write('notes', `# Notes\n\n${sharedPassage}\n`, 'name: notes\ndescription: Keeps notes. Use when writing notes.'), ['notes/SKILL.md', 'duplicate-content', true]],
			['a passage taken out', () => write('deploy-web', '# Deploy web\n\nShip it.\n', 'name: deploy-web\ndescription: Deploys the web app. Use when the web app ships.'), ['deploy-web/SKILL.md', 'duplicate-content', false]],
			['a name taken', () => write('notes', '# Notes\n\nKeep notes short.\n', 'name: guide\ndescription: Keeps notes. Use when writing notes.'), ['guide/SKILL.md', 'duplicate-name', true]],
			['a description echoed', () => write('deploy-web', '# Deploy web\n\nShip it.\n', 'name: deploy-web\ndescription: Deploys the API. Use when the API ships.'), ['deploy-web/SKILL.md', 'duplicate-description', true]],
			['a skill added', () => write('deploy-docs', `# Deploy docs\n\n${sharedPassage}\n`, 'name: deploy-docs\ndescription: Deploys the docs. Use when the docs ship.'), ['deploy-docs/SKILL.md', 'duplicate-content', true]],
			['a skill removed', () => fs.rmSync(path.join(dir, 'deploy-api'), { recursive: true }), ['deploy-web/SKILL.md', 'duplicate-description', false]],
		];
		for (const [what, change, [file, rule, present]] of changes) {
			change();
			const after = await run();
			assert.ok(after.stats.crossUpdated > 0, what);
			assert.deepEqual(after.findings, await uncached(dir), what);
			assert.equal(after.findings.some(finding => finding.startsWith(`${file}:`) && finding.includes(` ${rule} `)), present, `${what}: ${after.findings.join('\n')}`);
		}
		for (let i = 0; i < 70; i++) {
			write(`bulk-${i}`, `# Bulk ${i}\n\n${sharedPassage}\n`, `name: bulk-${i}\ndescription: Handles bulk case ${i}. Use when bulk case ${i} comes up.`);
		}
		const bulk = await run();
		assert.equal(bulk.stats.crossUpdated, 0, 'seventy skills added at once');
		assert.deepEqual(bulk.findings, await uncached(dir));
	});
});

describe('the stamp thread', () => {
	test('a stamp list that is damaged, missing or from another run vouches for nothing: the stamps are looked at one by one', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const stamps = `${cacheFile}.stamps`;
		await later();
		const first = await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		const older = fs.readFileSync(stamps);
		fs.writeFileSync(path.join(dir, 'notes', 'SKILL.md'), skill('# Notes\n\nKeep notes short, as [the style](references/style.md) says.\n', 'name: notes\ndescription: Keeps notes. Use when writing notes.'));
		await later();
		await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		const current = fs.readFileSync(stamps);
		for (const [what, bytes] of [['from the run before', older], ['damaged', Buffer.from('{"id": 1, "folders": [')], ['cut short', current.subarray(0, current.length - 8)], ['missing', undefined]] as const) {
			if (bytes === undefined) {
				fs.rmSync(stamps);
			} else {
				fs.writeFileSync(stamps, bytes);
			}
			const run = await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
			assert.equal(run.vouched, 0, what);
			assert.equal(run.unread, 4, what);
			assert.deepEqual(run.findings, await uncached(dir), what);
			assert.ok(run.findings.some(finding => finding.startsWith('notes/') && finding.includes('references/style.md')), what);
			assert.equal(first.findings.some(finding => finding.startsWith('notes/')), false);
		}
	});

	test('marks each folder and file as stamped or not, a file whose referenced path appeared included', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		await later();
		await checkWith(undefined, dir, cacheFile, testConfig(), 0);
		const stamps = `${cacheFile}.stamps`;
		const list = readStampList(stamps);
		assert.ok(list);
		const files = unpackPaths(list.files).map(file => path.relative(dir, file));
		const folders = unpackPaths(list.folders).map(folder => path.relative(dir, folder) || '.');
		const marked = () => {
			const check = checkStampList(stamps);
			assert.ok(check);
			return {
				files: files.filter((_, i) => check.files[i] === 0),
				folders: folders.filter((_, i) => check.folders[i] === 0),
			};
		};
		assert.deepEqual(files, ['deploy-api/SKILL.md', 'deploy-web/SKILL.md', 'guide/SKILL.md', 'notes/SKILL.md']);
		assert.deepEqual(marked(), { files: [], folders: [] });
		fs.writeFileSync(path.join(dir, 'guide', 'references', 'api.md'), '# API\n');
		fs.appendFileSync(path.join(dir, 'notes', 'SKILL.md'), '\nMore.\n');
		fs.mkdirSync(path.join(dir, 'deploy-api', 'scripts'));
		assert.deepEqual(marked(), { files: ['guide/SKILL.md', 'notes/SKILL.md'], folders: ['deploy-api', 'guide/references'] });
		assert.equal(checkStampList(path.join(dir, 'no-such.stamps')), undefined);
	});

	test('a referenced path is answered for by its folder\'s stamp, except a link: a link whose target went away marks its skill though no folder changed', async () => {
		const dir = temporaryFolder();
		const outside = temporaryFolder();
		fs.mkdirSync(path.join(dir, 'linked', 'references'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'linked', 'SKILL.md'), skill('# Linked\n\nRead [the plain notes](references/plain.md) and [the shared notes](references/shared.md).\n', 'name: linked\ndescription: Reads linked notes. Use when notes are shared.'));
		fs.writeFileSync(path.join(dir, 'linked', 'references', 'plain.md'), '# Plain\n');
		fs.writeFileSync(path.join(outside, 'shared.md'), '# Shared\n');
		fs.symlinkSync(path.join(outside, 'shared.md'), path.join(dir, 'linked', 'references', 'shared.md'));
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		await later();
		const first = await checkWith(undefined, dir, cacheFile, testConfig(), 0);
		assert.equal(first.findings.some(finding => finding.includes('references/')), false);
		const stamps = `${cacheFile}.stamps`;
		const list = readStampList(stamps);
		assert.ok(list);
		const folders = unpackPaths(list.folders);
		const covered = Object.fromEntries(list.exists.map(([, target, answer, folder]) => [path.relative(dir, target), [answer, folder === -1 ? null : path.relative(dir, folders[folder])]]));
		assert.deepEqual(covered, { 'linked/references/plain.md': [true, 'linked/references'], 'linked/references/shared.md': [true, null] });
		assert.deepEqual(checkStampList(stamps)?.files, Uint8Array.from([1]));
		fs.rmSync(path.join(outside, 'shared.md'));
		const check = checkStampList(stamps);
		assert.deepEqual(check?.files, Uint8Array.from([0]));
		assert.ok(check?.folders.every(vouched => vouched === 1));
		const run = await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		assert.equal(run.settled, false);
		assert.ok(run.findings.some(finding => finding.startsWith('linked/SKILL.md') && finding.includes('references/shared.md')), run.findings.join('\n'));
	});
});

describe('replaying the last walk', () => {
	test('a root missing when the walk was kept is looked for again: created since, its skills are found', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const missing = path.join(temporaryFolder(), 'later');
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const config = testConfig();
		const run = async () => {
			const cache = await AnalysisCache.load(cacheFile, cacheSalt(config), { settleMs: 0, stampWorker });
			const result = await checkLibrary({ roots: [{ path: dir, label: 'library', scope: 'folder' }, { path: missing, label: 'later', scope: 'folder' }], config, analysis: { cache } });
			return { skills: result.index.skills().map(skill => skill.file), replayed: cache.stats.walkReplayed };
		};
		await later();
		assert.equal((await run()).replayed, false);
		const unchanged = await run();
		assert.equal(unchanged.replayed, true);
		assert.equal(unchanged.skills.length, 4);
		fs.mkdirSync(path.join(missing, 'fresh'), { recursive: true });
		fs.writeFileSync(path.join(missing, 'fresh', 'SKILL.md'), skill('# Fresh\n\nNew here.\n', 'name: fresh\ndescription: A fresh skill. Use when testing.'));
		const found = await run();
		assert.equal(found.replayed, false);
		assert.ok(found.skills.includes(path.join(missing, 'fresh', 'SKILL.md')), found.skills.join('\n'));
	});

	test('a skill deleted since, which the cache still keeps from an earlier run, does not stop the next walk from being replayed', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		await later();
		await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		fs.rmSync(path.join(dir, 'notes'), { recursive: true });
		await later();
		const walked = await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		assert.equal(walked.walkReplayed, false, 'the root folder changed');
		assert.equal(walked.settled, false);
		const replayed = await checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		assert.equal(replayed.walkReplayed, true);
		assert.equal(replayed.settled, true, 'the results of the run that walked again answer');
		assert.deepEqual(replayed.findings, await uncached(dir));
		assert.ok(!replayed.findings.some(finding => finding.startsWith('notes/')));
	});

	test('another request (other roots) walks again, and a walk that met a problem is never kept', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const config = testConfig();
		const run = async (label: string) => {
			const cache = await AnalysisCache.load(cacheFile, cacheSalt(config), { settleMs: 0, stampWorker });
			await checkLibrary({ roots: [{ path: dir, label, scope: 'folder' }], config, analysis: { cache } });
			return cache.stats.walkReplayed;
		};
		await later();
		await run('library');
		assert.equal(await run('library'), true);
		assert.equal(await run('renamed'), false, 'the roots are part of the request');
		fs.symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'));
		await later();
		await run('library');
		assert.equal(await run('library'), false, 'a walk with a scan-error is walked again');
	});
});

describe('the results of the last settled run', () => {
	test('answer a check of an unchanged library, and stop answering when a skill, a folder, a referenced path or the configuration changes', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const run = (config = testConfig()) => checkWith(stampWorker, dir, cacheFile, config, 0);
		await later();
		assert.equal((await run()).settled, false, 'a first run has no results to take');
		const unchanged = await run();
		assert.equal(unchanged.settled, true);
		assert.equal(unchanged.fallen, false);
		assert.deepEqual(unchanged.findings, await uncached(dir));
		const changes: [string, () => void][] = [
			['a skill edited', () => fs.appendFileSync(path.join(dir, 'notes', 'SKILL.md'), '\nMore.\n')],
			['a skill folder added', () => {
				fs.mkdirSync(path.join(dir, 'fresh'));
				fs.writeFileSync(path.join(dir, 'fresh', 'SKILL.md'), skill('# Fresh\n\nNew here.\n', 'name: fresh\ndescription: A fresh skill. Use when testing.'));
			}],
			['the file a skill refers to created', () => fs.writeFileSync(path.join(dir, 'guide', 'references', 'api.md'), '# API\n')],
			['a skill removed', () => fs.rmSync(path.join(dir, 'deploy-web'), { recursive: true })],
		];
		for (const [what, change] of changes) {
			change();
			await later();
			const changed = await run();
			assert.equal(changed.settled, false, what);
			// The stamp thread tells of the change before its answer: the results fall, or are not even built when it told first.
			assert.notEqual(changed.fallen, false, what);
			assert.deepEqual(changed.findings, await uncached(dir), what);
			assert.equal((await run()).settled, true, `${what}, then checked again`);
		}
		const config = testConfig({ rules: { 'duplicate-content': 'off' } });
		assert.equal((await run(config)).settled, false, 'another configuration');
		assert.equal((await run(config)).settled, true, 'another configuration, then checked again');
	});

	test('a damaged results file answers nothing and is written again; the check finds what it would without it', async () => {
		const dir = temporaryFolder();
		writeSmallLibrary(dir);
		const cacheFile = path.join(temporaryFolder(), 'check.cache');
		const run = () => checkWith(stampWorker, dir, cacheFile, testConfig(), 0);
		await later();
		await run();
		const results = `${cacheFile}.results`;
		// The file holds the length of its JSON head, the head, then 32-bit finding words and five numbers for each of the four skills.
		const wordsAt = (bytes: Buffer) => Math.ceil((4 + bytes.readUInt32LE(0)) / 4) * 4;
		const damages: [string, (bytes: Buffer) => Buffer][] = [
			['cut short', bytes => bytes.subarray(0, bytes.length - 4)],
			['its head garbled', bytes => Buffer.concat([bytes.subarray(0, 4), Buffer.from('['), bytes.subarray(5)])],
			['of another format', bytes => Buffer.from(bytes.toString('latin1').replace('{"format":2', '{"format":9'), 'latin1')],
			['a skill no stamp stands for', bytes => {
				bytes.writeInt32LE(9999, bytes.length - 4 * 5 * 4);
				return bytes;
			}],
			['a finding missing', bytes => {
				bytes.writeInt32LE(-7, wordsAt(bytes));
				return bytes;
			}],
		];
		fs.rmSync(cacheFile);
		const afresh = await run();
		assert.equal(afresh.settled, false, 'the cache file deleted, its results beside it kept');
		assert.deepEqual(afresh.findings, await uncached(dir));
		assert.equal(afresh.stats.analysed, 4, 'deleting the cache file starts afresh');
		for (const [what, damage] of damages) {
			fs.writeFileSync(results, damage(fs.readFileSync(results)));
			const after = await run();
			assert.equal(after.settled, false, what);
			assert.deepEqual(after.findings, await uncached(dir), what);
			assert.equal((await run()).settled, true, `${what}: the results file was written again`);
		}
	});
});
