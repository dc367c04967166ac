import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeSkill, type SkillInput } from '../src/core/check/analyzeSkill';
import { resolveConfig } from '../src/core/check/config';
import { checkLibrary } from '../src/core/library/checkLibrary';
import { nodeAnalyzeServices } from '../src/core/library/readSkill';
import { lintBody } from '../src/core/rules/markdownlintRules';
import type { SkillRoot } from '../src/core/skill/standardRoots';
import { generateLibrary, type LibraryManifest, libraryDir, mulberry32 } from './generateLibrary';
import { generateSessions, sessionHomeDir } from './generateSessions';
import { generateTranscript, transcriptFile } from './generateTranscript';
import type { CliMeasurement } from './measureCli';
import type { EditorBenchResult } from './editorHost';
import { editorTargets, runEditorOnce } from './measureEditor';
import { formatProfileSummary, summarizeProfiles } from './profileSummary';
import { freePort } from '../scripts/codeServer';

/**
 * `npm run bench`: generates (or reuses) a synthetic library, times full `check` runs of the CLI
 * as separate processes (cold, warm with the analysis cache, and with markdownlint off), times
 * re-checking one edited skill in-process, and runs skill-check 1.2.0 on the same library for
 * comparison. Speed is measured here and never asserted in tests.
 */

const repoRoot = fs.existsSync(path.resolve(__dirname, '..', '..', 'package.json')) ? path.resolve(__dirname, '..', '..') : process.cwd();
const benchDir = path.join(repoRoot, '.bench');
const cliFile = path.join(repoRoot, 'dist', 'cli.js');
const workerFile = path.join(repoRoot, 'dist', 'analysisWorker.js');
const measureFile = path.join(__dirname, 'measureCli.js');
const probeFile = path.join(__dirname, 'exitProbe.js');
const skillCheckBin = path.join(repoRoot, 'node_modules', 'skill-check', 'bin', 'skill-check.js');

const targets = { recentFirstMs: 60_000, recentSecondMs: 3000, recentSessions: 1000, recentMB: 2000, fullCheckMs: 3000, fullCheckMB: 500, warmCheckMs: 1000, activationMs: 50, openDiagnosticsMs: 500, recheckMs: 30, skills: 20000, distilMs: 5000, distilMB: 300, transcriptMB: 100, keystrokeMs: 50, editorMB: 400 };

interface Options {
	skills: number;
	runs: number;
	seed: number;
	edits: number;
	skillCheck: boolean;
	skillCheckRuns: number;
	skillCheckTimeoutS: number;
	profile: boolean;
	transcriptMB: number;
	transcriptRuns: number;
	editorRuns: number;
	editorEdits: number;
	editorRefreshes: number;
	recentSessions: number;
	recentMB: number;
	library: boolean;
	transcript: boolean;
	editor: boolean;
	scaling: boolean;
	scalingSizes: number[];
	recent: boolean;
}

