import * as fs from 'node:fs';
import * as path from 'node:path';
import { failureAlternatives } from './alternatives';
import { labelKinds, type LabelKind, type LabelledEvent, type NotEvent } from './score';

/** One labels file (test/eval/labels/README.md has the schema). */
export interface SessionLabels {
	transcript: string;
	agent: string;
	summary: string;
	events: LabelledEvent[];
	notEvents: NotEvent[];
	lessons: { section: string; text: string; evidence: number[]; placement: string }[];
	expectProposal: boolean;
	notes: string;
}

/** A labelled session ready to run: its labels and where its transcript is. */
export interface LabelSet {
	/** The labels file's name without `.json`: what `--session` selects. */
	name: string;
	labelFile: string;
	labels: SessionLabels;
	transcript: string;
	/** A hand-written fixture of this repository rather than a real session. */
	fixture: boolean;
}

class LabelError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLine(value: unknown): value is number {
	return Number.isInteger(value) && (value as number) >= 1;
}

function optionalLines(value: unknown): boolean {
	return value === undefined || (Array.isArray(value) && value.every(isLine));
}

function eventOf(raw: unknown, where: string): LabelledEvent {
	if (!isRecord(raw) || !labelKinds.includes(raw.kind as LabelKind) || !isLine(raw.line) || typeof raw.quote !== 'string'
		|| typeof raw.lesson !== 'boolean' || !optionalLines(raw.repeats) || (raw.endLine !== undefined && !isLine(raw.endLine))
		|| (raw.request !== undefined && !Number.isInteger(raw.request)) || (raw.file !== undefined && typeof raw.file !== 'string')) {
		throw new LabelError(`${where}: an event needs kind (${labelKinds.join(', ')}), line, quote and lesson; endLine, request, file and repeats are optional`);
	}
	return raw as unknown as LabelledEvent;
}

function notEventOf(raw: unknown, where: string): NotEvent {
	if (!isRecord(raw) || !isLine(raw.line) || typeof raw.quote !== 'string' || (raw.file !== undefined && typeof raw.file !== 'string')) {
		throw new LabelError(`${where}: a notEvent needs line and quote`);
	}
	return raw as unknown as NotEvent;
}

/** Reads and checks one labels file; a file that breaks the schema stops the run with its name. */
export function readLabels(file: string): SessionLabels {
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		throw new LabelError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!isRecord(raw) || typeof raw.transcript !== 'string' || !Array.isArray(raw.events) || !Array.isArray(raw.notEvents)
		|| typeof raw.expectProposal !== 'boolean') {
		throw new LabelError(`${file}: a labels file needs transcript, events, notEvents and expectProposal`);
	}
	const alternatives = failureAlternatives[path.basename(raw.transcript)] ?? {};
	return {
		transcript: raw.transcript,
		agent: typeof raw.agent === 'string' ? raw.agent : 'unknown',
		summary: typeof raw.summary === 'string' ? raw.summary : '',
		events: raw.events.map((event, index) => {
			const parsed = eventOf(event, `${file} events[${index}]`);
			const extra = parsed.kind === 'resolved-failure' ? alternatives[parsed.line] : undefined;
			return extra ? { ...parsed, alternatives: [...extra] } : parsed;
		}),
		notEvents: raw.notEvents.map((notEvent, index) => notEventOf(notEvent, `${file} notEvents[${index}]`)),
		lessons: Array.isArray(raw.lessons) ? raw.lessons as SessionLabels['lessons'] : [],
		expectProposal: raw.expectProposal,
		notes: typeof raw.notes === 'string' ? raw.notes : '',
	};
}

function labelFilesIn(folder: string): string[] {
	return fs.existsSync(folder)
		? fs.readdirSync(folder).filter(name => name.endsWith('.json')).sort().map(name => path.join(folder, name))
		: [];
}

/**
 * Every labelled session: the real transcripts' labels (`labels/*.json`, transcripts in
 * `transcriptsDir`) and the fixtures' (`labels/fixtures/*.json`, transcripts named relative to
 * test/fixtures/transcripts).
 */
export function labelSets(labelsDir: string, transcriptsDir: string, fixturesDir: string): LabelSet[] {
	const sets = (folder: string, base: string, fixture: boolean) => labelFilesIn(folder).map(file => {
		const labels = readLabels(file);
		return { name: path.basename(file, '.json'), labelFile: file, labels, transcript: path.join(base, labels.transcript), fixture };
	});
	return [...sets(labelsDir, transcriptsDir, false), ...sets(path.join(labelsDir, 'fixtures'), fixturesDir, true)];
}

export function isLabelError(error: unknown): boolean {
	return error instanceof LabelError;
}
