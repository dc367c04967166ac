import { diffLines } from 'diff';
import type { Span } from '../check/findings';
import { LineIndex } from '../skill/lineIndex';

/** One replacement in SKILL.md: the span (1-based, end exclusive) and its new text. */
export interface TextChange extends Span {
	text: string;
}

/** A sidecar file a fix writes: created new, or appended to under a heading of its own. */
export interface SidecarWrite {
	/** Relative to the skill folder, one level deep at most (`scripts/build_index.py`). */
	path: string;
	mode: 'create' | 'append';
	/** For `create`, the whole file; for `append`, what goes after the existing content. */
	content: string;
}

/**
 * A fix, computed without touching anything: what changes in SKILL.md and which sidecars are
 * written. Applied by the extension as one WorkspaceEdit and by the CLI as atomic writes.
 */
export interface FixPlan {
	title: string;
	/** The rules whose findings this answers. */
	rules: string[];
	/** Replacements in SKILL.md, in document order, never overlapping. */
	changes: TextChange[];
	sidecars: SidecarWrite[];
	/** The one obvious fix for its finding (VS Code's "Auto Fix"). Whether it may run unasked is its rule's `fixTier`. */
	preferred: boolean;
}

/** What a fix may know of the skill folder beyond SKILL.md. */
export interface SkillFolder {
	/** The content of a file, relative to the skill folder; undefined when there is none. */
	read(relative: string): string | undefined;
}

/** The line ending a file uses, so that inserted lines match it. */
export function lineEnding(text: string): string {
	return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Applies replacements to a text (they must not overlap). */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
	const lines = new LineIndex(text);
	const offset = (line: number, column: number) => Math.min(lines.startOf(line, text.length) + column - 1, text.length);
	let result = text;
	for (const change of [...changes].sort((a, b) => b.line - a.line || b.column - a.column)) {
		result = result.slice(0, offset(change.line, change.column)) + change.text + result.slice(offset(change.endLine, change.endColumn));
	}
	return result;
}

/**
 * The replacements that turn one text into another, line by line (through the diff library),
 * so an edit computed on a whole text lands as small, reviewable hunks.
 */
export function changesBetween(before: string, after: string): TextChange[] {
	const changes: TextChange[] = [];
	let line = 1;
	let pending: TextChange | undefined;
	for (const part of diffLines(before, after)) {
		const count = part.count ?? 0;
		if (!part.added && !part.removed) {
			pending = undefined;
			line += count;
			continue;
		}
		if (!pending) {
			pending = { line, column: 1, endLine: line, endColumn: 1, text: '' };
			changes.push(pending);
		}
		if (part.removed) {
			line += count;
			pending.endLine = line;
		} else {
			pending.text += part.value;
		}
	}
	return changes;
}

/** The state of a skill while fixes are applied one after the other in memory. */
export interface FixState {
	text: string;
	/** Sidecars as they are now: content, and whether the file existed before any fix. */
	sidecars: Map<string, { content: string; existed: boolean }>;
}

/** A folder view of a fix state: planned sidecars first, then the disk. */
export function folderOf(state: FixState, disk: SkillFolder): SkillFolder {
	return { read: relative => state.sidecars.get(relative)?.content ?? disk.read(relative) };
}

/** Applies a plan to a fix state. */
export function applyPlan(state: FixState, plan: FixPlan, disk: SkillFolder): FixState {
	const sidecars = new Map(state.sidecars);
	for (const write of plan.sidecars) {
		const known = sidecars.get(write.path);
		const existing = known?.content ?? disk.read(write.path);
		const content = write.mode === 'append' ? (existing ?? '') + write.content : write.content;
		sidecars.set(write.path, { content, existed: known?.existed ?? existing !== undefined });
	}
	return { text: applyChanges(state.text, plan.changes), sidecars };
}

/** What to append to an existing file so that new content starts on its own line, after a blank line. */
export function appendSeparator(existing: string, eol: string): string {
	if (existing === '') {
		return '';
	}
	return existing.endsWith(eol + eol) ? '' : existing.endsWith(eol) || existing.endsWith('\n') ? eol : eol + eol;
}
