/**
 * What a shell command is, for comparing attempts: its program, its significant words, whether
 * it only looks around. Pure string work on the command line the agent recorded.
 */

/** Commands that only look: a successful `ls` after a failure is not a different approach. */
const lookingPrograms = new Set([
	'ls', 'cat', 'head', 'tail', 'less', 'more', 'pwd', 'echo', 'printf', 'which', 'whereis', 'type', 'grep', 'rg', 'ag', 'find', 'fd',
	'wc', 'tree', 'env', 'printenv', 'file', 'stat', 'du', 'df', 'ps', 'date', 'whoami', 'id', 'uname', 'true', 'sleep', 'clear', 'cd',
	'sed', 'awk', 'jq', 'diff', 'md5sum', 'sha256sum', 'readlink', 'realpath', 'basename', 'dirname',
	'test', '[', '[[', 'cmp', 'pgrep', 'lsof', 'netstat', 'ss',
]);
const lookingGit = /^git\s+(?:status|log|diff|show|branch|remote|rev-parse|ls-files|blame|config --get)\b/;
/** Prefixes that do not change what runs. */
const wrapper = /^(?:sudo|time|nice|exec|command|env|timeout\s+\d+[smh]?|stdbuf\s+-\S+|npx|pnpx|bunx|uvx|pipx run|pnpm (?:exec|dlx)|yarn dlx|poetry run|uv run|pipenv run|bundle exec|dotnet)\s+/;
const assignment = /^[A-Za-z_][A-Za-z0-9_]*=\S*\s+/;

/** The last command of a line (`cd app && npm test` → `npm test`), without wrappers and variable assignments. */
export function mainCommand(command: string): string {
	// Separators are split on alone and the parts trimmed after: a pattern with `\s*` around them is quadratic on long runs of spaces.
	const parts = command.split(/&&|\|\||;/).map(part => part.trim()).filter(part => part !== '' && !/^cd\s/.test(part));
	let main = (parts.at(-1) ?? command).split(/\s\|\s/)[0].trim();
	for (let previous = ''; previous !== main;) {
		previous = main;
		const unwrapped = main.replace(assignment, '').replace(wrapper, '');
		// A wrapper's own flags are not the program: `uv run --no-project python3 x.py`.
		main = unwrapped !== main && wrapper.test(main) ? unwrapped.replace(/^(?:--?[\w-]+(?:=\S+)?\s+)+/, '') : unwrapped;
	}
	return main;
}

/** Tools whose first argument says what they do: `npm test` and `npm run build` are different programs. */
const toolsWithSubcommands = new Set(['npm', 'yarn', 'pnpm', 'bun', 'cargo', 'go', 'git', 'docker', 'kubectl', 'helm', 'make', 'gradle', 'gradlew', 'mvn', 'uv', 'poetry', 'pip', 'pip3', 'deno', 'terraform', 'gh', 'az', 'aws', 'gcloud', 'rails', 'rake', 'bundle', 'composer', 'mix', 'swift', 'flutter', 'dart', 'nx', 'turbo']);

/**
 * The program a command runs, with the sub-command of tools that have them:
 * `python -m pytest -x` → `pytest`, `./gradlew test` → `gradlew test`, `npm run build -w ui` →
 * `npm run build`, `docker compose up` → `docker compose`.
 */
export function programOf(command: string): string {
	const words = mainCommand(command).split(/\s+/);
	const first = (words[0] ?? '').replace(/^.*[/\\]/, '').replace(/\.(?:exe|cmd|bat|sh)$/, '');
	if (/^python\d?(?:\.\d+)?$/.test(first) && words[1] === '-m' && words[2]) {
		return words[2];
	}
	if (!toolsWithSubcommands.has(first)) {
		return first;
	}
	const [sub, next] = words.slice(1).filter(word => !word.startsWith('-'));
	if (sub === undefined) {
		return first;
	}
	return sub === 'run' && next !== undefined ? `${first} run ${next}` : `${first} ${sub}`;
}

/** Whether a command only inspects (lists, prints, searches) and changes nothing. */
export function onlyLooks(command: string): boolean {
	const main = mainCommand(command);
	return lookingPrograms.has(programOf(command)) || lookingGit.test(main);
}

const commonWords = new Set(['the', 'and', 'run', 'npm', 'yarn', 'pnpm', 'bun', 'node', 'python', 'python3', 'true', 'false', 'dev', 'null']);

/** The words of a command that say what it acts on: script names, packages, files; not flags, not the program. */
export function significantWords(command: string): Set<string> {
	const words = new Set<string>();
	const program = new Set(programOf(command).split(' '));
	for (const word of mainCommand(command).split(/\s+/).slice(0, 24)) {
		if (program.has(word)) {
			continue;
		}
		if (word.startsWith('-') || word.length < 3) {
			continue;
		}
		const cleaned = word.replace(/^['"]|['"]$/g, '').replace(/^.*[/\\]/, '').toLowerCase();
		if (cleaned.length >= 3 && !commonWords.has(cleaned)) {
			words.add(cleaned);
		}
	}
	return words;
}

/** Whether a second command is another way of doing what the first tried: same program, or acting on the same thing. */
export function sameGoal(failed: string, tried: string): boolean {
	if (programOf(failed) === programOf(tried)) {
		return true;
	}
	const a = significantWords(failed);
	for (const word of significantWords(tried)) {
		if (a.has(word)) {
			return true;
		}
	}
	return false;
}

/** A command for a sentence: one line, at most `max` characters. */
export function shortCommand(command: string, max = 120): string {
	const line = command.replace(/(?<![^\S\n])[^\S\n]*\n\s*/g, ' ⏎ ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Markdown inline code that survives backticks inside it. */
export function inlineCode(text: string): string {
	const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length));
	const fence = '`'.repeat(longest + 1);
	return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