function parseOptions(): Options {
	const { values } = parseArgs({
		options: {
			'skills': { type: 'string' },
			'runs': { type: 'string' },
			'seed': { type: 'string', default: '1' },
			'edits': { type: 'string', default: '50' },
			'quick': { type: 'boolean', default: false },
			'skip-skill-check': { type: 'boolean', default: false },
			'skill-check-runs': { type: 'string' },
			'skill-check-timeout': { type: 'string', default: '900' },
			'profile': { type: 'boolean', default: false },
			'transcript-mb': { type: 'string' },
			'transcript-runs': { type: 'string' },
			'editor-runs': { type: 'string' },
			'editor-edits': { type: 'string', default: '24' },
			'editor-refreshes': { type: 'string', default: '2' },
			'recent-sessions': { type: 'string' },
			'recent-mb': { type: 'string' },
			'only': { type: 'string' },
			'scaling-sizes': { type: 'string', default: '1000,5000,10000,20000,40000' },
			'help': { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.only !== undefined && !['library', 'transcript', 'editor', 'scaling', 'recent'].includes(values.only)) {
		throw new Error(`--only must be library, transcript, editor, scaling or recent, not "${values.only}"`);
	}
	if (values.help) {
		process.stdout.write(`Usage: npm run bench -- [options]

  --skills <n>               Skills in the generated library (default 20000; --quick: 2000)
  --runs <n>                 Runs of each full-check variant (default 5; --quick: 2)
  --seed <n>                 Generator seed (default 1)
  --edits <n>                Timed single-skill re-checks (default 50)
  --quick                    A small library and fewer runs, for fast iteration
  --skip-skill-check         Do not run skill-check for comparison
  --skill-check-runs <n>     Runs of skill-check (default 3; --quick: 2)
  --skill-check-timeout <s>  Give up on one skill-check run after this many seconds (default 900)
  --profile                  Also run one cold check under --cpu-prof and summarise where the time went;
                             in the editor part, profile the edits and a refresh of the first run and
                             write a heap snapshot of its extension host after the scan (host.heapsnapshot)
  --transcript-mb <n>        Size of the generated Claude Code transcript to distil (default 100; --quick: 20)
  --transcript-runs <n>      Runs of distil on it (default 3; --quick: 2)
  --editor-runs <n>          Workbenches opened on the library for the editor part (default 3; --quick: 1)
  --editor-edits <n>         Timed keystrokes per editor run (default 24)
  --editor-refreshes <n>     Refreshes (rescans) per editor run (default 2)
  --scaling-sizes <list>     Library sizes of the scaling curve (default 1000,5000,10000,20000,40000)
  --recent-sessions <n>      Generated sessions for distil --recent (default 1000; --quick: 100)
  --recent-mb <n>            Their total size in MB (default 2000; --quick: 200), generated under the system's temporary folder
  --only <library|transcript|editor|scaling|recent>  Measure only the library check, distillation, the editor,
                             the scaling curve (a cold check at each size) or distil --recent
`);
		process.exit(0);
	}
	const whole = (value: string | undefined, fallback: number, name: string) => {
		const n = value === undefined ? fallback : Number(value);
		if (!Number.isInteger(n) || n < 1) {
			throw new Error(`--${name} must be a whole number of at least 1, not "${value}"`);
		}
		return n;
	};
	const quick = values.quick as boolean;
	return {
		skills: whole(values.skills, quick ? 2000 : 20000, 'skills'),
		runs: whole(values.runs, quick ? 2 : 5, 'runs'),
		seed: whole(values.seed, 1, 'seed'),
		edits: whole(values.edits, 50, 'edits'),
		skillCheck: !values['skip-skill-check'],
		skillCheckRuns: whole(values['skill-check-runs'], quick ? 2 : 3, 'skill-check-runs'),
		skillCheckTimeoutS: whole(values['skill-check-timeout'], 900, 'skill-check-timeout'),
		profile: values.profile as boolean,
		transcriptMB: whole(values['transcript-mb'], quick ? 20 : targets.transcriptMB, 'transcript-mb'),
		transcriptRuns: whole(values['transcript-runs'], quick ? 2 : 3, 'transcript-runs'),
		editorRuns: whole(values['editor-runs'], quick ? 1 : 3, 'editor-runs'),
		editorEdits: whole(values['editor-edits'], 24, 'editor-edits'),
		editorRefreshes: whole(values['editor-refreshes'], 2, 'editor-refreshes'),
		recentSessions: whole(values['recent-sessions'], quick ? 100 : targets.recentSessions, 'recent-sessions'),
		recentMB: whole(values['recent-mb'], quick ? 200 : targets.recentMB, 'recent-mb'),
		library: values.only === undefined || values.only === 'library',
		transcript: values.only === undefined || values.only === 'transcript',
		editor: values.only === undefined || values.only === 'editor',
		scaling: values.only === undefined || values.only === 'scaling',
		scalingSizes: (values['scaling-sizes'] as string).split(',').map(size => whole(size.trim(), 0, 'scaling-sizes')),
		recent: values.only === undefined || values.only === 'recent',
	};
}

const log = (line = '') => process.stdout.write(line + '\n');

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values: readonly number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Megabytes of 10^6 bytes, from the KiB that `maxRSS` reports. */
const megabytes = (kib: number) => (kib * 1024) / 1e6;

function formatMs(ms: number): string {
	return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

interface ProcessRun {
	/** Wall time from spawning the process to its exit, as a person running the command sees it. */
	wallMs: number;
	measurement?: CliMeasurement;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	stderr: string;
	/** Where stdout was written. */
	outputFile: string;
}

/** Spawns `node <args>` with stdout to a file and file descriptor 3 for the measurement line. */
function runProcess(nodeArgs: string[], outputFile: string, timeoutS: number, env: Record<string, string> = {}): Promise<ProcessRun> {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(outputFile, 'w');
		const started = performance.now();
		const child = spawn(process.execPath, nodeArgs, { cwd: repoRoot, stdio: ['ignore', out, 'pipe', 'pipe'], env: { ...process.env, ...env } });
		let stderr = '';
		let report = '';
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutS * 1000);
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		(child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (chunk: Buffer) => {
			report += chunk.toString();
		});
		child.on('error', error => {
			clearTimeout(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			const wallMs = performance.now() - started;
			clearTimeout(timer);
			fs.closeSync(out);
			let measurement: CliMeasurement | undefined;
			try {
				measurement = JSON.parse(report.trim().split('\n').pop() ?? '') as CliMeasurement;
			} catch {
				measurement = undefined;
			}
			resolve({ wallMs, measurement, exitCode, signal, timedOut, stderr, outputFile });
		});
	});
}

interface JsonSummary {
	skills: number;
	findings: number;
	byRule: Record<string, number>;
}

/** Parses `check --format json` output; throws when it is not the expected document. */
function readDistillerJson(file: string): JsonSummary {
	const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { skills: unknown[]; diagnostics: { rule: string }[]; summary: { skills: number } };
	if (!Array.isArray(document.skills) || !Array.isArray(document.diagnostics)) {
		throw new Error('the JSON output has no skills or diagnostics array');
	}
	const byRule: Record<string, number> = {};
	for (const diagnostic of document.diagnostics) {
		byRule[diagnostic.rule] = (byRule[diagnostic.rule] ?? 0) + 1;
	}
	return { skills: document.skills.length, findings: document.diagnostics.length, byRule };
}

function readSkillCheckJson(file: string): JsonSummary {
	const document = JSON.parse(fs.readFileSync(file, 'utf8')) as { summary: { skillCount: number }; diagnostics: { ruleId: string }[] };
	const byRule: Record<string, number> = {};
	for (const diagnostic of document.diagnostics) {
		byRule[diagnostic.ruleId] = (byRule[diagnostic.ruleId] ?? 0) + 1;
	}
	return { skills: document.summary.skillCount, findings: document.diagnostics.length, byRule };
}

/** The figures of one measured variant, as printed and written to results.json. */
interface Measurement {
	label: string;
	command: string;
	runs: number;
	wallMs: number[];
	medianMs: number;
	minMs: number;
	maxMs: number;
	p95Ms?: number;
	peakRssMB?: number;
	medianCpuS?: number;
	target?: string;
	met?: boolean;
	skills?: number;
	findings?: number;
	failure?: string;
	notes?: string[];
	/** Findings per rule in the last run's output. */
	byRule?: Record<string, number>;
}

function summarize(label: string, command: string, wallMs: number[], rssKiB: number[], cpuMs: number[]): Measurement {
	return {
		label, command, runs: wallMs.length, wallMs: wallMs.map(ms => Math.round(ms)),
		medianMs: median(wallMs), minMs: Math.min(...wallMs), maxMs: Math.max(...wallMs),
		peakRssMB: rssKiB.length ? megabytes(Math.max(...rssKiB)) : undefined,
		medianCpuS: cpuMs.length ? median(cpuMs) / 1000 : undefined,
	};
}

const relative = (file: string) => path.relative(repoRoot, file) || '.';

/** Runs one variant of the full check `runs` times as separate processes. */
async function measureCheck(label: string, library: string, extraArgs: string[], runs: number, options: { prime?: boolean; nodeFlags?: string[]; beforeRun?: (run: number) => void } = {}): Promise<Measurement> {
	const args = ['check', relative(library), '--format', 'json', ...extraArgs];
	const command = `node ${relative(cliFile)} ${args.join(' ')}`;
	const outputFile = path.join(benchDir, 'last-output.json');
	const wall: number[] = [];
	const rss: number[] = [];
	const cpu: number[] = [];
	const notes: string[] = [];
	let summary: JsonSummary | undefined;
	const total = runs + (options.prime ? 1 : 0);
	for (let i = 0; i < total; i++) {
		const priming = options.prime && i === 0;
		process.stdout.write(`  ${label}: ${priming ? 'priming run' : `run ${wall.length + 1}/${runs}`}… `);
		options.beforeRun?.(i);
		const run = await runProcess([...(options.nodeFlags ?? []), measureFile, cliFile, ...args], outputFile, 3600);
		const failed = run.timedOut ? 'timed out after an hour' : run.exitCode !== 0 && run.exitCode !== 1 ? `exit code ${run.exitCode ?? run.signal}` : undefined;
		if (failed || !run.measurement) {
			log('failed');
			const failure = `${failed ?? 'no measurement was reported'}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}` : ''}`;
			return { ...summarize(label, command, wall.length ? wall : [NaN], rss, cpu), failure };
		}
		let parsed: JsonSummary;
		try {
			parsed = readDistillerJson(outputFile);
		} catch (error) {
			log('failed');
			return { ...summarize(label, command, wall.length ? wall : [NaN], rss, cpu), failure: `the JSON output does not parse: ${(error as Error).message}` };
		}
		if (summary && (parsed.findings !== summary.findings || parsed.skills !== summary.skills)) {
			notes.push(`run ${wall.length + 1} reported ${parsed.skills} skills and ${parsed.findings} findings, unlike the run before (${summary.skills} and ${summary.findings})`);
		}
		summary = parsed;
		log(`${formatMs(run.wallMs)} wall (${formatMs(run.measurement.elapsedMs)} in main), ${megabytes(run.measurement.maxRssKiB).toFixed(0)} MB peak RSS, ${parsed.skills} skills, ${parsed.findings} findings`);
		if (priming) {
			continue;
		}
		wall.push(run.wallMs);
		rss.push(run.measurement.maxRssKiB);
		cpu.push(run.measurement.userCpuMs + run.measurement.systemCpuMs);
	}
	return { ...summarize(label, command, wall, rss, cpu), skills: summary?.skills, findings: summary?.findings, notes, byRule: summary?.byRule };
}

async function measureSkillCheck(library: string, runs: number, timeoutS: number): Promise<Measurement> {
	const args = ['check', relative(library), '--format', 'json', '--no-security-scan'];
	const command = `node_modules/.bin/skill-check ${args.join(' ')}`;
	const outputFile = path.join(benchDir, 'last-skill-check.json');
	const wall: number[] = [];
	const rss: number[] = [];
	const cpu: number[] = [];
	let summary: JsonSummary | undefined;
	if (!fs.existsSync(skillCheckBin)) {
		return { ...summarize('skill-check 1.2.0', command, [NaN], [], []), failure: `${relative(skillCheckBin)} is not installed` };
	}
	for (let i = 0; i < runs; i++) {
		process.stdout.write(`  skill-check: run ${i + 1}/${runs}… `);
		const run = await runProcess(['--require', probeFile, skillCheckBin, ...args], outputFile, timeoutS);
		let failure = run.timedOut ? `timed out after ${timeoutS} s` : run.exitCode !== 0 && run.exitCode !== 1 ? `exit code ${run.exitCode ?? run.signal}` : undefined;
		if (!failure) {
			try {
				summary = readSkillCheckJson(outputFile);
			} catch (error) {
				failure = `its JSON output does not parse: ${(error as Error).message}`;
			}
		}
		if (failure) {
			log('failed');
			return { ...summarize('skill-check 1.2.0', command, wall.length ? wall : [NaN], rss, cpu), failure: `${failure}${run.stderr ? `: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}` : ''}` };
		}
		log(`${formatMs(run.wallMs)} wall, ${run.measurement ? `${megabytes(run.measurement.maxRssKiB).toFixed(0)} MB peak RSS, ` : ''}${summary?.skills} skills, ${summary?.findings} findings`);
		wall.push(run.wallMs);
		if (run.measurement) {
			rss.push(run.measurement.maxRssKiB);
			cpu.push(run.measurement.userCpuMs + run.measurement.systemCpuMs);
		}
	}
	return { ...summarize('skill-check 1.2.0', command, wall, rss, cpu), skills: summary?.skills, findings: summary?.findings };
}

interface EditTarget {
	file: string;
	kind: 'duplicate family' | 'licence footer' | 'ordinary';
}

/** Picks skills to edit: members of duplicate families, licence-footer holders and ordinary skills. */
function pickEditTargets(library: string, manifest: LibraryManifest, files: readonly string[], count: number, seed: number): { warmup: EditTarget[]; timed: EditTarget[] } {
	const next = mulberry32(seed ^ 0x5eed);
	const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
	const chosen = new Set<string>();
	const take = (kind: EditTarget['kind'], candidates: readonly string[], wanted: number, into: EditTarget[]) => {
		for (let tries = 0; into.filter(target => target.kind === kind).length < wanted && tries < wanted * 20 && candidates.length > 0; tries++) {
			const file = pick(candidates);
			if (!chosen.has(file)) {
				chosen.add(file);
				into.push({ file, kind });
			}
		}
	};
	const absolute = (relativeFile: string) => path.join(library, ...relativeFile.split('/'));
	const familyFiles = manifest.families.flat().map(absolute);
	const footerFiles = manifest.boilerplate.map(absolute);
	const warmup: EditTarget[] = [];
	take('ordinary', files, 5, warmup);
	const timed: EditTarget[] = [];
	take('duplicate family', familyFiles, Math.round(count * 0.3), timed);
	take('licence footer', footerFiles, Math.round(count * 0.2), timed);
	take('ordinary', files, count - timed.length, timed);
	// Interleave the kinds so that no kind runs only while the process is still warming up.
	for (let i = timed.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[timed[i], timed[j]] = [timed[j], timed[i]];
	}
	return { warmup, timed };
}

/** Changes one line of a skill: the licence footer for footer holders, else a prose line or (one edit in five) the description. */
function editText(text: string, target: EditTarget, editNumber: number): string {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const lines = text.split(eol);
	const replacement = `revised${editNumber}`;
	const changeWord = (index: number) => {
		const words = lines[index].split(' ');
		const at = words.findIndex((word, i) => i > 0 && /^[a-z]{4,}$/.test(word));
		if (at === -1) {
			lines[index] += ` ${replacement}`;
		} else {
			words[at] = replacement;
			lines[index] = words.join(' ');
		}
	};
	if (target.kind === 'licence footer') {
		const footer = lines.findIndex(line => line.startsWith('This skill is part of the shared engineering skills collection'));
		if (footer !== -1) {
			changeWord(footer);
			return lines.join(eol);
		}
	}
	if (editNumber % 5 === 0) {
		const description = lines.findIndex(line => line.startsWith('description: ') && line.length > 30);
		if (description !== -1) {
			changeWord(description);
			return lines.join(eol);
		}
	}
	const prose: number[] = [];
	let inFence = false;
	let inFrontmatter = lines[0] === '---';
	lines.forEach((line, i) => {
		if (i > 0 && inFrontmatter && line === '---') {
			inFrontmatter = false;
			return;
		}
		if (line.startsWith('```')) {
			inFence = !inFence;
		} else if (!inFrontmatter && !inFence && /^[A-Z]/.test(line) && line.length > 30) {
			prose.push(i);
		}
	});
	if (prose.length === 0) {
		lines.splice(lines.length - 1, 0, `Added line ${replacement} for the bench.`);
		return lines.join(eol);
	}
	changeWord(prose[(editNumber * 7919) % prose.length]);
	return lines.join(eol);
}

