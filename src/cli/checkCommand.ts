import pc from 'picocolors';
import type { CheckConfig } from '../core/check/config';
import { finalizeFindings } from '../core/check/analyzeSkill';
import type { Finding } from '../core/check/findings';
import { jsonFormat } from './jsonReport';
import { type CommandIo, type Keeping, type LibraryOptions, loadResults, UsageError, wantsColor } from './loadLibrary';
import { buildReport, type ReportFormat, type ReportTally, tallyReport } from './report';
import { sarifFormat } from './sarifReport';
import { textFormat } from './textReport';

export interface CheckOptions extends LibraryOptions {
	format: string;
}

/** A report ready to print: its body's bytes and what its summary says besides the time. */
interface PreparedReport {
	body: readonly Buffer[];
	tally: ReportTally;
}

/** Runs `check` and returns the exit code: 0 clean, 1 error findings. Usage problems throw. */
export async function runCheck(options: CheckOptions, io: CommandIo): Promise<number> {
	const started = performance.now();
	if (!['text', 'json', 'sarif'].includes(options.format)) {
		throw new UsageError(`--format must be text, json or sarif, not "${options.format}"`);
	}
	const color = options.format === 'text' && wantsColor(io);
	const format: ReportFormat = options.format === 'json' ? jsonFormat : options.format === 'sarif' ? sarifFormat : textFormat(pc.createColors(color));
	const keeping: Keeping<PreparedReport> = {
		key: JSON.stringify([options.format, color]),
		keep: ({ body, tally }) => ({ meta: tally, body }),
		restore: ({ meta, body }) => (isTally(meta) ? { body: [body], tally: meta } : undefined),
	};
	const prepared = await loadResults(options, io, async (library, wanted) => {
		const findings = [
			...library.skills.flatMap(skill => skill.findings),
			...(library.singleFiles ? [] : library.scanFindings),
			...configSuppressionFindings(library.config, library.configFile),
		];
		const report = buildReport(io.cwd, library.skills, findings, library.skills.flatMap(skill => skill.suppressed));
		const body = await encodeInPieces(format.body(report), wanted);
		return body && { body, tally: tallyReport(report) };
	}, keeping);
	for (const piece of prepared.body) {
		io.stdout.write(piece);
	}
	io.stdout.write(format.summary(prepared.tally, performance.now() - started));
	return prepared.tally.counts.errors > 0 ? 1 : 0;
}

/** Whether a kept report's tally has the shape this version writes (a kept file is read back, not trusted). */
function isTally(value: unknown): value is ReportTally {
	const tally = value as Partial<ReportTally> | null;
	const counts = tally?.counts;
	const suppressed = tally?.suppressed;
	return typeof tally?.skills === 'number' && typeof counts?.errors === 'number' && typeof counts.warnings === 'number' && typeof counts.infos === 'number'
		&& typeof suppressed?.total === 'number' && typeof suppressed.inline === 'number' && typeof suppressed.config === 'number'
		&& typeof suppressed.byRule === 'object' && suppressed.byRule !== null;
}

/**
 * Pieces of text encoded into megabyte buffers, letting other work in after each; undefined once
 * `wanted` says the text is no longer wanted. Joining the pieces into strings first cost five
 * times as much: a report's messages hold characters outside ASCII, so V8 builds two-byte strings,
 * which it must flatten before encoding them.
 */
async function encodeInPieces(pieces: Iterable<string>, wanted: () => boolean): Promise<Buffer[] | undefined> {
	const size = 1 << 20;
	const buffers: Buffer[] = [];
	let buffer = Buffer.allocUnsafe(size);
	let used = 0;
	for (const piece of pieces) {
		// UTF-8 takes at most three bytes for each UTF-16 code unit.
		if (used + 3 * piece.length > buffer.length) {
			buffers.push(buffer.subarray(0, used));
			buffer = Buffer.allocUnsafe(Math.max(size, 3 * piece.length));
			used = 0;
			await new Promise(resolve => setImmediate(resolve));
			if (!wanted()) {
				return undefined;
			}
		}
		used += buffer.write(piece, used);
	}
	buffers.push(buffer.subarray(0, used));
	return buffers;
}

/** The configuration file's suppressions that suppress nothing, reported on the file itself. */
function configSuppressionFindings(config: CheckConfig, configFile: string | undefined): Finding[] {
	return configFile === undefined ? [] : finalizeFindings(configFile, config.suppressProblems.map(message => ({
		rule: 'invalid-suppression', line: 1, column: 1, endLine: 1, endColumn: 1, message,
	})), config);
}
