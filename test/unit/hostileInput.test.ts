import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { redactSecrets } from '../../src/core/secrets/redact';
import { detectAgent, openSession, UnknownTranscriptError } from '../../src/core/sessions/adapters';
import { claudeProjectSlug } from '../../src/core/sessions/claudeCode';
import { readJsonLines } from '../../src/core/sessions/jsonLines';
import type { TranscriptProblem } from '../../src/core/sessions/sessionEvents';
import { ChangedOnDiskError, replaceFilesAtomically } from '../../src/core/util/atomicWrite';
import { ClaudeTranscript } from '../support/claudeTranscript';
import { analyzeText, runCli, skill, temporaryFolder, writeTree } from './support';

/**
 * Skill packs and transcripts are input from strangers. Each test here reproduces an attack or a
 * hostile shape found by trying the product the way an attacker would, and holds the fix.
 */

/** Every file and folder below a folder, relative to it. */
function treeOf(dir: string): string[] {
	return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map(entry => entry.split(path.sep).join('/')).sort();
}

describe('distil never writes outside --out', () => {
	test('an update of a skill whose name is ../../ESCAPED lands in a safely named folder inside the staging folder', () => {
		const base = temporaryFolder('escape-');
		const library = path.join(base, 'project', 'skills');
		writeTree(library, {
			'release-notes/SKILL.md': '---\nname: ../../ESCAPED\ndescription: Writes release notes from the changelog. Use when a release is cut.\n---\n\n# Release notes\n\nRun `npm run release-notes`.\n',
		});
		const transcript = path.join(base, 'session.jsonl');
		fs.writeFileSync(transcript, new ClaudeTranscript('eeeeeeee-0000-4000-8000-000000000001', path.join(base, 'project'))
			.user('Write the release notes')
			.tool('Skill', { skill: '../../ESCAPED' }, 'Launching skill')
			.bash('npm run release-notes', 'Error: ENOENT: no such file or directory, open \'CHANGELOG.md\'', 1)
			.bash('npm run release-notes -- --changelog docs/CHANGELOG.md', 'Wrote release-notes/2026-11.md')
			.toString());
		const out = path.join(base, 'project', 'staging', 'out');
		const run = runCli(['distil', transcript, '--library', library, '--out', out, '--format', 'json'], base);
		assert.equal(run.status, 0, run.stderr);
		const proposals = (JSON.parse(run.stdout) as { proposals: { dir: string; action: string }[] }).proposals;
		assert.deepEqual(proposals.map(proposal => [proposal.action, path.relative(out, proposal.dir)]), [['update', 'escaped']]);
		assert.ok(!fs.existsSync(path.join(base, 'project', 'ESCAPED')) && !fs.existsSync(path.join(base, 'ESCAPED')), 'nothing beside the staging folder');
		assert.deepEqual(treeOf(out), ['.ledger.json', 'escaped', 'escaped/SKILL.md', 'escaped/evals', 'escaped/evals/cases.json', 'escaped/proposal.json', 'escaped/target-before.md']);
	});
});

/** A library root with a healthy skill to fix beside the hostile one, and a folder outside it. */
function libraryBeside(hostile: Record<string, string>): { base: string; library: string; outside: string } {
	const base = temporaryFolder('links-');
	const library = path.join(base, 'library');
	const outside = path.join(base, 'outside');
	writeTree(library, {
		'healthy/SKILL.md': '---\nname: Healthy\ndescription: Stays healthy. Use when testing fixes.\n---\n\n# Healthy\n',
		...hostile,
	});
	fs.mkdirSync(outside, { recursive: true });
	return { base, library, outside };
}

const longBlock = `\`\`\`python\n${Array.from({ length: 24 }, (_, i) => `print("step ${i}")`).join('\n')}\n\`\`\``;
const lessons = Array.from({ length: 5 }, (_, i) => `## Learned 2026-0${i + 1}-01\n\n- Lesson ${i}.\n`).join('\n');