interface RecheckFigures {
	load: { ms: number; firstFindingsMs: number; skills: number; heapMB: number; rssMB: number };
	edits: { file: string; kind: string; lines: number; ms: number; analyzeMs: number; updateMs: number; changedFiles: number }[];
}

/** Loads the library in this process through the engine, then times single-skill re-checks. */
async function measureRecheck(library: string, manifest: LibraryManifest, count: number, seed: number): Promise<RecheckFigures> {
	const config = resolveConfig({});
	const root: SkillRoot = { path: library, label: relative(library), scope: 'folder' };
	const loadStarted = performance.now();
	const result = await checkLibrary({
		roots: [root], config,
		discovery: { classifyRoots: true, home: os.homedir(), maxDepth: 8 },
		analysis: { workerScript: workerFile },
	});
	const loadMs = performance.now() - loadStarted;
	const index = result.index;
	const firstStarted = performance.now();
	const files = index.skills().map(skill => skill.file);
	let total = 0;
	for (const file of files) {
		total += index.findings(file).length;
	}
	const firstFindingsMs = performance.now() - firstStarted;
	global.gc?.();
	const memory = process.memoryUsage();
	log(`  loaded ${files.length} skills in ${formatMs(loadMs)}; findings of every skill (${total}) in ${formatMs(firstFindingsMs)}; heap ${(memory.heapUsed / 1e6).toFixed(0)} MB, RSS ${(memory.rss / 1e6).toFixed(0)} MB`);

	// markdownlint runs on every edited body, uncached, as it would on a fresh edit.
	const services = nodeAnalyzeServices(lintBody);
	const { warmup, timed } = pickEditTargets(library, manifest, files, count, seed);
	const edits: RecheckFigures['edits'] = [];
	const all = [...warmup.map(target => ({ target, timed: false })), ...timed.map(target => ({ target, timed: true }))];
	for (const [number, { target, timed: isTimed }] of all.entries()) {
		const previous = index.get(target.file);
		if (!previous) {
			throw new Error(`${target.file} is not in the index`);
		}
		const edited = editText(fs.readFileSync(target.file, 'utf8'), target, number + 1);
		const started = performance.now();
		const input: SkillInput = {
			location: { file: previous.file, root: previous.root, inStaging: previous.inStaging },
			sidecars: previous.sidecars,
			bytes: Buffer.from(edited, 'utf8'),
		};
		const analysis = analyzeSkill(input, config, services);
		const analyzed = performance.now();
		const changed = index.update(analysis);
		for (const file of changed) {
			index.findings(file);
		}
		const finished = performance.now();
		if (isTimed) {
			edits.push({
				file: relative(target.file), kind: target.kind, lines: edited.split('\n').length, ms: finished - started, analyzeMs: analyzed - started,
				updateMs: finished - analyzed, changedFiles: changed.length,
			});
		}
	}
	return { load: { ms: loadMs, firstFindingsMs, skills: files.length, heapMB: memory.heapUsed / 1e6, rssMB: memory.rss / 1e6 }, edits };
}

