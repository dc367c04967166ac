import { spawn } from 'node:child_process';

/**
 * Running a person's own command line (a model command, an agent, a case's check) through the
 * shell, with its input on stdin, a timeout and an abort that stop the whole process group — a
 * shell's children too, not only the shell.
 */

export interface ShellRun {
	command: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	input?: string;
	timeoutMs: number;
	signal?: AbortSignal;
	/** Standard output beyond this stops the command (`stopped: 'output'`). */
	maxStdoutBytes?: number;
	/** Standard error is kept up to this many bytes; the rest is dropped. */
	maxStderrBytes?: number;
}

export interface ShellResult {
	/** The exit code, or null when the command was stopped or killed by a signal. */
	code: number | null;
	stdout: string;
	stderr: string;
	/** Why the command did not end by itself. */
	stopped?: 'timeout' | 'cancelled' | 'output' | 'spawn';
	/** The error that kept it from starting, with `stopped: 'spawn'`. */
	spawnError?: string;
	durationMs: number;
}

function killGroup(pid: number | undefined, kill: () => void): void {
	try {
		if (pid !== undefined && process.platform !== 'win32') {
			process.kill(-pid, 'SIGKILL');
		} else {
			kill();
		}
	} catch {
		// It has ended already.
	}
}

/** Runs a command line; never rejects: how it ended is in the result. */
export function runShell(run: ShellRun): Promise<ShellResult> {
	const started = Date.now();
	return new Promise(resolve => {
		const child = spawn(run.command, { shell: true, cwd: run.cwd, env: run.env, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let outSize = 0;
		let errSize = 0;
		let stopped: ShellResult['stopped'];
		let spawnError: string | undefined;
		let settled = false;
		const finish = (code: number | null) => {
			if (settled) {
				return;
			}
			settled = true;
			clearTimeout(timer);
			run.signal?.removeEventListener('abort', onAbort);
			resolve({
				code: stopped ? null : code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
				...(stopped ? { stopped } : {}), ...(spawnError ? { spawnError } : {}), durationMs: Date.now() - started,
			});
		};
		const stop = (why: NonNullable<ShellResult['stopped']>) => {
			if (settled || stopped) {
				return;
			}
			stopped = why;
			killGroup(child.pid, () => child.kill('SIGKILL'));
			// The group is gone; its pipes may stay open in a grandchild that escaped it, so the result does not wait for them.
			setTimeout(() => finish(null), 2000).unref();
		};
		const onAbort = () => stop('cancelled');
		const timer = setTimeout(() => stop('timeout'), run.timeoutMs);
		if (run.signal?.aborted) {
			onAbort();
		}
		run.signal?.addEventListener('abort', onAbort);
		child.stdout.on('data', (chunk: Buffer) => {
			outSize += chunk.length;
			if (run.maxStdoutBytes !== undefined && outSize > run.maxStdoutBytes) {
				stop('output');
				return;
			}
			out.push(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			if (errSize < (run.maxStderrBytes ?? 64 * 1024)) {
				errSize += chunk.length;
				err.push(chunk);
			}
		});
		child.on('error', error => {
			spawnError = error.message;
			stopped = 'spawn';
			finish(null);
		});
		child.on('close', code => finish(code));
		// A command that does not read its input must not fail the write.
		child.stdin.on('error', () => undefined);
		child.stdin.end(run.input ?? '');
	});
}

/** The last lines of a command's error output, short enough for a one-line reason. */
export function lastLines(text: string, lines = 3, max = 300): string {
	return text.trim().split('\n').slice(-lines).join(' ').slice(0, max);
}
