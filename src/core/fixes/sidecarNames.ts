/** File extensions by fence language; a language missing here keeps its own name if it looks like one. */
const extensions: Record<string, string> = {
	python: 'py', py: 'py', python3: 'py', bash: 'sh', sh: 'sh', shell: 'sh', zsh: 'sh', console: 'sh', shellscript: 'sh', fish: 'fish',
	javascript: 'js', js: 'js', node: 'js', mjs: 'mjs', cjs: 'cjs', typescript: 'ts', ts: 'ts', tsx: 'tsx', jsx: 'jsx',
	json: 'json', jsonc: 'jsonc', yaml: 'yaml', yml: 'yaml', toml: 'toml', xml: 'xml', html: 'html', css: 'css', scss: 'scss',
	sql: 'sql', go: 'go', golang: 'go', rust: 'rs', rs: 'rs', ruby: 'rb', rb: 'rb', perl: 'pl', php: 'php', java: 'java',
	kotlin: 'kt', swift: 'swift', c: 'c', cpp: 'cpp', 'c++': 'cpp', csharp: 'cs', cs: 'cs', powershell: 'ps1', ps1: 'ps1', pwsh: 'ps1',
	bat: 'bat', cmd: 'cmd', r: 'R', lua: 'lua', dockerfile: 'dockerfile', makefile: 'mk', make: 'mk', dot: 'dot', graphviz: 'dot',
	mermaid: 'mmd', markdown: 'md', md: 'md', text: 'txt', txt: 'txt', plaintext: 'txt', ini: 'ini', csv: 'csv', diff: 'diff', patch: 'diff',
};

/** Languages whose blocks are programs to run rather than text to read. */
const executable = new Set(['py', 'sh', 'fish', 'js', 'mjs', 'cjs', 'ts', 'sql', 'go', 'rs', 'rb', 'pl', 'php', 'java', 'kt', 'swift', 'c', 'cpp', 'cs', 'ps1', 'bat', 'cmd', 'R', 'lua', 'mk']);

export function extensionFor(lang: string): string {
	return extensions[lang] ?? (/^[a-z0-9]{1,10}$/.test(lang) ? lang : 'txt');
}

export function isExecutable(extension: string): boolean {
	return executable.has(extension);
}

/** A file name from a heading: words joined by `_` for Python modules, by `-` otherwise. */
export function fileStem(heading: string | undefined, extension: string, fallback: string): string {
	const words = (heading ?? '').toLowerCase().replace(/[`*_~[\]()]/g, ' ').match(/[a-z0-9]+/g) ?? [];
	const stem = words.slice(0, 6).join(extension === 'py' ? '_' : '-').slice(0, 48).replace(/[-_]+$/, '');
	return stem || fallback;
}

/** `dir/stem.ext`, or `dir/stem-2.ext` and so on when the name is taken. */
export function uniquePath(dir: string, stem: string, extension: string, taken: (relative: string) => boolean): string {
	const join = (suffix: string) => `${dir ? dir + '/' : ''}${stem}${suffix}${extension ? '.' + extension : ''}`;
	let candidate = join('');
	for (let n = 2; taken(candidate); n++) {
		candidate = join(extension === 'py' ? `_${n}` : `-${n}`);
	}
	return candidate;
}