function pad(text: string, width: number, right = false): string {
	return right ? text.padStart(width) : text.padEnd(width);
}

function printTable(rows: string[][]): void {
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
	rows.forEach((row, i) => {
		log(row.map((cell, column) => pad(cell, widths[column], column > 0 && column < 6)).join('  '));
		if (i === 0) {
			log(widths.map(width => '-'.repeat(width)).join('  '));
		}
	});
}

interface LibraryBench {
	measurements: Measurement[];
	cold: Measurement;
	warm: Measurement;
	oneChanged: Measurement;
	mdOff: Measurement;
	skillCheck?: Measurement;
	profileText?: string;
	library: Record<string, unknown>;
	recheck: RecheckFigures;
}

/**
 * The floor a warm check is measured against: reading every SKILL.md of the library, as `find …
 * | xargs cat` does in a separate process.
 */
function measureReading(library: string, runs: number): Measurement {
	const command = `find ${relative(library)} -name SKILL.md -print0 | xargs -0 cat > /dev/null`;
	const wall: number[] = [];
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		const result = spawnSync('sh', ['-c', command], { cwd: repoRoot, stdio: 'ignore' });
		if (result.status !== 0) {
			return { ...summarize('reading every SKILL.md (find | xargs cat)', command, [NaN], [], []), failure: `exit code ${result.status ?? result.signal}` };
		}
		wall.push(performance.now() - started);
	}
	log(`  reading every SKILL.md: ${wall.map(formatMs).join(', ')}`);
	return summarize('reading every SKILL.md (find | xargs cat)', command, wall, [], []);
}

/** The library part: full checks of a generated library, re-checks of one edit, skill-check for comparison. */
async function benchLibrary(options: Options): Promise<LibraryBench> {
	const atTargetSize = options.skills === targets.skills;
	const dir = libraryDir(benchDir, options.seed, options.skills);
	log(`Library: ${relative(dir)}`);
	const generated = generateLibrary(dir, { skills: options.skills, seed: options.seed });
	const manifest = generated.manifest;
	log(`  ${generated.reused ? 'reused (generated earlier' : 'generated'} in ${formatMs(manifest.generationMs)}${generated.reused ? ')' : ''}: ${manifest.skills} skills, ${(manifest.skillBytes / 1e6).toFixed(1)} MB of SKILL.md, ${manifest.sidecarFiles} sidecar files`);
	log(`  lines per SKILL.md: min ${manifest.lines.min}, median ${manifest.lines.median}, mean ${manifest.lines.mean}, p95 ${manifest.lines.p95}, max ${manifest.lines.max}; ${manifest.wordBank} words in the bank`);
	const copies = (manifest.traits['copy-exact'] ?? 0) + (manifest.traits['copy-renamed'] ?? 0) + (manifest.traits['copy-near'] ?? 0);
	const malformed = Object.entries(manifest.traits).filter(([trait]) => trait.startsWith('frontmatter-')).reduce((sum, [, n]) => sum + n, 0);
	log(`  ${copies} copies (${((100 * copies) / manifest.skills).toFixed(1)}%) in ${manifest.families.length} duplicate families; ${malformed} with broken frontmatter (${((100 * malformed) / manifest.skills).toFixed(1)}%); ${manifest.boilerplate.length} licence footers (${((100 * manifest.boilerplate.length) / manifest.skills).toFixed(1)}%)`);
	log();

	const measurements: Measurement[] = [];
	log(`Full check, separate processes, ${options.runs} runs each (wall time from spawn to exit):`);
	const cold = await measureCheck('cold (--no-cache)', dir, ['--no-cache'], options.runs);
	measurements.push(cold);
	const cacheFile = path.join(benchDir, `analysis-cache-${options.seed}-${options.skills}.cache`);
	for (const file of [cacheFile, `${cacheFile}.prints`, `${cacheFile}.stamps`, `${cacheFile}.results`, `${cacheFile}.report`]) {
		fs.rmSync(file, { force: true });
	}
	const warm = await measureCheck('warm: analysis cache, nothing changed', dir, ['--cache-location', relative(cacheFile)], options.runs, { prime: true });
	measurements.push(warm);
	const edited = editorTargets(dir, manifest)[0];
	const original = fs.readFileSync(edited, 'utf8');
	let oneChanged: Measurement;
	try {
		oneChanged = await measureCheck('warm: analysis cache, one skill changed', dir, ['--cache-location', relative(cacheFile)], options.runs, {
			beforeRun: run => fs.writeFileSync(edited, `${original}\nEdited before run ${run + 1} of the bench.\n`),
		});
	} finally {
		fs.writeFileSync(edited, original);
	}
	measurements.push(oneChanged);
	const mdOffConfig = path.join(benchDir, 'md-off.json');
	fs.writeFileSync(mdOffConfig, JSON.stringify({ rules: { md: 'off' } }) + '\n');
	const mdOff = await measureCheck('markdownlint off (--config)', dir, ['--no-cache', '--config', relative(mdOffConfig)], options.runs);
	measurements.push(mdOff);
	const reading = measureReading(dir, options.runs);
	measurements.push(reading);
	log();

	log(`Re-check after editing one skill, in-process (library loaded through the engine; ${options.edits} timed edits after 5 untimed):`);
	global.gc?.();
	const recheck = await measureRecheck(dir, manifest, options.edits, options.seed);
	const editMs = recheck.edits.map(edit => edit.ms);
	const recheckMeasurement: Measurement = {
		label: 're-check one edited skill', command: 'analyzeSkill + LibraryIndex.update + findings of changed files (in-process)',
		runs: editMs.length, wallMs: editMs.map(ms => Math.round(ms * 100) / 100),
		medianMs: median(editMs), minMs: Math.min(...editMs), maxMs: Math.max(...editMs), p95Ms: percentile(editMs, 0.95),
	};
	measurements.push(recheckMeasurement);
	const byKind = new Map<string, number[]>();
	for (const edit of recheck.edits) {
		byKind.set(edit.kind, [...(byKind.get(edit.kind) ?? []), edit.ms]);
	}
	for (const [kind, values] of byKind) {
		log(`  ${kind}: ${values.length} edits, median ${formatMs(median(values))}, max ${formatMs(Math.max(...values))}`);
	}
	log(`  split: analyzeSkill median ${formatMs(median(recheck.edits.map(edit => edit.analyzeMs)))}, index update + findings median ${formatMs(median(recheck.edits.map(edit => edit.updateMs)))}; files whose findings changed per edit: median ${median(recheck.edits.map(edit => edit.changedFiles))}, max ${Math.max(...recheck.edits.map(edit => edit.changedFiles))}`);
	const slowest = [...recheck.edits].sort((a, b) => b.ms - a.ms).slice(0, 3);
	log(`  slowest: ${slowest.map(edit => `${edit.file} (${edit.kind}, ${edit.lines} lines) ${formatMs(edit.ms)}`).join('; ')}`);
	log();

	let skillCheck: Measurement | undefined;
	if (options.skillCheck) {
		log(`skill-check 1.2.0 on the same library, ${options.skillCheckRuns} runs (timeout ${options.skillCheckTimeoutS} s each):`);
		skillCheck = await measureSkillCheck(dir, options.skillCheckRuns, options.skillCheckTimeoutS);
		measurements.push(skillCheck);
		if (skillCheck.failure) {
			log(`  skill-check failed: ${skillCheck.failure}`);
		}
		log();
	}

	let profileText: string | undefined;
	if (options.profile) {
		const profileDir = path.join(benchDir, 'profiles');
		fs.rmSync(profileDir, { recursive: true, force: true });
		log('Profile: one cold run under --cpu-prof (slower than the measured runs):');
		await measureCheck('profiled cold run', dir, ['--no-cache'], 1, { nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profileDir] });
		profileText = formatProfileSummary(summarizeProfiles(profileDir));
		log(profileText);
	}

	// The targets apply to a full check of 20,000 skills with every rule on, and to one re-check.
	if (!cold.failure && atTargetSize) {
		const halfOfSkillCheck = skillCheck && !skillCheck.failure ? 0.5 * skillCheck.medianMs : undefined;
		cold.target = `≤ ${targets.fullCheckMs / 1000} s, ≤ ${targets.fullCheckMB} MB${halfOfSkillCheck === undefined ? '' : `, ≤ ½ skill-check (${formatMs(halfOfSkillCheck)})`}`;
		cold.met = cold.medianMs <= targets.fullCheckMs && (cold.peakRssMB ?? Infinity) <= targets.fullCheckMB && cold.medianMs <= (halfOfSkillCheck ?? Infinity);
	}
	if (atTargetSize && !warm.failure && !reading.failure) {
		warm.target = `≤ ${targets.warmCheckMs / 1000} s, ≤ 2 × reading (${formatMs(2 * reading.medianMs)})`;
		warm.met = warm.medianMs <= targets.warmCheckMs && warm.medianMs <= 2 * reading.medianMs;
	}
	recheckMeasurement.target = `median ≤ ${targets.recheckMs} ms`;
	recheckMeasurement.met = atTargetSize ? recheckMeasurement.medianMs <= targets.recheckMs : undefined;

	return {
		measurements, cold, warm, oneChanged, mdOff, skillCheck, profileText, recheck,
		library: { dir: relative(dir), reused: generated.reused, ...manifest, families: manifest.families.length, boilerplate: manifest.boilerplate.length },
	};
}

