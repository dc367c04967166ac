import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/**
 * Runs the bundled CLI in this process and reports what it cost: `node measureCli.js <cli.js>
 * <args…>`. The CLI's output goes wherever this process's stdout goes; the measurement is written
 * as one JSON line to file descriptor 3 when the parent opened it, else to stderr. Worker threads
 * share the process, so `maxRSS` is the peak of the whole check.
 */

interface CliModule {
	main(argv: string[], cwd?: string): Promise<number>;
}

/** What one measured run reports. */
export interface CliMeasurement {
	exitCode: number;
	/** From before loading the CLI module to the end of `main`. */
	elapsedMs: number;
	maxRssKiB: number;
	userCpuMs: number;
	systemCpuMs: number;
}

function report(measurement: CliMeasurement): void {
	const line = JSON.stringify(measurement) + '\n';
	try {
		fs.writeSync(3, line);
	} catch {
		process.stderr.write(line);
	}
}

async function run(): Promise<void> {
	const [cliFile, ...args] = process.argv.slice(2);
	if (!cliFile) {
		process.stderr.write('usage: node measureCli.js <path of dist/cli.js> <arguments…>\n');
		process.exitCode = 2;
		return;
	}
	const started = performance.now();
	const cli = createRequire(__filename)(path.resolve(cliFile)) as CliModule;
	const exitCode = await cli.main(args, process.cwd());
	const elapsedMs = performance.now() - started;
	const usage = process.resourceUsage();
	report({ exitCode, elapsedMs, maxRssKiB: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000 });
	process.exitCode = exitCode;
}

void run();