describe('fix never writes through a symbolic link, and one skill it must refuse does not stop the others', () => {
	test('a scripts/ folder linked elsewhere does not receive the offloaded code', () => {
		const { library, outside } = libraryBeside({ 'linked-scripts/SKILL.md': `---\nname: linked-scripts\ndescription: Runs steps. Use when testing links.\n---\n\n# Steps\n\n${longBlock}\n` });
		fs.symlinkSync(outside, path.join(library, 'linked-scripts', 'scripts'));
		const before = fs.readFileSync(path.join(library, 'linked-scripts', 'SKILL.md'), 'utf8');
		const run = runCli(['fix', library, '--suggested', '--no-cache', '--format', 'json'], library);
		assert.equal(run.status, 1, run.stderr);
		const report = JSON.parse(run.stdout) as { refused: { file: string; reason: string }[]; fixes: { file: string; rule: string }[] };
		assert.deepEqual(report.refused.map(({ file, reason }) => [file, reason.replace(outside, '<outside>')]), [['linked-scripts/SKILL.md', 'linked-scripts/scripts is a symbolic link to <outside>; nothing is read or written through a link']]);
		assert.deepEqual(fs.readdirSync(outside), [], 'nothing was written where the link points');
		assert.equal(fs.readFileSync(path.join(library, 'linked-scripts', 'SKILL.md'), 'utf8'), before);
		assert.deepEqual(report.fixes.map(fix => [fix.file, fix.rule]), [['healthy/SKILL.md', 'name-format']], 'the other skill is fixed');
	});

	test('a lessons.md linked to a private key is neither read into the library nor replaced', () => {
		const { library, outside } = libraryBeside({ 'linked-lessons/SKILL.md': `---\nname: linked-lessons\ndescription: Keeps lessons. Use when testing links.\n---\n\n# Lessons\n\n${lessons}` });
		const key = path.join(outside, 'id_ed25519');
		fs.writeFileSync(key, '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
		const link = path.join(library, 'linked-lessons', 'lessons.md');
		fs.symlinkSync(key, link);
		const run = runCli(['fix', library, '--suggested', '--no-cache'], library);
		assert.equal(run.status, 1, run.stdout + run.stderr);
		assert.match(run.stdout, /linked-lessons\/SKILL\.md\n {2}not fixed: linked-lessons\/lessons\.md is a symbolic link to .*id_ed25519; nothing is read or written through a link/);
		assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
		const inLibrary = fs.readdirSync(library, { recursive: true, encoding: 'utf8' })
			.filter(entry => !fs.lstatSync(path.join(library, entry)).isSymbolicLink() && fs.statSync(path.join(library, entry)).isFile())
			.map(entry => fs.readFileSync(path.join(library, entry), 'utf8'));
		assert.ok(!inLibrary.some(text => text.includes('PRIVATE KEY')), 'the key was not copied into the library');
	});

	test('a skill folder linked from outside the library is not edited in place', () => {
		const { library, outside } = libraryBeside({});
		writeTree(outside, { 'SKILL.md': '---\nname: Outside Skill\ndescription: Lives elsewhere. Use when testing links.\n---\n\n# Outside\n' });
		fs.symlinkSync(outside, path.join(library, 'outside-skill'));
		const run = runCli(['fix', library, '--suggested', '--no-cache', '--format', 'json'], library);
		const report = JSON.parse(run.stdout) as { refused: { file: string; reason: string }[] };
		assert.deepEqual(report.refused.map(skill => skill.file), ['outside-skill/SKILL.md']);
		assert.match(fs.readFileSync(path.join(outside, 'SKILL.md'), 'utf8'), /^name: Outside Skill$/m, 'the file outside is as it was');
	});
});

describe('fix survives crashes and concurrent edits', () => {
	const codeSkill = `---\nname: code-skill\ndescription: Runs steps. Use when testing fixes.\n---\n\n# Steps\n\n${longBlock}\n`;

	test('the offloaded sidecar is written before the SKILL.md that points at it, and an interrupted run\'s temporary files are cleared', () => {
		const { library } = libraryBeside({ 'code-skill/SKILL.md': codeSkill, 'code-skill/.SKILL.md.0badc0de.tmp': 'half a SKILL.md', 'code-skill/scripts/.steps.py.1234abcd.tmp': 'half a script' });
		const run = runCli(['fix', library, '--suggested', '--no-cache', '--format', 'json'], library);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		const report = JSON.parse(run.stdout) as { files: { file: string; action: string }[] };
		assert.deepEqual(report.files.filter(file => file.file.startsWith('code-skill/')).map(file => [file.file, file.action]), [['code-skill/scripts/steps.py', 'create'], ['code-skill/SKILL.md', 'modify']]);
		assert.deepEqual(treeOf(path.join(library, 'code-skill')), ['SKILL.md', 'scripts', 'scripts/steps.py']);
	});

	test('a run is refused while another holds the library, and a lock whose process has ended is taken over', async () => {
		const { library } = libraryBeside({ 'code-skill/SKILL.md': codeSkill });
		const lock = path.join(os.tmpdir(), 'skill-distiller-locks', `${createHash('sha1').update(fs.realpathSync(library)).digest('hex').slice(0, 20)}.lock`);
		fs.mkdirSync(path.dirname(lock), { recursive: true });
		const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
		try {
			fs.writeFileSync(lock, JSON.stringify({ pid: holder.pid, folder: library, purpose: 'skill-distiller fix' }));
			const refused = runCli(['fix', library, '--suggested', '--no-cache'], library);
			assert.equal(refused.status, 2, refused.stdout);
			assert.equal(refused.stderr.trim(), `skill-distiller: ${library} is being changed by another skill-distiller fix (process ${holder.pid}); try again when it has finished`);
			assert.equal(fs.readFileSync(path.join(library, 'code-skill', 'SKILL.md'), 'utf8'), codeSkill, 'nothing was written');
		} finally {
			holder.kill();
			await once(holder, 'exit');
		}
		const taken = runCli(['fix', library, '--suggested', '--no-cache'], library);
		assert.equal(taken.status, 0, taken.stdout + taken.stderr);
		assert.ok(fs.existsSync(path.join(library, 'code-skill', 'scripts', 'steps.py')));
		assert.ok(!fs.existsSync(lock), 'the lock is released');
	});

	test('a file changed since it was read is not replaced, and nothing of the set is written', () => {
		const dir = temporaryFolder('changed-');
		writeTree(dir, { 'SKILL.md': 'as read\n' });
		const skillFile = path.join(dir, 'SKILL.md');
		const sidecar = path.join(dir, 'scripts', 'steps.py');
		fs.writeFileSync(skillFile, 'a person\'s edit\n');
		assert.throws(() => replaceFilesAtomically([{ file: sidecar, before: undefined, after: 'print(1)\n' }, { file: skillFile, before: 'as read\n', after: 'fixed\n' }]), ChangedOnDiskError);
		assert.equal(fs.readFileSync(skillFile, 'utf8'), 'a person\'s edit\n');
		assert.deepEqual(treeOf(dir), ['SKILL.md']);
		writeTree(dir, { 'scripts/steps.py': 'someone else\'s script\n' });
		assert.throws(() => replaceFilesAtomically([{ file: sidecar, before: undefined, after: 'print(1)\n' }]), /steps\.py changed on disk meanwhile; nothing was written/);
		assert.equal(fs.readFileSync(sidecar, 'utf8'), 'someone else\'s script\n');
	});

	test('a skill that cannot be written (its scripts is a file) is reported, and the others are fixed', () => {
		const { library } = libraryBeside({ 'code-skill/SKILL.md': codeSkill, 'code-skill/scripts': 'a file where a folder would be\n' });
		const run = runCli(['fix', library, '--suggested', '--no-cache', '--format', 'json'], library);
		assert.equal(run.status, 1, run.stderr);
		const report = JSON.parse(run.stdout) as { refused: { file: string; reason: string }[]; fixes: { file: string; rule: string }[] };
		assert.deepEqual(report.refused.map(skill => [skill.file, skill.reason]), [['code-skill/SKILL.md', 'code-skill/scripts is not a plain folder']]);
		assert.deepEqual(report.fixes.map(fix => fix.file), ['healthy/SKILL.md']);
		assert.equal(fs.readFileSync(path.join(library, 'code-skill', 'SKILL.md'), 'utf8'), codeSkill);
		assert.equal(run.stderr, '', 'no stack trace');
	});
});

describe('only plain files of a bounded size are read, and system folders are not scanned', () => {
	test('a SKILL.md that is a named pipe, a link to /dev/zero or a folder is reported, and check and fix finish', () => {
		const { library } = libraryBeside({});
		fs.mkdirSync(path.join(library, 'pipe'));
		execFileSync('mkfifo', [path.join(library, 'pipe', 'SKILL.md')]);
		fs.mkdirSync(path.join(library, 'zero'));
		fs.symlinkSync('/dev/zero', path.join(library, 'zero', 'SKILL.md'));
		fs.mkdirSync(path.join(library, 'folder', 'SKILL.md'), { recursive: true });
		for (const command of ['check', 'fix']) {
			const run = runCli([command, library, '--no-cache', '--format', 'json'], library);
			assert.ok(run.status === 0 || run.status === 1, `${command} finished: ${run.stderr}`);
		}
		const report = JSON.parse(runCli(['check', library, '--no-cache', '--format', 'json'], library).stdout) as { diagnostics: { file: string; rule: string; message: string }[] };
		assert.deepEqual(report.diagnostics.filter(diagnostic => diagnostic.rule === 'file-unreadable').map(diagnostic => [diagnostic.file, diagnostic.message]), [
			['folder/SKILL.md', 'SKILL.md cannot be read: it is a folder, not a file'],
			['pipe/SKILL.md', 'SKILL.md cannot be read: it is a named pipe (FIFO), not a file'],
			['zero/SKILL.md', 'SKILL.md cannot be read: it is a device, not a file'],
		]);
	});

	test('a folder linked to /proc is not scanned', () => {
		const { library } = libraryBeside({});
		fs.symlinkSync('/proc', path.join(library, 'proc'));
		const report = JSON.parse(runCli(['check', library, '--no-cache', '--format', 'json'], library).stdout) as { skills: { path: string }[]; diagnostics: { file: string; rule: string; message: string }[] };
		assert.deepEqual(report.skills.map(skill => skill.path), ['healthy/SKILL.md']);
		assert.deepEqual(report.diagnostics.filter(diagnostic => diagnostic.rule === 'scan-error').map(diagnostic => [diagnostic.file, diagnostic.message]), [['proc', 'this folder is /proc, a system folder; it was not scanned']]);
	});
});

describe('markdownlint gets a time and size budget', () => {
	test('bodies that take markdownlint minutes are stopped and say so; the check finishes', () => {
		const shapes: Record<string, string> = {
			'dashes': `${'- '.repeat(12_500)}x`,
			'table': `| a | b |\n|---|---|\n${'| x |\n'.repeat(20_000)}`,
			'emphasis': '*a'.repeat(50_000),
			'quotes': '>'.repeat(100_000),
			'comments': '<!--'.repeat(25_000),
		};
		const library = temporaryFolder('markdownlint-');
		writeTree(library, Object.fromEntries(Object.entries(shapes).map(([name, body]) => [`${name}/SKILL.md`, `---\nname: ${name}\ndescription: Use when testing markdownlint's budget.\n---\n\n#bad heading\n\n${body}\n`])));
		const started = performance.now();
		const run = runCli(['check', library, '--no-cache', '--format', 'json'], library);
		const seconds = (performance.now() - started) / 1000;
		assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
		const report = JSON.parse(run.stdout) as { diagnostics: { file: string; rule: string; message: string }[] };
		const notes = report.diagnostics.filter(diagnostic => diagnostic.rule === 'md');
		assert.ok(notes.some(note => note.file === 'dashes/SKILL.md' && /^the body's Markdown was not checked: markdownlint took longer than 2,000 ms on it \(md's timeoutMs\) and was stopped$/.test(note.message)), JSON.stringify(notes));
		for (const name of Object.keys(shapes)) {
			assert.ok(report.diagnostics.some(diagnostic => diagnostic.file === `${name}/SKILL.md` && (diagnostic.rule === 'md' || diagnostic.rule.startsWith('md/'))), `${name} was linted or said why not`);
		}
	});

	test('a body over the size markdownlint is given is not linted, and a note says so', () => {
		const findings = analyzeText({ text: skill(`\n#bad\n\n${'word '.repeat(250_000)}\n`) });
		assert.deepEqual(findings.findings.filter(finding => finding.rule === 'md').map(finding => [finding.severity, finding.message]),
			[['info', "the body's Markdown was not checked: it is 1,250,008 characters, more than markdownlint is given (md's maxBytes, 1,000,000)"]]);
	});
});