/**
 * The distillation part: `distil` of a generated Claude Code transcript (streamed, never read
 * whole), in separate processes, against an empty library so only the transcript is measured.
 */
async function benchTranscript(options: Options): Promise<Measurement> {
	const file = transcriptFile(benchDir, options.transcriptMB, options.seed);
	log(`Transcript: ${relative(file)}`);
	const started = performance.now();
	const generated = generateTranscript(file, options.transcriptMB, options.seed);
	log(`  ${generated.reused ? 'reused (generated earlier)' : `generated in ${formatMs(performance.now() - started)}`}: ${(generated.bytes / 1e6).toFixed(1)} MB, ${generated.lines.toLocaleString('en')} lines`);
	const emptyLibrary = path.join(benchDir, 'empty-library');
	fs.mkdirSync(emptyLibrary, { recursive: true });
	const args = ['distil', relative(file), '--library', relative(emptyLibrary), '--dry-run', '--format', 'json'];
	const label = `distil a ${options.transcriptMB} MB transcript`;
	const command = `node ${relative(cliFile)} ${args.join(' ')}`;
	const outputFile = path.join(benchDir, 'last-distil.json');
	const wall: number[] = [];
	const rss: number[] = [];
	const cpu: number[] = [];
	log(`distil, separate processes, ${options.transcriptRuns} runs:`);
	let triggers = 0;
	for (let run = 1; run <= options.transcriptRuns; run++) {
		process.stdout.write(`  run ${run}/${options.transcriptRuns}… `);
		const result = await runProcess([measureFile, cliFile, ...args], outputFile, 600);
		if (result.exitCode !== 0 || !result.measurement) {
			log('failed');
			return { ...summarize(label, command, wall.length ? wall : [NaN], rss, cpu), failure: `exit code ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').slice(0, 5).join(' | ')}` };
		}
		const output = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as { triggers: unknown[]; counts: { events: number } };
		triggers = output.triggers.length;
		log(`${formatMs(result.wallMs)} wall, ${megabytes(result.measurement.maxRssKiB).toFixed(0)} MB peak RSS, ${output.counts.events.toLocaleString('en')} events, ${triggers} triggers`);
		wall.push(result.wallMs);
		rss.push(result.measurement.maxRssKiB);
		cpu.push(result.measurement.userCpuMs + result.measurement.systemCpuMs);
	}
	log();
	const measurement = summarize(label, command, wall, rss, cpu);
	if (options.transcriptMB === targets.transcriptMB) {
		measurement.target = `≤ ${targets.distilMs / 1000} s, ≤ ${targets.distilMB} MB`;
		measurement.met = measurement.medianMs <= targets.distilMs && (measurement.peakRssMB ?? Infinity) <= targets.distilMB;
	}
	measurement.notes = [`${triggers} triggers found in ${(generated.bytes / 1e6).toFixed(1)} MB`];
	return measurement;
}

/**
 * The distil-recent part: `distil --recent <n>` over a generated home of n Claude Code sessions
 * (about 2 GB together), as a separate process: first with an empty session cache (every
 * transcript read), then again (only the cache read).
 */
