import pc from 'picocolors';
import type { CheckConfig } from '../core/check/config';
import { finalizeFindings } from '../core/check/analyzeSkill';
import type { Finding } from '../core/check/findings';
import { formatJson } from './jsonReport';
import { type CommandIo, type LibraryOptions, loadResults, UsageError, wantsColor } from './loadLibrary';
import { buildReport } from './report';
import { formatSarif } from './sarifReport';
import { formatText } from './textReport';

export interface CheckOptions extends LibraryOptions {
	format: string;
}

/** Runs `check` and returns the exit code: 0 clean, 1 error findings. Usage problems throw. */
export async function runCheck(options: CheckOptions, io: CommandIo): Promise<number> {
	const started = performance.now();
	if (!['text', 'json', 'sarif'].includes(options.format)) {
		throw new UsageError(`--format must be text, json or sarif, not "${options.format}"`);
	}
	const prepared = await loadResults(options, io, async (library, wanted) => {
		const findings = [
			...library.skills.flatMap(skill => skill.findings),
			...(library.singleFiles ? [] : library.scanFindings),
			...configSuppressionFindings(library.config, library.configFile),
		];
		const report = buildReport(io.cwd, library.skills, findings, library.skills.flatMap(skill => skill.suppressed));
		const rendered = options.format === 'json' ? formatJson(report)
			: options.format === 'sarif' ? { body: [formatSarif(report)], summary: () => '' }
				: formatText(report, pc.createColors(wantsColor(io)));
		const body = await encodeInPieces(rendered.body, wanted);
		return body && { errors: report.counts.errors, body, summary: rendered.summary };
	});
	for (const piece of prepared.body) {
		io.stdout.write(piece);
	}
	io.stdout.write(prepared.summary(performance.now() - started));
	return prepared.errors > 0 ? 1 : 0;
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
