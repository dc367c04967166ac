import pc from 'picocolors';
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
	const { result, skills, singleFiles } = await loadLibrary(options, io);
	const findings = [...skills.flatMap(skill => result.index.findings(skill.file)), ...(singleFiles ? [] : result.scanFindings)];
	const report = buildReport(io.cwd, skills, findings, performance.now() - started);
	const output = options.format === 'json' ? formatJson(report)
		: options.format === 'sarif' ? formatSarif(report)
			: formatText(report, pc.createColors(wantsColor(io)));
	io.stdout.write(output);
	return report.counts.errors > 0 ? 1 : 0;
}
