import { spawn } from 'node:child_process';
import type { LanguageModel } from '../core/distil/modelWriter';
import { formatSize } from '../core/util/units';

/** An answer longer than this is not a skill's lessons: the command is stopped. */
const maxAnswerBytes = 1024 * 1024;
export const defaultModelTimeoutMs = 180_000;

/**
 * A language model behind a command: the prompt goes to its standard input and the answer is read
 * from its standard output, so `claude -p`, `codex exec -`, `ollama run <model>` or `llm -m <model>`
 * serve with no key in this tool. The command runs through the shell (it is the person's own
 * command line); a timeout, an abort, a failing exit or an oversized answer stop it with a reason.
 */
export function commandLanguageModel(command: string, timeoutMs = defaultModelTimeoutMs): LanguageModel {
	return {
		name: `command: ${command}`,
		complete(prompt: string, signal?: AbortSignal): Promise<string> {
			return new Promise((resolve, reject) => {
				const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32', windowsHide: true });
				const out: Buffer[] = [];
				const err: Buffer[] = [];
				let size = 0;
				let settled = false;
				const stop = (why: Error) => {
					if (settled) {
						return;
					}
					settled = true;
					clearTimeout(timer);
					signal?.removeEventListener('abort', onAbort);
					try {
						// The command is a shell: its whole process group goes, not only the shell.
						if (child.pid !== undefined && process.platform !== 'win32') {
							process.kill(-child.pid, 'SIGKILL');
						} else {
							child.kill('SIGKILL');
						}
					} catch {
						// It has ended already.
					}
					reject(why);
				};
				const onAbort = () => stop(new Error('cancelled'));
				const timer = setTimeout(() => stop(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
				signal?.addEventListener('abort', onAbort);
				child.stdout.on('data', (chunk: Buffer) => {
					size += chunk.length;
					if (size > maxAnswerBytes) {
						stop(new Error(`the answer is longer than ${formatSize(maxAnswerBytes)}`));
						return;
					}
					out.push(chunk);
				});
				child.stderr.on('data', (chunk: Buffer) => {
					if (err.reduce((total, piece) => total + piece.length, 0) < 64 * 1024) {
						err.push(chunk);
					}
				});
				child.on('error', error => stop(new Error(`it could not be run: ${error.message}`)));
				child.on('close', code => {
					if (settled) {
						return;
					}
					settled = true;
					clearTimeout(timer);
					signal?.removeEventListener('abort', onAbort);
					const answer = Buffer.concat(out).toString('utf8');
					if (code !== 0) {
						const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' ').slice(0, 300);
						reject(new Error(`it exited with code ${code}${said ? `: ${said}` : ''}`));
					} else if (answer.trim() === '') {
						reject(new Error('it answered nothing'));
					} else {
						resolve(answer);
					}
				});
				// A command that does not read its input must not fail the write.
				child.stdin.on('error', () => undefined);
				child.stdin.end(prompt);
			});
		},
	};
}