/** A repeatable run of token characters: realistic enough for every pattern, stable from run to run. */
function tokenOf(length: number, offset = 0): string {
	const characters = 'A1b2C3d4E5f6G7h8J9k0LmNpQrStUvWxYz';
	return Array.from({ length }, (_, i) => characters[(i * 7 + 3 + offset) % characters.length]).join('');
}

/** The kinds of credential well-kept scanners know, as they appear in sessions: [kind, text, the secret in it]. */
const plantedSecrets: [string, string, string][] = [
	['GitHub token', `export GITHUB_TOKEN=ghp_${tokenOf(36)}`, `ghp_${tokenOf(36)}`],
	['GitHub fine-grained token', `token github_pat_${tokenOf(22, 1)}_${tokenOf(59, 2)}`, `github_pat_${tokenOf(22, 1)}_${tokenOf(59, 2)}`],
	['AWS access key id', 'aws configure set aws_access_key_id AKIAQ3EGRT5NVWJ7ZKPM', 'AKIAQ3EGRT5NVWJ7ZKPM'],
	['AWS secret key assigned', 'aws_secret_access_key = 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', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8QmT4pLk'],
	['bare AWS secret key', 'the key is Rz9Fq2LmXw7TbV3nKp8Ys1Hd6Jc4Ga0Ue5Qi/Mo+', 'Rz9Fq2LmXw7TbV3nKp8Ys1Hd6Jc4Ga0Ue5Qi/Mo+'],
	['OpenAI key', `OPENAI key sk-proj-${tokenOf(48, 3)}`, `sk-proj-${tokenOf(48, 3)}`],
	['Anthropic key', `sk-ant-api03-${tokenOf(90, 4)}`, `sk-ant-api03-${tokenOf(90, 4)}`],
	['Slack token', `xoxb-2946187305-${tokenOf(24, 5)}`, `xoxb-2946187305-${tokenOf(24, 5)}`],
	['Slack webhook', 'https://hooks.slack.com/services/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', 'Qx7Lm9Np2Rt5Vw8Yz1Bc4Df6'],
	['Google API key', `AIza${tokenOf(35, 6)}`, `AIza${tokenOf(35, 6)}`],
	['Stripe key', `sk_live_${tokenOf(30, 7)}`, `sk_live_${tokenOf(30, 7)}`],
	['JSON Web Token', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${tokenOf(43, 8)}`, `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${tokenOf(43, 8)}`],
	['bearer token', `curl -H "Authorization: Bearer ${tokenOf(40, 9)}" https://api.internal`, tokenOf(40, 9)],
	['password in a URL', 'postgres://admin:Pq7xLm2Vt9Rz@db.internal:5432/app', 'Pq7xLm2Vt9Rz'],
	['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7xLm2Vt9RzPq\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA7xLm2Vt9RzPq'],
	['API key assigned', `API_KEY=${tokenOf(32, 10)}`, tokenOf(32, 10)],
	['npm token in .npmrc', `//registry.npmjs.org/:_authToken=npm_${tokenOf(36, 11)}`, `npm_${tokenOf(36, 11)}`],
	['bare npm token', `npm_${tokenOf(36, 12)}`, `npm_${tokenOf(36, 12)}`],
	['Django secret key', 'SECRET_KEY = \'django-insecure-7x#lm2vt9rz!pq4k\'', 'django-insecure-7x#lm2vt9rz!pq4k'],
	['database password', 'DB_PASS=Tr0ub4dor&3xQ', 'Tr0ub4dor&3xQ'],
	['token split across lines', `GITHUB_TOKEN=ghp_${tokenOf(20, 13)}\n${tokenOf(16, 14)}`, tokenOf(16, 14)],
	['base64-encoded token', `echo ${Buffer.from(`ghp_${tokenOf(36, 15)}`).toString('base64')} | base64 -d`, Buffer.from(`ghp_${tokenOf(36, 15)}`).toString('base64')],
	['basic authorization', 'Authorization: Basic YWRtaW46UHE3eExtMlZ0OVJ6', 'YWRtaW46UHE3eExtMlZ0OVJ6'],
	['Hugging Face token', `hf_${tokenOf(34, 16)}`, `hf_${tokenOf(34, 16)}`],
	['GitLab token', `glpat-${tokenOf(20, 17)}`, `glpat-${tokenOf(20, 17)}`],
	['x-api-key header', `curl -H 'x-api-key: ${tokenOf(32, 18)}' https://api.internal`, tokenOf(32, 18)],
	['MySQL password flag', 'mysql -u root -pTr0ub4dor3xQ app', 'Tr0ub4dor3xQ'],
	['SendGrid key', `SG.${tokenOf(22, 19)}.${tokenOf(43, 20)}`, `SG.${tokenOf(22, 19)}.${tokenOf(43, 20)}`],
	['token after a line continuation', `export API_TOKEN=ghp_${tokenOf(20, 21)}\\\n  ${tokenOf(16, 22)}`, tokenOf(16, 22)],
	['password with spaces in JSON', '{"password": "correct horse battery 9"}', 'correct horse battery 9'],
];

/** Whether any eight characters in a row of the secret are still in the text. */
function leaks(text: string, secret: string): boolean {
	return Array.from({ length: Math.max(1, secret.length - 7) }, (_, i) => secret.slice(i, i + 8)).some(part => text.includes(part));
}

describe('no secret leaks from a session', () => {
	test('redaction hides every kind of credential the well-kept scanners know', () => {
		const leaked = plantedSecrets.filter(([, text, secret]) => leaks(redactSecrets(text), secret)).map(([kind, text]) => `${kind}: ${redactSecrets(text)}`);
		assert.deepEqual(leaked, []);
	});

	test('redaction leaves ordinary session text alone: hashes, ids, paths, names', () => {
		for (const text of [
			'commit 3f2a9c1b7e4d5a6f8b9c0d1e2f3a4b5c6d7e8f90 fixed it',
			'session 4f2c1a9b-0d1e-4c2b-9a55-6b7e8f901234 started',
			'packages/agentCli2Sdk/tests/fixtures/claude/full/06381696-0074-49f8.jsonl',
			'useTranslationForComponentWithManyLongNames2024',
			'The password must be at least 8 characters; tests pass now.',
			'docker run -e POSTGRES_PASSWORD=$POSTGRES_PASSWORD postgres:16',
		]) {
			assert.equal(redactSecrets(text), text);
		}
	});

	test('distil writes no part of any planted credential, in its output or its proposals', () => {
		const base = temporaryFolder('secrets-');
		const transcript = new ClaudeTranscript('5ec5ec5e-0000-4000-8000-000000000001', base).user('Deploy the app to staging');
		for (const [kind, text] of plantedSecrets) {
			transcript.bash(`deploy --step ${kind.replace(/\W+/g, '-')}`, `Error: deploy refused: ${text}`, 1);
		}
		transcript.bash('deploy --all', 'deployed 3 services');
		transcript.user(`No, never paste credentials: ${plantedSecrets.map(([, text]) => text).join(' ')}`);
		const file = path.join(base, 'session.jsonl');
		fs.writeFileSync(file, transcript.toString());
		const out = path.join(base, 'proposals');
		const run = runCli(['distil', file, '--library', base, '--out', out, '--format', 'json'], base);
		assert.equal(run.status, 0, run.stderr);
		const written = [run.stdout, ...(fs.existsSync(out) ? treeOf(out).filter(entry => fs.statSync(path.join(out, entry)).isFile()).map(entry => fs.readFileSync(path.join(out, entry), 'utf8')) : [])].join('\n');
		assert.ok(written.includes('[REDACTED'), 'the proposal quotes the session, redacted');
		assert.deepEqual(plantedSecrets.filter(([, , secret]) => leaks(written, secret)).map(([kind]) => kind), []);
	});

	test('skill-distiller sessions prints first prompts redacted', () => {
		const home = temporaryFolder('home-');
		const workspace = temporaryFolder('workspace-');
		const secret = `ghp_${tokenOf(36, 23)}`;
		writeTree(path.join(home, '.claude', 'projects', claudeProjectSlug(workspace)), {
			'5ec5ec5e-0000-4000-8000-000000000002.jsonl': new ClaudeTranscript('5ec5ec5e-0000-4000-8000-000000000002', workspace).user(`Use ${secret} to push the release`).toString(),
		});
		const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot') };
		for (const format of ['text', 'json']) {
			const run = runCli(['sessions', '--workspace', workspace, '--format', format], workspace, env);
			assert.ok(run.stdout.includes('Use [REDACTED GitHub token] to push the release'), run.stdout);
			assert.ok(!leaks(run.stdout, secret));
		}
	});

	test('the secret rule reports the token formats it redacts, SendGrid keys included', () => {
		const findings = analyzeText({ text: skill(`\n# Keys\n\nSend with SG.${tokenOf(22, 24)}.${tokenOf(43, 25)} and publish with npm_${tokenOf(36, 26)}.\nPull with glpat-${tokenOf(20, 27)} and hf_${tokenOf(34, 28)}.\n`) }).findings;
		assert.deepEqual(findings.filter(finding => finding.rule === 'secret').map(finding => finding.message.split(' is written')[0]), ['a SendGrid API key', 'an npm token', 'a GitLab token', 'a Hugging Face token']);
	});
});

/** A Zstandard frame of run-length blocks: `blocks` × 128 KiB of one byte from four bytes each, the shape of a compression bomb. */
function zstdRunLengthFrame(blocks: number, byte = 0x61): Buffer {
	const blockSize = 128 * 1024;
	// Magic number, a frame header with only a window descriptor (8 MiB), then the blocks.
	const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x68]);
	const body = Buffer.alloc(blocks * 4);
	for (let i = 0; i < blocks; i++) {
		const last = i === blocks - 1 ? 1 : 0;
		body.writeUIntLE((blockSize << 3) | (1 << 1) | last, i * 4, 3);
		body[i * 4 + 3] = byte;
	}
	return Buffer.concat([header, body]);
}

