import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkLibrary } from '../../src/core/library/checkLibrary';
import { LibraryClient } from '../../src/core/library/server/libraryClient';
import { LibraryMirror } from '../../src/core/library/server/libraryMirror';
import type { LibraryEvent, ReadSkill } from '../../src/core/library/server/libraryProtocol';
import { repoRoot, skill, temporaryFolder, testConfig, writeSmallLibrary } from './support';

/** The bundled library process, as the editor starts it. */
const processScript = path.join(repoRoot, 'dist', 'libraryProcess.js');
/** A client with the editor's copy of the library, filled as LibraryService fills it. */
function connect() {
	const mirror = new LibraryMirror();
	const read: ReadSkill[] = [];
	const exits: string[] = [];
	const client = new LibraryClient(processScript, (event: LibraryEvent) => {
		if (event.event === 'read') {
			read.push(...event.skills);
		} else {
			mirror.add(event.states);
		}
	}, why => exits.push(why));
	return { client, mirror, read, exits };
}

const describe = (findings: readonly { file: string; line: number; rule: string; message: string }[], dir: string) => findings.map(finding => `${path.relative(dir, finding.file)}:${finding.line} ${finding.rule} ${finding.message}`);

test('the library process scans a library and the editor holds the same findings as a check in one process, without the fingerprints', async () => {
	const dir = temporaryFolder('library-process-');
	writeSmallLibrary(dir);
	const root = { path: dir, label: 'library', scope: 'folder' as const };
	const { client, mirror, read } = connect();
	try {
		const outcome = await client.request('scan', { generation: 1, config: testConfig(), roots: [root], stagingFolder: '.skills-proposed' });
		assert.equal(outcome.skills, 4);
		assert.equal(outcome.superseded, false);
		assert.deepEqual(read.map(skill => [skill.folderName, skill.counts.errors + skill.counts.warnings + skill.counts.infos > 0]).sort(), [['deploy-api', false], ['deploy-web', false], ['guide', true], ['notes', false]]);
		const inOneProcess = await checkLibrary({ roots: [root], config: testConfig() });
		assert.deepEqual(mirror.skills().map(entry => entry.file), inOneProcess.index.skills().map(analysis => analysis.file));
		for (const entry of mirror.skills()) {
			assert.deepEqual(describe(mirror.findings(entry.file), dir), describe(inOneProcess.index.findings(entry.file), dir));
			assert.equal('passages' in entry, false);
		}
		assert.ok(describe(mirror.findings(path.join(dir, 'deploy-web', 'SKILL.md')), dir).some(line => line.includes('duplicate-content')));
	} finally {
		client.dispose();
	}
});

test('an edit answers with every file whose findings it changed and always with the file edited, and a check as if leaves the library as it was', async () => {
	const dir = temporaryFolder('library-process-');
	writeSmallLibrary(dir);
	const root = { path: dir, label: 'library', scope: 'folder' as const };
	const { client, mirror } = connect();
	const web = path.join(dir, 'deploy-web', 'SKILL.md');
	const api = path.join(dir, 'deploy-api', 'SKILL.md');
	try {
		await client.request('scan', { generation: 1, config: testConfig(), roots: [root], stagingFolder: '.skills-proposed' });
		const unique = skill('# Deploy API\n\nShip the API from the release branch only.\n', 'name: deploy-api\ndescription: Deploys the API. Use when the API ships.');
		const asIf = await client.request('checkAsIf', { location: { file: api, root, inStaging: false }, sidecars: [], text: unique });
		assert.ok(!asIf.some(finding => finding.rule === 'duplicate-content'));
		const before = describe(mirror.findings(web), dir);
		const reread = await client.request('analyze', { location: { file: web, root, inStaging: false }, sidecars: [] });
		// The editor drops an answer about an older text of a document when a newer one is on its way: that one must carry the file's state even when nothing changed.
		assert.deepEqual(reread.map(update => update.file), [web], 'the file analysed is answered for, unchanged as it is');
		mirror.apply(reread);
		assert.deepEqual(describe(mirror.findings(web), dir), before, 'read again from disk, unchanged');
		const updates = await client.request('analyze', { location: { file: api, root, inStaging: false }, sidecars: [], text: unique });
		assert.deepEqual(updates.map(update => update.file).sort(), [api, web].sort());
		mirror.apply(updates);
		assert.ok(!mirror.findings(web).some(finding => finding.rule === 'duplicate-content'));
		mirror.apply(await client.request('remove', { file: api }));
		assert.equal(mirror.get(api), undefined);
		assert.deepEqual(mirror.skills().map(entry => entry.folderName), ['deploy-web', 'guide', 'notes']);
	} finally {
		client.dispose();
	}
});

test('a library process that stops fails its requests with why, and the next request starts another', async () => {
	const { client, exits } = connect();
	try {
		const listings = await client.request('listings', {});
		assert.ok(listings.length > 0);
		const pid = client.pid as number;
		// A scan starts threads before it can answer: it is still running when the process is stopped.
		const dir = temporaryFolder('library-process-');
		writeSmallLibrary(dir);
		const waiting = client.request('scan', { generation: 1, config: testConfig(), roots: [{ path: dir, label: 'library', scope: 'folder' }], stagingFolder: '.skills-proposed' });
		process.kill(pid, 'SIGKILL');
		await assert.rejects(waiting, /the library process ended before answering: it was stopped by SIGKILL/);
		assert.deepEqual(exits, ['it was stopped by SIGKILL']);
		assert.deepEqual(await client.request('listings', {}), listings);
		assert.notEqual(client.pid, pid);
	} finally {
		client.dispose();
	}
});

test('a document\'s text is answered before re-reads from disk waiting ahead of it, and of two re-reads of one file only the later is done', async () => {
	const dir = temporaryFolder('library-process-');
	const root = { path: dir, label: 'library', scope: 'folder' as const };
	const files = Array.from({ length: 300 }, (_, index) => path.join(dir, `skill-${index}`, 'SKILL.md'));
	for (const [index, file] of files.entries()) {
		fs.mkdirSync(path.dirname(file));
		fs.writeFileSync(file, skill(`# Skill ${index}\n\nDo the thing number ${index}.\n`, `name: skill-${index}\ndescription: Does thing ${index}. Use when thing ${index} is needed.`));
	}
	const { client } = connect();
	try {
		await client.request('listings', {});
		const order: string[] = [];
		const reread = (file: string) => client.request('analyze', { location: { file, root, inStaging: false }, sidecars: [] }).then(updates => {
			order.push(path.basename(path.dirname(file)));
			return updates;
		});
		const rereads = files.map(reread);
		const again = reread(files[298]);
		const opened = client.request('analyze', { location: { file: files[299], root, inStaging: false }, sidecars: [], text: skill('# Opened\n\nTyped just now.\n', 'name: skill-299\ndescription: Does thing 299. Use when thing 299 is needed.') }).then(() => order.push('opened'));
		await Promise.all([...rereads, again, opened]);
		// The process starts re-reading as the requests arrive, so how many are done before the document's
		// reaches it depends on the machine's load (3 or 4 here, 11 once in a loaded CI run); without its
		// priority it would be answered after all 300.
		assert.ok(order.indexOf('opened') < 30, `the document's text was answered after ${order.indexOf('opened')} re-reads`);
		assert.deepEqual(await rereads[298], [], 'the first re-read of skill-298 gave way to the second');
		assert.ok((await again).some(update => update.file === files[298] && update.state !== undefined));
	} finally {
		client.dispose();
	}
});