async function benchRecent(options: Options): Promise<Measurement[]> {
	const dir = sessionHomeDir(path.join(os.tmpdir(), 'skill-distiller-bench'), options.recentSessions, options.recentMB, options.seed);
	log(`Sessions: ${dir}`);
	const started = performance.now();
	const generated = generateSessions(dir, options.recentSessions, options.recentMB, options.seed);
	log(`  ${generated.reused ? 'reused (generated earlier)' : `generated in ${formatMs(performance.now() - started)}`}: ${generated.sessions} sessions, ${(generated.bytes / 1e6).toFixed(0)} MB`);
	const cache = path.join(dir, 'cache');
	fs.rmSync(cache, { recursive: true, force: true });
	const emptyLibrary = path.join(benchDir, 'empty-library');
	fs.mkdirSync(emptyLibrary, { recursive: true });
	const env = { HOME: generated.home, CLAUDE_CONFIG_DIR: path.join(generated.home, '.claude'), CODEX_HOME: path.join(generated.home, '.codex'), COPILOT_HOME: path.join(generated.home, '.copilot'), XDG_CACHE_HOME: cache };
	const args = ['distil', '--recent', String(options.recentSessions), '--workspace', generated.workspace, '--library', relative(emptyLibrary), '--dry-run', '--format', 'json'];
	const command = `node ${relative(cliFile)} ${args.join(' ')} (HOME and the agents' homes in ${dir})`;
	const outputFile = path.join(benchDir, 'last-recent.json');
	const measurements: Measurement[] = [];
	for (const [label, targetMs] of [['distil --recent: first run (no cache)', targets.recentFirstMs], ['distil --recent: second run (cached)', targets.recentSecondMs]] as const) {
		process.stdout.write(`  ${label}… `);
		const result = await runProcess([measureFile, cliFile, ...args], outputFile, 1800, env);
		if (result.exitCode !== 0 || !result.measurement) {
			log('failed');
			measurements.push({ ...summarize(label, command, [NaN], [], []), failure: `exit code ${result.exitCode ?? result.signal}: ${result.stderr.trim().split('\n').slice(0, 5).join(' | ')}` });
			continue;
		}
		const output = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as { read: number; cached: number; proposals: unknown[]; groups: unknown[] };
		log(`${formatMs(result.wallMs)} wall, ${megabytes(result.measurement.maxRssKiB).toFixed(0)} MB peak RSS; ${output.read} read, ${output.cached} from the cache, ${output.proposals.length} proposals, ${output.groups.length} groups reported`);
		const measurement = summarize(label, command, [result.wallMs], [result.measurement.maxRssKiB], [result.measurement.userCpuMs + result.measurement.systemCpuMs]);
		if (options.recentSessions === targets.recentSessions && options.recentMB === targets.recentMB) {
			measurement.target = `≤ ${targetMs / 1000} s`;
			measurement.met = result.wallMs <= targetMs;
		}
		measurement.notes = [`${output.read} transcripts read, ${output.cached} digests from the cache, ${generated.sessions} sessions, ${(generated.bytes / 1e6).toFixed(0)} MB`];
		measurements.push(measurement);
	}
	log();
	return measurements;
}

interface EditorBench {
	measurements: Measurement[];
	runs: EditorBenchResult[];
	profileText?: string;
}

/** How much of opening a skill came before the extension was told of the document: the workbench's part (activating the Markdown extension on the first Markdown file, Git). */
function heardOf(openings: readonly { ms: number; heardMs?: number }[]): string {
	const heard = openings.flatMap(item => (item.heardMs === undefined ? [] : [item.heardMs]));
	const own = openings.flatMap(item => (item.heardMs === undefined ? [] : [item.ms - item.heardMs]));
	return heard.length === 0 ? 'when the extension was told of the document is unknown' : `the extension was told of the document after a median ${formatMs(median(heard))}, and its diagnostics were published a median ${formatMs(median(own))} after that`;
}

/**
 * The editor part: the real extension host on the generated library, several times (each a fresh
 * workbench), measuring the first scan, keystrokes in open SKILL.md files and Refresh.
 */