describe('transcripts are read in linear time and bounded memory', () => {
	test('a JSON line of 100 MB is skipped and reported, and the records after it are read', async () => {
		const dir = temporaryFolder('long-line-');
		const file = path.join(dir, 'session.jsonl');
		const workspace = temporaryFolder('workspace-');
		const transcript = new ClaudeTranscript('10a91e00-0000-4000-8000-000000000001', workspace).user('Tag the release after the long tool output').toString();
		fs.writeFileSync(file, `{"type":"user","message":{"content":"${'x'.repeat(100 * 1024 * 1024)}"}}\n${transcript}`);
		const started = Date.now();
		const session = await openSession(file, 'claude-code');
		const events = [];
		for await (const event of session.events()) {
			events.push(event);
		}
		assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
		assert.ok(events.some(event => event.kind === 'user' && event.text === 'Tag the release after the long tool output'));
		assert.deepEqual(session.problems.map(problem => [problem.line, problem.message]), [[1, 'the line is longer than 64 MB; it was skipped']]);
	});

	test('skill-distiller sessions lists a session whose first line is 200 MB in seconds', () => {
		const home = temporaryFolder('home-');
		const workspace = temporaryFolder('workspace-');
		const transcript = new ClaudeTranscript('10a91e00-0000-4000-8000-000000000002', workspace).user('Rotate the staging certificates').toString();
		writeTree(path.join(home, '.claude', 'projects', claudeProjectSlug(workspace)), {
			'10a91e00-0000-4000-8000-000000000002.jsonl': `{"type":"summary","summary":"${'y'.repeat(200 * 1024 * 1024)}"}\n${transcript}`,
		});
		const started = Date.now();
		const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot') };
		const run = runCli(['sessions', '--workspace', workspace, '--format', 'json'], workspace, env);
		assert.equal(run.status, 0, run.stderr);
		assert.deepEqual(JSON.parse(run.stdout).sessions.map((session: { firstPrompt?: string }) => session.firstPrompt), ['Rotate the staging certificates']);
		assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
	});

	test('a Copilot chat nested 300,000 levels deep is read in seconds', () => {
		const storage = temporaryFolder('deep-');
		const depth = 300_000;
		const file = path.join(storage, 'workspaceStorage', 'abc', 'chatSessions', 'deep.json');
		writeTree(path.dirname(file), {
			'deep.json': `{"version":3,"sessionId":"deep","requests":[{"requestId":"r1","message":{"text":"Fix the flaky test"},"response":[{"value":"ok"}],"result":{"metadata":{"deep":${'['.repeat(depth)}${']'.repeat(depth)}}}},{"requestId":"r2","message":{"text":"Now the second one"},"response":[{"value":"done"}]}]}`,
		});
		const started = Date.now();
		const run = runCli(['distil', file, '--format', 'json', '--out', path.join(storage, 'out')], storage);
		assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
		assert.equal(run.status, 0, run.stderr);
		assert.deepEqual(JSON.parse(run.stdout).counts.userMessages, 2);
	});

	test('a compression bomb is stopped with a clear problem long before it expands', async () => {
		const dir = temporaryFolder('bomb-');
		const file = path.join(dir, 'rollout-2026-11-20T10-00-00-10a91e00-0000-4000-8000-000000000003.jsonl.zst');
		// 19 KB that would expand to 600 MB.
		fs.writeFileSync(file, zstdRunLengthFrame(4800));
		const problems: TranscriptProblem[] = [];
		const started = Date.now();
		const records = [];
		for await (const record of readJsonLines(file, problems)) {
			records.push(record);
		}
		assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
		assert.deepEqual(records, []);
		assert.equal(problems.length, 1);
		assert.match(problems[0].message, /^could not be read: the compressed file expands more than 500 times \(19 KB to over 64 MB\), which no transcript does/);
	});

	test('a damaged compressed transcript says so, rather than "not a transcript"', async () => {
		const dir = temporaryFolder('damaged-');
		const file = path.join(dir, 'rollout-2026-11-20T10-00-00-10a91e00-0000-4000-8000-000000000004.jsonl.zst');
		fs.writeFileSync(file, Buffer.from('this is not zstd data at all, only text with a .zst name\n'));
		await assert.rejects(detectAgent(file), (error: Error) => error instanceof UnknownTranscriptError && error.message === `${file} could not be read: the compressed file is damaged (zstd: invalid zstd data)`);
		const run = runCli(['distil', file, '--format', 'json'], dir);
		assert.equal(run.status, 2, run.stdout);
		assert.match(run.stderr, /the compressed file is damaged \(zstd: invalid zstd data\)/);
	});
});

