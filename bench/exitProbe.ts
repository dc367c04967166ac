import * as fs from 'node:fs';

/**
 * Preloaded with `node --require exitProbe.js <program>` to measure a program we do not control
 * (skill-check): when the process exits it writes its peak RSS and CPU time as one JSON line to
 * file descriptor 3, or to stderr when the parent did not open it.
 */
const started = performance.now();

process.on('exit', exitCode => {
	const usage = process.resourceUsage();
	const line = JSON.stringify({
		exitCode, elapsedMs: performance.now() - started, maxRssKiB: usage.maxRSS,
		userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000,
	}) + '\n';
	try {
		fs.writeSync(3, line);
	} catch {
		process.stderr.write(line);
	}
});