async function benchEditor(options: Options): Promise<EditorBench> {
	const atTargetSize = options.skills === targets.skills;
	const dir = libraryDir(benchDir, options.seed, options.skills);
	const { manifest } = generateLibrary(dir, { skills: options.skills, seed: options.seed });
	const profileDir = options.profile ? path.join(benchDir, 'editor-profiles') : undefined;
	if (profileDir) {
		fs.rmSync(profileDir, { recursive: true, force: true });
	}
	log(`Editor: code-server's VS Code 1.100 on ${relative(dir)} (${manifest.skills} skills), ${options.editorRuns} runs of ${options.editorEdits} keystrokes and ${options.editorRefreshes} refreshes, measured inside the extension host:`);
	const runs: EditorBenchResult[] = [];
	// The last run keeps its data folder: the warm start after the runs opens the workbench on it, the analysis cache in place.
	const keptData = path.join(os.tmpdir(), 'skill-distiller-bench-editor-data');
	fs.rmSync(keptData, { recursive: true, force: true });
	const keptPort = await freePort();
	for (let run = 1; run <= options.editorRuns; run++) {
		log(`  run ${run}/${options.editorRuns}…`);
		const result = await runEditorOnce({
			library: dir, manifest, edits: options.editorEdits, refreshes: options.editorRefreshes, workDir: benchDir,
			profileDir: run === 1 ? profileDir : undefined, ...(run === options.editorRuns ? { dataDir: keptData, port: keptPort } : {}), log,
		});
		const republished = result.edits.map(edit => edit.republishedMs - edit.recheckMs);
		log(`  run ${run}: first tree ${result.firstTreeMs === undefined ? '—' : formatMs(result.firstTreeMs)}, scan published ${formatMs(result.scannedMs)} after activation; ${result.afterScan.rssMB.toFixed(0)} MB resident after it (${result.afterScan.rssAfterGcMB.toFixed(0)} MB after a GC; the library process ${result.afterScan.libraryMB.toFixed(0)} MB); re-check + republish median ${formatMs(median(republished))}, p95 ${formatMs(percentile(republished, 0.95))}; refreshes ${result.refreshes.map(refresh => `${formatMs(refresh.ms)} peaking at ${refresh.peakRssMB.toFixed(0)} MB (the library process ${refresh.libraryBeforeMB.toFixed(0)} → ${refresh.libraryPeakMB.toFixed(0)} MB)`).join(', ')}`);
		runs.push(result);
	}
	log('  warm start: the workbench opened again on the last run\'s data folder…');
	let warmStart: EditorBenchResult | undefined;
	try {
		warmStart = await runEditorOnce({ library: dir, manifest, edits: 0, refreshes: 0, workDir: benchDir, dataDir: keptData, port: keptPort, log });
		log(`  warm start: a skill opened during the scan showed its diagnostics after ${warmStart.openDuringScan ? formatMs(warmStart.openDuringScan.ms) : '—'}${warmStart.openDuringScan?.scanEnded ? ' (the scan had ended)' : ''}; scan published ${formatMs(warmStart.scannedMs)} after activation; ${warmStart.afterScan.rssMB.toFixed(0)} MB resident after it (${warmStart.afterScan.rssAfterGcMB.toFixed(0)} MB after a GC; the library process ${warmStart.afterScan.libraryMB.toFixed(0)} MB)`);
	} finally {
		fs.rmSync(keptData, { recursive: true, force: true });
	}
	const command = `npm run bench -- --only editor${options.skills === targets.skills ? '' : ` --skills ${options.skills}`}`;
	const timing = (label: string, values: number[], extra: Partial<Measurement> = {}): Measurement => ({
		label, command, runs: values.length, wallMs: values.map(ms => Math.round(ms * 10) / 10),
		medianMs: median(values), minMs: Math.min(...values), maxMs: Math.max(...values), ...extra,
	});
	const rssAfterScan = runs.map(run => run.afterScan.rssMB);
	const firstTree = runs.flatMap(run => (run.firstTreeMs === undefined ? [] : [run.firstTreeMs]));
	const scan = timing('editor: first scan published (RSS after it)', runs.map(run => run.scannedMs), { peakRssMB: median(rssAfterScan) });
	const perRun = (pick: (edit: EditorBenchResult['edits'][number]) => number | undefined) => runs.map(run => run.edits.flatMap(edit => pick(edit) ?? []));
	const keystroke = (label: string, values: number[][]) => timing(label, values.flat(), { p95Ms: median(values.map(run => percentile(run, 0.95))), medianMs: median(values.map(run => median(run))) });
	const recheck = keystroke('editor: re-check + republish after a keystroke', perRun(edit => edit.republishedMs - edit.recheckMs));
	const republished = keystroke('editor: keystroke → republished (end to end)', perRun(edit => edit.republishedMs));
	const diagnostics = keystroke('editor: keystroke → onDidChangeDiagnostics', perRun(edit => edit.diagnosticsMs));
	const missed = runs.flatMap(run => run.edits).filter(edit => edit.diagnosticsMs === undefined).length;
	diagnostics.notes = missed > 0 ? [`${missed} of ${runs.flatMap(run => run.edits).length} keystrokes had no onDidChangeDiagnostics for the file within a second of being republished; the figures are of the others`] : [];
	republished.notes = [`of which the edit reaching the extension host: median ${formatMs(median(runs.flatMap(run => run.edits.map(edit => edit.arrivedMs))))}; waiting for the re-check to start (debounce set to 0, other extensions' handlers ahead in the queue): median ${formatMs(median(runs.flatMap(run => run.edits.map(edit => edit.recheckMs - edit.arrivedMs))))}`];
	const refreshes = runs.flatMap(run => run.refreshes);
	const refresh = timing('editor: Refresh (rescan), peak RSS', refreshes.map(item => item.ms), { peakRssMB: Math.max(...refreshes.map(item => item.peakRssMB)) });
	const doubled = Math.max(...refreshes.map(item => item.peakRssMB / item.rssBeforeMB));
	refresh.notes = [`peak during a refresh ÷ resident before it: at most ${doubled.toFixed(2)}×; median resident after the first scan ${median(rssAfterScan).toFixed(0)} MB (${median(runs.map(run => run.afterScan.rssAfterGcMB)).toFixed(0)} MB after a forced GC, of which V8's heap ${median(runs.map(run => run.afterScan.heapAfterGcMB)).toFixed(0)} MB and memory outside it ${median(runs.map(run => run.afterScan.externalAfterGcMB)).toFixed(0)} MB; heap in use before the GC ${median(runs.map(run => run.afterScan.heapUsedMB)).toFixed(0)} MB); the library process, which holds the library, ${median(runs.map(run => run.afterScan.libraryMB)).toFixed(0)} MB after the first scan and at most ${Math.max(...refreshes.map(item => item.libraryPeakMB)).toFixed(0)} MB during a refresh (at most ${Math.max(...refreshes.map(item => item.libraryPeakMB / item.libraryBeforeMB)).toFixed(2)}× what it held before)`];
	if (atTargetSize) {
		scan.target = `RSS ≤ ${targets.editorMB} MB`;
		scan.met = median(rssAfterScan) <= targets.editorMB;
		recheck.target = `median ≤ ${targets.keystrokeMs} ms`;
		recheck.met = recheck.medianMs <= targets.keystrokeMs;
		refresh.target = 'peak < 2 × RSS before';
		refresh.met = doubled < 2;
	}
	const activations = runs.flatMap(run => (run.activation ? [run.activation.totalMs] : []));
	const activation = activations.length > 0 ? timing('editor: activation (bundle loaded, activate returned)', activations, {
		target: `≤ ${targets.activationMs} ms`, met: median(activations) <= targets.activationMs,
		notes: [`loading the bundle: median ${formatMs(median(runs.flatMap(run => (run.activation ? [run.activation.loadMs] : []))))}; activate(): median ${formatMs(median(runs.flatMap(run => (run.activation ? [run.activation.activateMs] : []))))}`],
	}) : undefined;
	const openings = runs.flatMap(run => (run.openDuringScan ? [run.openDuringScan] : []));
	const opened = openings.length > 0 ? timing('editor: a skill opened during the first scan → its diagnostics', openings.map(item => item.ms), {
		notes: [`the scan had ended first in ${openings.filter(item => item.scanEnded).length} of ${openings.length} runs; ${heardOf(openings)}`],
	}) : undefined;
	if (opened && atTargetSize) {
		opened.target = `≤ ${targets.openDiagnosticsMs} ms, before the scan ends`;
		opened.met = opened.medianMs <= targets.openDiagnosticsMs && openings.every(item => !item.scanEnded);
	}
	const warmOpened = warmStart.openDuringScan && timing('editor: a skill opened during a warm start\'s scan (analysis cache in place) → its diagnostics', [warmStart.openDuringScan.ms], {
		notes: [`the scan had ${warmStart.openDuringScan.scanEnded ? '' : 'not '}ended first; ${heardOf([warmStart.openDuringScan])}; the warm scan was published ${formatMs(warmStart.scannedMs)} after activation, ${warmStart.afterScan.rssMB.toFixed(0)} MB resident after it (${warmStart.afterScan.rssAfterGcMB.toFixed(0)} MB after a forced GC; the library process ${warmStart.afterScan.libraryMB.toFixed(0)} MB)`],
	});
	if (warmOpened && atTargetSize) {
		warmOpened.target = `≤ ${targets.openDiagnosticsMs} ms, before the scan ends`;
		warmOpened.met = warmOpened.medianMs <= targets.openDiagnosticsMs && !warmStart.openDuringScan?.scanEnded;
	}
	const measurements = [
		...(activation ? [activation] : []),
		...(opened ? [opened] : []),
		...(warmOpened ? [warmOpened] : []),
		...(firstTree.length > 0 ? [timing('editor: first tree after activation', firstTree)] : []),
		scan, recheck, republished, diagnostics, refresh,
	];
	let profileText: string | undefined;
	if (profileDir) {
		profileText = formatProfileSummary(summarizeProfiles(profileDir));
		log('Profile of the first run\'s keystrokes and refresh (extension host main thread):');
		log(profileText);
	}
	log();
	return { measurements, runs, profileText };
}

interface ScalingPoint {
	skills: number;
	megabytes: number;
	medianMs: number;
	peakRssMB?: number;
	msPerThousand: number;
	failure?: string;
}

/**
 * The scaling curve: a cold check (every rule on, no cache) of generated libraries of each size,
 * three runs each. Linear means the time per thousand skills stays flat as the library grows.
 */
