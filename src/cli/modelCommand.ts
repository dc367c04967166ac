import type { LanguageModel } from '../core/distil/modelWriter';
import { lastLines, runShell } from '../core/util/shellCommand';
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
		async complete(prompt: string, signal?: AbortSignal): Promise<string> {
			const result = await runShell({ command, input: prompt, timeoutMs, signal, maxStdoutBytes: maxAnswerBytes });
			if (result.stopped === 'cancelled') {
				throw new Error('cancelled');
			}
			if (result.stopped === 'timeout') {
				throw new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`);
			}
			if (result.stopped === 'output') {
				throw new Error(`the answer is longer than ${formatSize(maxAnswerBytes)}`);
			}
			if (result.stopped === 'spawn') {
				throw new Error(`it could not be run: ${result.spawnError}`);
			}
			if (result.code !== 0) {
				const said = lastLines(result.stderr);
				throw new Error(`it exited with code ${result.code}${said ? `: ${said}` : ''}`);
			}
			if (result.stdout.trim() === '') {
				throw new Error('it answered nothing');
			}
			return result.stdout;
		},
	};
}
