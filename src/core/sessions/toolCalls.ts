import { asArray, asRecord, asString } from './jsonLines';
import type { ToolCall, ToolCategory } from './sessionEvents';

/**
 * Tool names of every agent, lower-cased with separators removed (`run_in_terminal`,
 * `copilot_runInTerminal` and `runInTerminal` all become `runinterminal`), by category.
 */
const categoryByName = new Map<string, ToolCategory>();
const names: Record<ToolCategory, string[]> = {
	shell: ['bash', 'bashoutput', 'killshell', 'shell', 'shellcommand', 'execcommand', 'localshellcall', 'containerexec', 'powershell', 'runinterminal', 'getterminaloutput', 'terminal', 'writestdin', 'unifiedexec', 'readbash', 'writebash', 'stopbash', 'listbash'],
	edit: ['edit', 'multiedit', 'write', 'notebookedit', 'applypatch', 'create', 'createfile', 'replacestringinfile', 'multireplacestringinfile', 'insertedit', 'inserteditintofile', 'editfile', 'editnotebookfile', 'strreplace', 'strreplacebasededittool', 'strreplaceeditor', 'replacestring', 'writefile'],
	read: ['read', 'readfile', 'view', 'viewimage', 'notebookread', 'getfile', 'readnotebookcellsoutput'],
	search: ['glob', 'grep', 'ls', 'listdir', 'filesearch', 'grepsearch', 'semanticsearch', 'codebase', 'websearch', 'webfetch', 'fetch', 'fetchwebpage', 'findfiles', 'findtextinfiles', 'listdirectory', 'rg', 'search', 'searchcodebase', 'findtestfiles', 'testsearch'],
	plan: ['todowrite', 'updateplan', 'managetodolist', 'updatetodo', 'todo', 'exitplanmode'],
	agent: ['task', 'agent', 'runsubagent', 'subagent', 'spawnagent'],
	skill: ['skill'],
	other: [],
};
for (const [category, list] of Object.entries(names) as [ToolCategory, string[]][]) {
	for (const name of list) {
		categoryByName.set(name, category);
	}
}

/** Tools that read what a background command printed and whether it ended. */
const pollTools = new Set(['taskoutput', 'bashoutput', 'writestdin']);

/** A tool name lower-cased with its agent prefix and separators removed, for comparing names across agents. */
export function normalisedName(name: string): string {
	return name.toLowerCase().replace(/^(?:copilot|functions|mcp)[_.]/, '').replace(/[^a-z0-9]/g, '');
}

/** The category of a tool by its name, whichever agent called it; MCP tools are `other`. */
export function toolCategory(name: string): ToolCategory {
	if (name.startsWith('mcp__')) {
		return 'other';
	}
	return categoryByName.get(normalisedName(name)) ?? 'other';
}

/** `["bash", "-lc", "npm test"]` and `bash -lc 'npm test'` are both the command `npm test`. */
export function unwrapCommand(command: string | readonly string[]): string {
	if (Array.isArray(command)) {
		const argv = command as readonly string[];
		const flag = argv.findIndex(arg => arg === '-lc' || arg === '-c' || arg === '-Command');
		if (flag >= 1 && flag <= 2 && /(?:^|\/)(?:ba|z|)sh$|pwsh|powershell/.test(argv[0]) && argv.length === flag + 2) {
			return argv[flag + 1];
		}
		return argv.map(arg => (/[\s"'$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
	}
	const wrapped = /^(?:\/\S*\/)?(?:ba|z)?sh\s+-l?c\s+(["'])([\s\S]*)\1\s*$/.exec(command as string);
	return wrapped ? wrapped[2] : command as string;
}

const pathKeys = ['file_path', 'filePath', 'path', 'notebook_path', 'filepath', 'file', 'target_file', 'uri'];
const patchFile = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm;
const moveFile = /^\*\*\* Move to: (.+)$/gm;

/** The files a tool input names: path fields, lists of them, and the files of an `apply_patch` patch. */
export function pathsOfInput(input: Record<string, unknown>): string[] {
	const found = new Set<string>();
	const add = (value: unknown) => {
		const text = asString(value) ?? asString(asRecord(value)?.path) ?? asString(asRecord(value)?.fsPath);
		if (text && text.length < 4096) {
			found.add(text.replace(/^file:\/\//, ''));
		}
	};
	for (const key of pathKeys) {
		add(input[key]);
	}
	for (const key of ['paths', 'files', 'filePaths']) {
		asArray(input[key]).forEach(add);
	}
	for (const edit of asArray(input.edits ?? input.replacements)) {
		add(asRecord(edit)?.filePath ?? asRecord(edit)?.file_path);
	}
	const patch = asString(input.patch) ?? asString(input.input);
	if (patch) {
		for (const pattern of [patchFile, moveFile]) {
			pattern.lastIndex = 0;
			for (let match = pattern.exec(patch); match; match = pattern.exec(patch)) {
				found.add(match[1].trim());
			}
		}
	}
	return [...found];
}

/** The command of a shell tool's input, whatever the agent calls the field. */
export function commandOfInput(input: Record<string, unknown>): string | undefined {
	const raw = input.command ?? input.cmd ?? input.commandLine ?? asRecord(input.action)?.command;
	if (typeof raw === 'string' || (Array.isArray(raw) && raw.every(part => typeof part === 'string'))) {
		return unwrapCommand(raw as string | string[]);
	}
	const original = asString(asRecord(raw)?.original);
	return original;
}

/** A normalised tool call from a name and an input object (or a JSON string of one, as Codex records it). */
export function toolCallOf(name: string, rawInput: unknown, id?: string): ToolCall {
	let input = asRecord(rawInput);
	if (input === undefined && typeof rawInput === 'string') {
		try {
			input = asRecord(JSON.parse(rawInput));
		} catch {
			// A freeform tool (Codex's `apply_patch`) takes plain text rather than JSON.
			input = { input: rawInput };
		}
	}
	input ??= {};
	const category = toolCategory(name);
	const call: ToolCall = { id, name, category };
	if (category === 'shell') {
		call.command = commandOfInput(input);
	}
	if (category === 'skill') {
		call.skill = asString(input.skill) ?? asString(input.name);
	}
	if (pollTools.has(normalisedName(name))) {
		const id = input.task_id ?? input.bash_id ?? input.shell_id ?? input.session_id;
		call.polls = typeof id === 'number' ? String(id) : asString(id);
	}
	const paths = pathsOfInput(input);
	if (paths.length > 0) {
		call.paths = paths;
	}
	return call;
}

const userRefusal = /\b(?:rejected|denied|declined) by (?:the )?user\b|\bthe user (?:has )?(?:rejected|denied|declined|refused)\b/i;

/**
 * Whether a tool result says the person refused the call ("exec command rejected by user", "The
 * user rejected this tool call"). Only the start is read: a long output that quotes such words
 * is a result, not a refusal.
 */
export function isUserRefusal(text: string): boolean {
	return userRefusal.test(text.slice(0, 300));
}

/**
 * A tool output cut to its start and its end (a traceback ends with the error), so an event never
 * holds a whole output.
 */
export function outputExcerpt(text: string, max = 2000): string {
	if (text.length <= max) {
		return text;
	}
	const half = Math.floor(max / 2);
	return `${text.slice(0, half)}\n…\n${text.slice(text.length - half)}`;
}
