import type { Fence } from '../skill/markdownScan';
import { plural } from '../util/text';
import { type FixContext, wholeLines } from './fixContext';
import type { FixPlan, SidecarWrite, TextChange } from './fixPlan';
import { extensionFor, fileStem, isExecutable, uniquePath } from './sidecarNames';

/** Blocks shorter than this stay inline when a code-heavy skill offloads all its code at once. */
export const codeHeavyMinLines = 5;

const languageNames: Record<string, string> = { py: 'Python', sh: 'shell script', js: 'JavaScript', ts: 'TypeScript', md: 'Markdown', json: 'JSON', yaml: 'YAML', txt: 'text' };

/** The whitespace a fence's content is indented by: under a list item, the width of its marker. */
function contentIndent(fence: Fence): string {
	return fence.inListItem ? ' '.repeat(fence.indent.length) : fence.indent;
}

/** What a block is to the reader, which decides what its pointer asks them to do. */
type BlockKind = 'script' | 'module' | 'config' | 'example';

const configExtensions = new Set(['json', 'jsonc', 'yaml', 'toml', 'ini', 'xml', 'env', 'conf', 'cfg', 'properties']);
const exampleHeading = /\b(?:examples?|samples?|outputs?|responses?|results?)\b/i;

const jsDefinition = /^(?:import\s|export\s|const\s|let\s|var\s|function\s|async\s+function\s|class\s|interface\s|type\s|declare\s|\/\/|\/\*|\*|\}|\)|\]|;)/;

/** Top-level lines that only import or define, never do anything, by language. */
const definitionLine: Record<string, RegExp> = {
	// An assignment defines only when it calls nothing (`BASE_URL = "…"`); `result = main()` runs the code.
	py: /^(?:import\s|from\s|def\s|async\s+def\s|class\s|@|[A-Za-z_]\w*\s*(?::[^=]+)?=[^(]*$|#|"""|'''|\)|\]|\})/,
	js: jsDefinition, mjs: jsDefinition, cjs: jsDefinition, ts: jsDefinition,
};

/** The public names a module defines at top level, for its pointer. */
function definedNames(extension: string, content: readonly string[]): string[] {
	const pattern = extension === 'py'
		? /^(?:class|def|async\s+def)\s+([A-Za-z_]\w*)/
		: /^export\s+(?:default\s+)?(?:async\s+)?(?:function|class|const|let|interface|type)\s+([A-Za-z_$][\w$]*)/;
	return content.flatMap(line => pattern.exec(line)?.[1] ?? []).filter(name => !name.startsWith('_'));
}

function blockKind(extension: string, content: readonly string[], heading: string | undefined): BlockKind {
	if (configExtensions.has(extension)) {
		return exampleHeading.test(heading ?? '') ? 'example' : 'config';
	}
	if (!isExecutable(extension)) {
		return 'example';
	}
	const definitions = definitionLine[extension];
	const topLevel = content.filter(line => line.trim() !== '' && !/^\s/.test(line));
	const onlyDefines = definitions !== undefined && topLevel.every(line => definitions.test(line));
	return onlyDefines && definedNames(extension, content).length > 0 ? 'module' : 'script';
}

/** The one line left in the block's place: what to do with the file, and when. */
function pointerTo(path: string, extension: string, language: string, content: readonly string[], heading: string | undefined): string {
	switch (blockKind(extension, content, heading)) {
		case 'script':
			return `Run \`${path}\` for this step (read it only to change it).`;
		case 'module': {
			const names = definedNames(extension, content).slice(0, 3).map(name => `\`${name}\``);
			return `Import ${names.join(', ')} from \`${path}\` instead of writing ${names.length === 1 ? 'it' : 'them'} again.`;
		}
		case 'config':
			return `Copy \`${path}\` when this step needs the ${language} configuration it holds.`;
		case 'example':
			return `Read \`${path}\` for an example of the ${language} this step works with.`;
	}
}

interface Offload {
	change: TextChange;
	write: SidecarWrite;
}

/**
 * Moves one closed fenced block to `scripts/<name>.<ext>` (named after the nearest heading, the
 * extension from the fence language, never an existing file) and leaves one pointer line in its
 * place. The content is moved as it is, less the indentation that places it in the Markdown.
 */
function offload(context: FixContext, fence: Fence, taken: (relative: string) => boolean): Offload {
	const extension = extensionFor(fence.lang);
	const heading = [...context.body.headings].reverse().find(candidate => candidate.line < fence.openLine)?.text;
	const path = uniquePath('scripts', fileStem(heading, extension, 'snippet'), extension, taken);
	const content = context.lines.slice(fence.openLine, fence.closeLine - 1);
	const indent = contentIndent(fence);
	const dedented = indent !== '' && content.every(line => line.trim() === '' || line.startsWith(indent))
		? content.map(line => line.slice(Math.min(indent.length, line.length)))
		: content;
	const pointer = pointerTo(path, extension, languageNames[extension] ?? (fence.lang || 'text'), dedented, heading);
	return {
		change: { ...wholeLines(fence.openLine, fence.closeLine), text: fence.indent + pointer + context.eol },
		write: { path, mode: 'create', content: dedented.join(context.eol) + context.eol },
	};
}

function planOf(title: string, rules: string[], offloads: Offload[], preferred: boolean): FixPlan {
	return { title, rules, changes: offloads.map(o => o.change), sidecars: offloads.map(o => o.write), preferred };
}

/** A name is taken when the folder has the file or this plan already chose it. */
function takenIn(context: FixContext, chosen: Set<string>): (relative: string) => boolean {
	return relative => chosen.has(relative) || context.folder.read(relative) !== undefined;
}

/** Offloads the closed fenced block that opens on `openLine` (answers long-code-block). */
export function offloadCodeBlock(context: FixContext, openLine: number): FixPlan | undefined {
	const fence = context.body.fences.find(candidate => candidate.openLine === openLine && candidate.closed);
	if (!fence) {
		return undefined;
	}
	const result = offload(context, fence, takenIn(context, new Set()));
	return planOf(`Offload to ${result.write.path}`, ['long-code-block'], [result], true);
}

/** Offloads every closed block of `codeHeavyMinLines` lines or more (answers code-heavy). */
export function offloadAllCodeBlocks(context: FixContext): FixPlan | undefined {
	const fences = context.body.fences.filter(fence => fence.closed && fence.contentLines >= codeHeavyMinLines);
	if (fences.length === 0) {
		return undefined;
	}
	const chosen = new Set<string>();
	const offloads = fences.map(fence => {
		const result = offload(context, fence, takenIn(context, chosen));
		chosen.add(result.write.path);
		return result;
	});
	return planOf(`Offload ${plural(fences.length, 'code block')} to scripts/`, ['code-heavy', 'long-code-block'], offloads, true);
}
