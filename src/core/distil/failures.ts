import type { ToolCall, ToolResult } from '../sessions/sessionEvents';
import { errorLine } from './errorSignature';
import { escapeRegExp } from '../util/text';
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
	// `kubectl exec pod -- ls /opt`, `docker exec box ls`: what runs in the container is the check.
	const inContainer = /^(?:kubectl|docker|podman|juju|lxc)\s+(?:exec|ssh)\b.*?\s--\s+(.+)$/.exec(main);
	if (inContainer) {
		return inContainer[1];
	}
	const program = main.split(/\s+/)[0]?.replace(/^.*[/\\]/, '') ?? '';
	if (!carriers.test(program)) {
		return undefined;
	}
	// The quoted command, read from the whole line: a pipe inside the quotes belongs to it.
	const start = command.search(/\s["']/);
	const quote = start === -1 ? undefined : command[start + 1];
	const end = quote === undefined ? -1 : command.lastIndexOf(quote);
	if (quote !== undefined && end > start + 1) {
		return command.slice(start + 2, end);
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
	const program = withSubcommand(command, withScript(command, programOf(command)));
	if (inner !== undefined) {
		// What a carrier runs decides: `ssh host grep …` only looks, `powershell Get-Acl …` only reads.
		if (onlyLooks(inner) || /^\s*(?:['"&(]+\s*)?(?:Get|Test|Select|Find|Measure|Show|Where)-/i.test(inner)) {
			return undefined;
		}
		const innerProgram = withSubcommand(inner, withScript(inner, programOf(inner))).replace(/^[$(&'"\s]+/, '');
		return innerProgram ? `${program.split(' ')[0].replace(/\.exe$/i, '').toLowerCase()} ${innerProgram}` : program;
	}
	return program;
}

/** `charmcraft analyse` and `charmcraft pack` are different checks: a plain word after the program is its sub-command. */
function withSubcommand(command: string, program: string): string {
	if (program.includes(' ')) {
		return program;
	}
	const next = mainCommand(command).split(/\s+/)[1];
	return next !== undefined && /^[a-z][a-z-]{1,20}$/.test(next) ? `${program} ${next}` : program;
}

/** Programs whose check is the script they run. */
export const interpreters = /^(?:python\d?(?:\.\d+)?|node|ruby|perl|bash|sh|zsh|deno|php|Rscript)$/;

/** An interpreter's check is the script it runs: `python3 run_benchmarks.py` and `python3 plot.py` are different checks. */
function withScript(command: string, program: string): string {
	if (!interpreters.test(program)) {
		return program;
	}
	const args = mainCommand(command).split(/\s+/).slice(1);
	// `python -c "…"` runs code given inline, not a script: the code is no check's name.
	if (args[0] === '-c' || args[0] === '-e') {
		return `${program} ${args[0]}`;
	}
	const script = args.find(word => !word.startsWith('-'));
	return script && /\.\w{1,4}$/.test(script) ? `${program} ${script.replace(/^.*[/\\]/, '')}` : program;
}

/** The words of a command that say what it does, without the noise around it (`cd x &&`, `2>&1 | head`). */
function commandWords(command: string): Set<string> {
	return new Set(mainCommand(command).replace(/(?<!\s)\s+2>&1|(?<!\s)\s*\|\s*(?:head|tail|grep|less|tee)\b.*$/, '').toLowerCase().split(/[^\w.@/:=-]+/).filter(word => word.length > 1));
}

/**
 * Whether a passing command is a run of the same check as a failed one: the same command, or the
 * same one changed (other flags, another path), not another command of the same program.
 */
export function sameCheckRun(failed: string | undefined, passed: string | undefined): boolean {
	if (failed === undefined || passed === undefined) {
		return true;
	}
	const subcommand = (command: string) => {
		const [program, next] = mainCommand(command).split(/\s+/);
		return /^[a-z][a-z-]{1,20}$/.test(next ?? '') ? `${program} ${next}` : undefined;
	};
	const [one, other] = [subcommand(failed), subcommand(passed)];
	if (one !== undefined && other !== undefined && one !== other) {
		return false;
	}
	// What the failed command acted on (its paths and names, not its flags) must still be there: `jest src/billing` is not `jest --listTests`.
	// Redirections (`2>&1`, `>out.log`) say where output goes, not what the command acts on.
	const targets = (command: string) => mainCommand(command).split(/\s+/).slice(1).filter(word => !/^(?:[-/]|\d*[<>])/.test(word) && word !== one?.split(' ')[1]).map(word => word.replace(/^['"]|['"]$/g, ''));
	const passedText = mainCommand(passed);
	if (targets(failed).some(target => !passedText.includes(target))) {
		return false;
	}
	const a = commandWords(failed);
	const b = commandWords(passed);
	let shared = 0;
	for (const word of a) {
		shared += b.has(word) ? 1 : 0;
	}
	return shared / Math.max(1, Math.min(a.size, b.size)) >= 0.5 && shared / Math.max(1, Math.max(a.size, b.size)) >= 0.3;
}

/** What a report on a command the agent started in the background says about it. */
export interface BackgroundReport {
	id: string;
	/** The command has ended: a report while it still runs says nothing about its check yet. */
	ended: boolean;
	exitCode?: number;
	output: string;
}

/** Claude Code's answer to a shell command started in the background, and Codex's to one still running when its call returns. */
const launchedBackground = /^(?:Command running in background with ID: ([\w-]+)|(?:[\s\S]{0,300}\n)?Process running with session ID (\d+))/;

/** The id a shell command started in the background is known by, when its result says it is still running. */
export function backgroundLaunch(output: string): string | undefined {
	const match = launchedBackground.exec(output);
	return match?.[1] ?? match?.[2];
}

/**
 * A report on a background command: Claude Code's `TaskOutput` (`<task_id>`, `<status>`,
 * `<exit_code>`, `<output>`), or a poll of Codex's `write_stdin` ("Process exited with code N"
 * once it ended, "Process running with session ID N" while it runs). `polled` is the id the poll
 * call names; undefined when the output is no such report.
 */
export function backgroundReport(output: string, polled?: string): BackgroundReport | undefined {
	const tagged = /<task_id>([\w-]+)<\/task_id>/.exec(output)?.[1];
	if (tagged !== undefined) {
		const status = /<status>(\w+)<\/status>/.exec(output)?.[1] ?? '';
		const exitCode = /<exit_code>(-?\d+)<\/exit_code>/.exec(output)?.[1];
		return {
			id: tagged,
			ended: /^(?:completed|failed|killed)$/.test(status),
			exitCode: exitCode === undefined ? undefined : Number(exitCode),
			output: /<output>\n?([\s\S]*?)(?:<\/output>|$)/.exec(output)?.[1] ?? '',
		};
	}
	if (polled === undefined) {
		return undefined;
	}
	const exitCode = /^Process exited with code (-?\d+)/m.exec(output)?.[1];
	return {
		id: polled,
		ended: exitCode !== undefined,
		exitCode: exitCode === undefined ? undefined : Number(exitCode),
		output: /^Output:\n([\s\S]*)$/m.exec(output)?.[1] ?? output,
	};
}

/** Failures of the agent's own shell rather than of anything it ran: Git Bash fork failures on Windows, and the like. */
const harnessFlake = /cygheap read copy failed|Command failed: cygpath|child_copy: |fork: (?:retry|Resource temporarily unavailable)|\bfork failed\b/;

/** Output that ran past a masked exit code (`… | head`) but opens with an error that names its cause. */
const strongFirstLine = /^(?:(?:\/bin\/)?(?:ba|z)?sh: (?:line \d+: )?\S+: (?:command not found|No such file or directory)|\S+: command not found|(?:error|fatal|Error|ERROR)(?:\[\w+\])?: \S|Traceback \(most recent call last\)|[\w.]+(?:Error|Exception): \S)/;

/** Whether output that ran past a masked exit code says the command failed: an error that names its cause, or the program itself complaining (`strace: invalid system call 'malloc'`). */
function maskedFailure(command: string, output: string): boolean {
	const program = programOf(command);
	const complaint = new RegExp(`^${escapeRegExp(program)}: .*\\b(?:invalid|cannot|can't|unrecognized|unknown|not found|no such|denied|refused|failed|error)\\b`, 'i');
	return output.split('\n', 40).some(line => strongFirstLine.test(line.trimStart()) || complaint.test(line.trimStart()));
}

/**
 * Whether a call's result is a failure of its check, a pass, or neither: results the agent's
 * harness marks as noise, cancelled siblings, interrupted calls and misses of calls that only
 * look are ignored; so are the exits that mean "nothing found" (`grep`, `diff`, `test`).
 */
export function outcomeOf(call: ToolCall | undefined, result: ToolResult): Outcome {
	if (result.noise !== undefined || /^\s*\[?Request interrupted by user|^\s*(?:canceled|cancelled)\s*$/i.test(result.output ?? '') || harnessFlake.test(result.output ?? '')) {
		return 'ignored';
	}
	const masked = call?.command !== undefined && /\|\s*(?:head|tail|grep|less|more|tee|cat)\b/.test(call.command);
	const failed = result.isError || (result.exitCode ?? 0) !== 0 || (masked && maskedFailure(call.command!, result.output ?? ''));
	if (!failed) {
		return 'passed';
	}
	if (call === undefined || checkOf(call) === undefined) {
		return 'ignored';
	}
	// `… | grep x` exiting 1 with nothing on its output found nothing; it did not fail.
	const silent = !errorLine(result.output ?? '').replace(/^Exit code:? \d+$/i, '');
	if (silent && /\|\s*(?:grep|egrep|rg|ag)\b[^|]*['"]?\s*$/.test(call.command ?? '')) {
		return 'ignored';
	}
	return 'failed';
}

/** The line of a failed result that names its cause, or what is known of it. */
export function failureLine(result: ToolResult): string {
	// "/bin/bash: line 1: " says which shell printed the error, not what it is.
	const line = errorLine(result.output ?? '').replace(/^(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh: (?:line \d+: )?/, '');
	return line || (result.exitCode !== undefined ? `exit code ${result.exitCode}` : 'the tool reported an error');
}

/** A step of a CI run as `gh run view` shows it: its name, and whether it failed with which line. */
export interface CiStep {
	/** The check, as a person names it: `CI step "Build rock"`. */
	check: string;
	failed: boolean;
	/** For a failed step, the line of its log that names the cause (from `--log-failed`). */
	symptom?: string;
}

const ciRunCommand = /^gh run (?:view|watch)$/;
const stepStatus = /^\s+([✓✗X])\s+(\S.*?)(?:\s+in\s+[\dhms]+)?(?:\s+\(ID \d+\))?\s*$/;

/**
 * The CI steps a `gh run view` or `gh run watch` output reports: a failed run's `--log-failed`
 * lines (`<job>\t<step>\t<time> <log>`) name the failing step and its log; the summary marks each
 * step ✓ or X. A CI step is a check like a command: its later ✓ verifies the fix.
 */
export function ciStepsOf(command: string | undefined, output: string): CiStep[] {
	const fromGh = command !== undefined && ciRunCommand.test(programOf(command));
	const statuses = output.split('\n').map(line => stepStatus.exec(line)).filter((status): status is RegExpExecArray => status !== null);
	// `gh run watch` often writes to a file the agent reads later with `tail`: a summary is recognised wherever it is.
	if (!fromGh && statuses.length < 2) {
		return [];
	}
	const logs = new Map<string, string[]>();
	const steps = new Map<string, CiStep>();
	for (const status of statuses) {
		steps.set(status[2], { check: `CI step "${status[2]}"`, failed: status[1] !== '✓' });
	}
	if (fromGh) {
		for (const line of output.split('\n')) {
			const columns = line.split('\t');
			if (columns.length >= 3 && /\d{4}-\d\d-\d\dT/.test(columns[2])) {
				const log = columns.slice(2).join('\t').replace(/^\uFEFF?\d{4}-\d\d-\d\dT[\d:.]+Z\s?/, '').replace(/^##\[error\]/, '');
				logs.set(columns[1], [...logs.get(columns[1]) ?? [], log]);
			}
		}
	}
	for (const [step, lines] of logs) {
		steps.set(step, { check: `CI step "${step}"`, failed: true, symptom: errorLine(lines.filter(log => !/^##\[(?:group|endgroup)\]/.test(log)).join('\n')) });
	}
	return [...steps.values()];
}

/** A failure to enter a folder: `cd: build: No such file or directory`, zsh's `(eval):cd:1: no such file or directory: /x`. */
const cdFailure = /\bcd:(?:\d+:)? (?:([^:\n]+?): )?(?:no such file or directory|not a directory)(?:: (.+))?$/i;

/** The folders a command enters with `cd`. */
export function foldersEntered(command: string): string[] {
	return [...command.matchAll(/(?:^|&&|;|\|\|)\s*cd\s+(?:"([^"]+)"|'([^']+)'|(\S+))/g)].map(match => match[1] ?? match[2] ?? match[3]);
}

/**
 * The check a `cd` failure is about: entering that folder (`cd M-Claude`), whatever the command
 * went on to run. A later command that enters a folder of the same name passes it.
 */
export function cdCheckOf(failure: string): string | undefined {
	const match = cdFailure.exec(failure);
	const folder = match?.[1] ?? match?.[2];
	return folder ? cdCheckFor(folder) : undefined;
}

/** The check of entering a folder, by the folder's own name: `cd ~/Documents/M-Claude` and `cd M-Claude` are one. */
export function cdCheckFor(folder: string): string {
	return `cd ${folder.replace(/[/\\]+$/, '').replace(/^.*[/\\]/, '')}`;
}
