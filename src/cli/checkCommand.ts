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
	const output = options.format === 'json' ? formatJson(report)
		: options.format === 'sarif' ? formatSarif(report)
			: formatText(report, pc.createColors(wantsColor(io)));
	io.stdout.write(output);
	return report.counts.errors > 0 ? 1 : 0;
}

/** The configuration file's suppressions that suppress nothing, reported on the file itself. */
function configSuppressionFindings(config: CheckConfig, configFile: string | undefined): Finding[] {
	return configFile === undefined ? [] : finalizeFindings(configFile, config.suppressProblems.map(message => ({
		rule: 'invalid-suppression', line: 1, column: 1, endLine: 1, endColumn: 1, message,
	})), config);
}
