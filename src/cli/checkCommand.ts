import pc from 'picocolors';
import type { CheckConfig } from '../core/check/config';
import { finalizeFindings } from '../core/check/analyzeSkill';
import type { Finding } from '../core/check/findings';
import { formatJson } from './jsonReport';
import { type CommandIo, type LibraryOptions, loadLibrary, UsageError, wantsColor } from './loadLibrary';
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
	const { config, configFile, result, skills, singleFiles } = await loadLibrary(options, io);
	const findings = [
		...skills.flatMap(skill => result.index.findings(skill.file)),
		...(singleFiles ? [] : result.scanFindings),
		...configSuppressionFindings(config, configFile),
	];
	const suppressed = skills.flatMap(skill => result.index.suppressed(skill.file));
	const report = buildReport(io.cwd, skills, findings, suppressed, performance.now() - started);
	if (options.format === 'json') {
		writeInPieces(formatJson(report), io.stdout);
	} else {
		io.stdout.write(options.format === 'sarif' ? formatSarif(report) : formatText(report, pc.createColors(wantsColor(io))));
	}
	return report.counts.errors > 0 ? 1 : 0;
}

/** Pieces of text written a megabyte or so at a time: not one write per piece, nor one string of the whole. */
function writeInPieces(pieces: Iterable<string>, out: NodeJS.WritableStream): void {
	let pending = '';
	for (const piece of pieces) {
		pending += piece;
		if (pending.length >= 1 << 20) {
			out.write(pending);
			pending = '';
		}
	}
	out.write(pending);
}

/** The configuration file's suppressions that suppress nothing, reported on the file itself. */
function configSuppressionFindings(config: CheckConfig, configFile: string | undefined): Finding[] {
	return configFile === undefined ? [] : finalizeFindings(configFile, config.suppressProblems.map(message => ({
		rule: 'invalid-suppression', line: 1, column: 1, endLine: 1, endColumn: 1, message,
	})), config);
}