async function benchScaling(options: Options): Promise<ScalingPoint[]> {
	log(`Scaling: a cold check of generated libraries of ${options.scalingSizes.map(n => n.toLocaleString('en-US')).join(' / ')} skills, 3 runs each:`);
	const points: ScalingPoint[] = [];
	for (const skills of options.scalingSizes) {
		const dir = libraryDir(benchDir, options.seed, skills);
		const { manifest } = generateLibrary(dir, { skills, seed: options.seed });
		const measured = await measureCheck(`cold, ${skills.toLocaleString('en-US')} skills`, dir, ['--no-cache'], 3);
		points.push({
			skills, megabytes: manifest.skillBytes / 1e6, medianMs: measured.medianMs, peakRssMB: measured.peakRssMB,
			msPerThousand: measured.medianMs / (skills / 1000), failure: measured.failure,
		});
	}
	log();
	log('| skills | SKILL.md MB | cold check (median of 3) | per 1,000 skills | peak RSS |');
	log('|---|---|---|---|---|');
	for (const point of points) {
		log(`| ${point.skills.toLocaleString('en-US')} | ${point.megabytes.toFixed(1)} | ${point.failure ? 'FAILED' : formatMs(point.medianMs)} | ${formatMs(point.msPerThousand)} | ${point.peakRssMB === undefined ? '—' : `${point.peakRssMB.toFixed(0)} MB`} |`);
	}
	log();
	return points;
}

async function main(): Promise<void> {
	const options = parseOptions();
	for (const file of [cliFile, workerFile, measureFile, probeFile]) {
		if (!fs.existsSync(file)) {
			throw new Error(`${relative(file)} is missing: build first (npm run bench does: node esbuild.mjs --tests)`);
		}
	}
	fs.mkdirSync(benchDir, { recursive: true });
	log(`Skill Distiller bench — ${new Date().toISOString()}`);
	log(`Node ${process.version}, ${os.platform()} ${os.arch()}, ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 1e9).toFixed(1)} GB RAM`);
	log(`Options: ${JSON.stringify(options)}`);
	const loadBefore = os.loadavg();
	log(`Load average before: ${loadBefore.map(n => n.toFixed(2)).join(', ')}${loadBefore[0] > 0.5 ? ' — something else is using the CPUs; figures will be noisy' : ''}`);
	log();

	const measurements: Measurement[] = [];
	const libraryBench = options.library ? await benchLibrary(options) : undefined;
	measurements.push(...libraryBench?.measurements ?? []);
	const distil = options.transcript ? await benchTranscript(options) : undefined;
	if (distil) {
		measurements.push(distil);
	}
	const editorBench = options.editor ? await benchEditor(options) : undefined;
	measurements.push(...editorBench?.measurements ?? []);
	const scaling = options.scaling ? await benchScaling(options) : undefined;
	if (options.recent) {
		measurements.push(...await benchRecent(options));
	}

	log(`Results (${options.library || options.editor ? `${options.skills} skills` : 'library not measured'}${options.transcript ? `; a ${options.transcriptMB} MB transcript` : ''}; MB = 10^6 bytes; peak RSS is the highest of the runs, worker threads included; the editor rows are medians over workbenches, keystrokes pooled):`);
	const rows = [['measurement', 'runs', 'median', 'min / max', 'p95', 'peak RSS MB', 'CPU s (median)', 'target', 'met?']];
	for (const m of measurements) {
		rows.push([
			m.label, String(m.runs),
			m.failure ? 'FAILED' : formatMs(m.medianMs),
			m.failure ? '—' : `${formatMs(m.minMs)} / ${formatMs(m.maxMs)}`,
			m.p95Ms === undefined ? '—' : formatMs(m.p95Ms),
			m.peakRssMB === undefined ? '—' : m.peakRssMB.toFixed(0),
			m.medianCpuS === undefined ? '—' : m.medianCpuS.toFixed(1),
			m.target ?? 'n/a (targets are for 20,000 skills and a 100 MB transcript)',
			m.met === undefined ? '—' : m.met ? 'yes' : 'NO',
		]);
	}
	printTable(rows);
	log();
	const ratios: Record<string, number> = {};
	if (libraryBench) {
		const { cold, warm, oneChanged, mdOff, skillCheck } = libraryBench;
		if (skillCheck && !skillCheck.failure) {
			log(`Ratio of medians, skill-distiller ÷ skill-check 1.2.0 (${formatMs(skillCheck.medianMs)}; above 1 means skill-distiller is slower):`);
			for (const m of [cold, warm, oneChanged, mdOff]) {
				if (!m.failure) {
					ratios[m.label] = m.medianMs / skillCheck.medianMs;
					log(`  ${m.label}: ${formatMs(m.medianMs)} ÷ ${formatMs(skillCheck.medianMs)} = ${(m.medianMs / skillCheck.medianMs).toFixed(2)}×`);
				}
			}
			log(`  findings: skill-distiller ${cold.findings ?? '?'} (every rule on) vs skill-check ${skillCheck.findings ?? '?'}`);
		} else if (skillCheck) {
			log(`No ratio: skill-check failed (${skillCheck.failure}).`);
		} else {
			log('No ratio: skill-check was skipped (--skip-skill-check).');
		}
		log();
	}
	for (const m of measurements) {
		for (const note of m.notes ?? []) {
			log(`Note (${m.label}): ${note}`);
		}
		if (m.failure) {
			log(`FAILED (${m.label}): ${m.failure}`);
		}
	}
	log('Commands (run from the repository root; the bench spawns them through out/bench/measureCli.js, which require()s dist/cli.js and reports maxRSS):');
	for (const m of measurements) {
		log(`  ${m.label}: ${m.command}`);
	}
	log(`Whole bench: node ${process.execArgv.join(' ')} ${relative(process.argv[1])} ${process.argv.slice(2).join(' ')}`.replace(/ +/g, ' ').trim());
	if (libraryBench?.cold.byRule) {
		log();
		log(`Findings by rule (cold run): ${Object.entries(libraryBench.cold.byRule).sort((a, b) => b[1] - a[1]).map(([rule, n]) => `${rule} ${n}`).join(', ')}`);
	}

	const resultsFile = path.join(benchDir, 'results.json');
	fs.writeFileSync(resultsFile, JSON.stringify({
		date: new Date().toISOString(),
		machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model, memoryGB: os.totalmem() / 1e9 },
		options,
		library: libraryBench?.library,
		targets,
		measurements,
		recheck: libraryBench ? { load: libraryBench.recheck.load, edits: libraryBench.recheck.edits } : undefined,
		ratios,
		profile: libraryBench?.profileText,
		editor: editorBench ? { runs: editorBench.runs, profile: editorBench.profileText } : undefined,
		scaling,
		loadAverage: { before: loadBefore, after: os.loadavg() },
	}, null, '\t') + '\n');
	log();
	log(`Load average after: ${os.loadavg().map(n => n.toFixed(2)).join(', ')} (1, 5, 15 minutes; the bench itself keeps about one to two CPUs busy)`);
	log(`Figures written to ${relative(resultsFile)}`);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 2;
});
