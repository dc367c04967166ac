import type { ToolCall, ToolResult } from '../sessions/sessionEvents';
import { errorLine } from './errorSignature';
import { mainCommand, onlyLooks, programOf } from './shellCommands';

/**
 * Which tool results are failures of a check, and which check: the same command run again (or
 * another way of doing it, with the same program and sub-command) is the same check, so a later
 * pass of it can verify what fixed it.
 */

export type Outcome = 'failed' | 'passed' | 'ignored';

/** Programs that run another command given to them as one argument: the check is what they run. */
const carriers = /^(?:ssh|powershell(?:\.exe)?|pwsh(?:\.exe)?|cmd(?:\.exe)?|bash|sh|zsh|wsl(?:\.exe)?)$/i;

/** The command a carrier runs: `ssh host "uci show dhcp"` → `uci show dhcp`; `powershell.exe -Command "Get-Acl x"` → `Get-Acl x`. */
function carried(command: string): string | undefined {
	const main = mainCommand(command);
	const program = main.split(/\s+/)[0]?.replace(/^.*[/\\]/, '') ?? '';
	if (!carriers.test(program)) {
		return undefined;
	}
	const quoted = /\s(["'])([\s\S]+)\1\s*$/.exec(main)?.[2];
	if (quoted) {
		return quoted;
	}
	// `ssh host uname -a`, `powershell -Command Get-Date`, `bash -c true`: what follows the options and (for ssh) the host.
	const words = main.split(/\s+/).slice(1);
	const flagsWithValues = /^-(?:[ilpoFJ]|Command|c|command|NoProfile|ExecutionPolicy)$/;
	let index = 0;
	while (index < words.length && words[index].startsWith('-') || index < words.length && /^\/[a-z]$/i.test(words[index])) {
		index += flagsWithValues.test(words[index]) && !/^-(?:Command|c|command)$/.test(words[index]) ? 2 : 1;
	}
	if (/^ssh$/i.test(program)) {
		index++;
	}
	const rest = words.slice(index).join(' ');
	return rest === '' ? undefined : rest;
}

/**
 * The check a call runs, as a person names it: `npm test`, `git commit`, `ssh uci`,
 * `powershell Get-Acl`, or the tool's name; undefined for calls that only look (reads,
 * searches, `ls`, `grep`), whose misses are lookups rather than failures.
 */
export function checkOf(call: ToolCall): string | undefined {
	if (call.category === 'read' || call.category === 'search' || call.category === 'plan' || call.category === 'edit' || call.category === 'skill') {
		return undefined;
	}
	if (call.category !== 'shell') {
		return call.name;
	}
	const command = call.command?.trim();
	if (!command || onlyLooks(command)) {
		return undefined;
	}
	const inner = carried(command);
	const program = programOf(command);
	if (inner !== undefined) {
		const innerProgram = programOf(inner).replace(/^\$?\(?/, '');
		return innerProgram ? `${program.split(' ')[0].replace(/\.exe$/i, '').toLowerCase()} ${innerProgram}` : program;
	}
	return program;
}

/** Output that ran past a masked exit code (`… | head`) but opens with an error that names its cause. */
const strongFirstLine = /^(?:(?:\/bin\/)?(?:ba|z)?sh: (?:line \d+: )?\S+: (?:command not found|No such file or directory)|\S+: command not found|(?:error|fatal|Error|ERROR)(?:\[\w+\])?: \S|Traceback \(most recent call last\)|[\w.]+(?:Error|Exception): \S)/;

/**
 * Whether a call's result is a failure of its check, a pass, or neither: results the agent's
 * harness marks as noise, cancelled siblings, interrupted calls and misses of calls that only
 * look are ignored; so are the exits that mean "nothing found" (`grep`, `diff`, `test`).
 */
export function outcomeOf(call: ToolCall | undefined, result: ToolResult): Outcome {
	if (result.noise !== undefined || /^\s*\[?Request interrupted by user|^\s*(?:canceled|cancelled)\s*$/i.test(result.output ?? '')) {
		return 'ignored';
	}
	const masked = call?.command !== undefined && /\|\s*(?:head|tail|grep|less|more|tee|cat)\b/.test(call.command);
	const failed = result.isError || (result.exitCode ?? 0) !== 0 || (masked && strongFirstLine.test((result.output ?? '').trimStart()));
	if (!failed) {
		return 'passed';
	}
	if (call === undefined || checkOf(call) === undefined) {
		return 'ignored';
	}
	return 'failed';
}

/** The line of a failed result that names its cause, or what is known of it. */
export function failureLine(result: ToolResult): string {
	return errorLine(result.output ?? '') || (result.exitCode !== undefined ? `exit code ${result.exitCode}` : 'the tool reported an error');
}