/** Raw control characters other than tab and line ends: what a terminal or a CI log acts on. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('control characters from names, paths and prompts never reach the terminal raw', () => {
	test('check prints a name that would start a GitHub Actions command, and a folder that would retitle the terminal, as escapes; hidden-unicode flags ESC', () => {
		const base = temporaryFolder('controls-');
		const evilFolder = 'evil\u001b]0;pwned\u0007';
		writeTree(path.join(base, 'lib'), {
			'inject/SKILL.md': '---\nname: "x\\n::error file=README.md,line=1::pwned"\ndescription: Injects. Use when testing.\n---\n\n# T\n\nPrint \u001b[8mhidden\u001b[0m text.\n',
			[`${evilFolder}/SKILL.md`]: '---\nname: evil\ndescription: Evil. Use when testing.\n---\n\n# E\n',
		});
		const run = runCli(['check', 'lib', '--no-cache'], base);
		assert.ok(!rawControl.test(run.stdout + run.stderr), JSON.stringify(run.stdout));
		assert.deepEqual(run.stdout.split('\n').filter(line => line.startsWith('::')), []);
		assert.match(run.stdout, /name "x\\n::error file=README\.md,line=1::pwned" may only contain/);
		assert.match(run.stdout, /^lib\/evil\\x1b\]0;pwned\\x07\/SKILL\.md$/m);
		assert.equal(run.stdout.match(/8:\d+ +error +control character U\+001B ESCAPE: a terminal that prints it can change or hide what a reviewer sees/g)?.length, 2);
	});

	test('sessions and distil print a prompt with ESC sequences and line breaks as escapes', () => {
		const home = temporaryFolder('home-');
		const workspace = temporaryFolder('workspace-');
		const file = path.join(home, '.claude', 'projects', claudeProjectSlug(workspace), '0c0c0c0c-0000-4000-8000-000000000001.jsonl');
		writeTree(path.dirname(file), {
			[path.basename(file)]: new ClaudeTranscript('0c0c0c0c-0000-4000-8000-000000000001', workspace)
				.user('Deploy \u001b]0;pwned\u0007 now\n::error file=README.md::pwned')
				.bash('make deploy', 'error: \u001b[2J no target', 1)
				.user('No, run make release instead, deploy is gone \u001b[8m')
				.bash('make release', 'released')
				.toString(),
		});
		const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, '.claude'), CODEX_HOME: path.join(home, '.codex'), COPILOT_HOME: path.join(home, '.copilot') };
		for (const args of [['sessions', '--workspace', workspace], ['distil', file, '--dry-run']]) {
			const run = runCli(args, workspace, env);
			assert.equal(run.status, 0, run.stderr);
			assert.ok(!rawControl.test(run.stdout + run.stderr), `${args[0]}: ${JSON.stringify(run.stdout)}`);
			assert.deepEqual(run.stdout.split('\n').filter(line => line.startsWith('::')), [], args[0]);
		}
		assert.match(runCli(['sessions', '--workspace', workspace], workspace, env).stdout, /Deploy \\x1b\]0;pwned\\x07 now/);
	});
});

describe('what is said about a file is true', () => {
	test('a UTF-16 SKILL.md or transcript is called UTF-16 text, not binary', async () => {
		const dir = temporaryFolder('utf16-');
		const text = '---\nname: windows-skill\ndescription: Saved by Notepad. Use when testing encodings.\n---\n\n# Windows\n';
		writeTree(dir, {
			'little/SKILL.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
			'plain/SKILL.md': Buffer.from(text.replace('windows-skill', 'plain'), 'utf16le'),
		});
		const report = JSON.parse(runCli(['check', dir, '--no-cache', '--format', 'json'], dir).stdout) as { diagnostics: { file: string; rule: string; message: string }[] };
		assert.deepEqual(report.diagnostics.filter(diagnostic => diagnostic.rule === 'file-unreadable').map(diagnostic => [diagnostic.file, diagnostic.message]), [
			['little/SKILL.md', 'SKILL.md cannot be read: the file is UTF-16LE text, and agents read skills as UTF-8: re-save it as UTF-8'],
			['plain/SKILL.md', 'SKILL.md cannot be read: the file is UTF-16LE text, and agents read skills as UTF-8: re-save it as UTF-8'],
		]);
		const transcript = path.join(dir, 'session.jsonl');
		fs.writeFileSync(transcript, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"type":"thread.started","thread_id":"t1"}\r\n', 'utf16le')]));
		await assert.rejects(detectAgent(transcript), { message: `${transcript} is UTF-16LE text (as Windows PowerShell 5's > writes it), and transcripts are read as UTF-8: convert it to UTF-8 first` });
	});

	test('fix says when it stopped at its limit of fixes in one skill, and a second run does the rest', () => {
		const dir = temporaryFolder('many-fixes-');
		const headings = Array.from({ length: 130 }, (_, i) => `#Heading ${i}\n\nText ${i}.\n`).join('\n');
		writeTree(dir, { 'many/SKILL.md': `---\nname: many\ndescription: Has many headings. Use when testing the limit.\n---\n\n${headings}` });
		const text = runCli(['fix', dir, '--no-cache', '--dry-run'], dir);
		assert.match(text.stdout, /stopped after 100 fixes, the most one run makes in a skill: run fix again for the rest/);
		const first = runCli(['fix', dir, '--no-cache', '--format', 'json'], dir);
		assert.deepEqual(JSON.parse(first.stdout).unfinished, ['many/SKILL.md']);
		const second = runCli(['fix', dir, '--no-cache', '--format', 'json'], dir);
		assert.deepEqual(JSON.parse(second.stdout).unfinished, []);
		assert.doesNotMatch(fs.readFileSync(path.join(dir, 'many', 'SKILL.md'), 'utf8'), /^#Heading/m);
	});
});
