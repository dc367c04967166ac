import { nameProblem } from '../rules/frontmatterRules';
import { redactSecrets } from '../secrets/redact';
import { errorMessage } from '../util/text';
import type { Evidence, Lesson, LessonSection } from './lessons';
import { lessonSections } from './lessons';

/**
 * Writing the lessons with a language model, when one is available: the prompt holds the
 * condensed session (never the raw transcript), the target skill for an update, the format and
 * the instructions to generalise and claim nothing the evidence does not show. The answer is JSON
 * checked field by field — a name, a description, lessons each resting on lines the condensed
 * session cites — and any failure leaves the deterministic draft in place.
 */

/** A language model as the distiller needs it: the extension wraps `vscode.lm`, the CLI a command, tests a script. */
export interface LanguageModel {
	/** Recorded in proposal.json: "copilot/gpt-4o", "command: claude -p". */
	readonly name: string;
	complete(prompt: string, signal?: AbortSignal): Promise<string>;
}

export interface ModelRequest {
	action: 'create' | 'update';
	/** The condensed session (see `condensedSession`). */
	session: string;
	/** For an update: the skill's name and its SKILL.md as it is now. */
	target?: { name: string; text: string };
	/** The transcript lines a lesson may cite, with the evidence to attach to the model's lessons. */
	evidence: ReadonlyMap<number, Evidence>;
}

export interface ModelDraft {
	name?: string;
	description?: string;
	lessons: Lesson[];
}

export type ModelResult = { ok: true; value: ModelDraft } | { ok: false; reason: string };

/** The instructions, shared with the brief an agent is handed. */
export const writingInstructions = [
	'A skill is a folder with a SKILL.md: YAML frontmatter with `name` (lower case letters, digits and single hyphens, at most 64 characters, naming the program and the concept, e.g. `jest-path-aliases`) and `description` (what the skill does, then "Use when <situation or symptom>", at most 300 characters, no Markdown emphasis, no command lines), then a Markdown body an agent reads before it works.',
	'Write only what the evidence shows. A lesson is a verified fix (a check failed, then the same check passed), a rule the person stated, or a correction the agent acted on. Never present a step the person rejected as the fix: it becomes "Don\'t: …" with their reason.',
	'Generalise: no ticket ids, branch names, hashes, run ids or personal paths (paths relative to the project; placeholders such as <branch> in commands); no one-off commands such as heredocs. Keep each lesson to a few lines. Quote the person\'s words when you state their rule, and attribute the agent\'s diagnosis to the agent.',
	`File each lesson under one section: ${lessonSections.join(', ')}.`,
].join('\n');

export function modelPrompt(request: ModelRequest): string {
	const shape = request.action === 'create'
		? '{"name": "...", "description": "...", "lessons": [{"section": "Failure Modes", "text": "...", "evidence": [12, 40]}]}'
		: '{"lessons": [{"section": "Failure Modes", "text": "...", "evidence": [12, 40]}]}';
	return [
		'You write skills for coding agents, from what happened in one agent session.',
		writingInstructions,
		request.action === 'update' && request.target
			? `The lessons go into the existing skill \`${request.target.name}\`; write only the lessons to add (not the whole skill), and nothing it already says. Its SKILL.md now:\n\n\`\`\`markdown\n${request.target.text}\n\`\`\``
			: 'The lessons become a new skill: give its name and description too.',
		'Each lesson cites the transcript lines it rests on ([line N] below); cite only those lines. Leave out anything the session does not support; an empty list of lessons is a valid answer.',
		`Answer with JSON only, no prose around it, in this shape: ${shape}`,
		'',
		'# The session, condensed',
		'',
		request.session,
	].join('\n');
}

const hiddenCharacters = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

function checkedText(label: string, value: unknown, min: number, max: number): string {
	if (typeof value !== 'string') {
		throw new Error(`${label} is not a string`);
	}
	const text = value.replace(/\s+/g, ' ').trim();
	if (text.length < min || text.length > max) {
		throw new Error(`${label} is ${text.length} characters long (allowed: ${min}–${max})`);
	}
	if (hiddenCharacters.test(text)) {
		throw new Error(`${label} contains invisible Unicode characters`);
	}
	if (redactSecrets(text) !== text) {
		throw new Error(`${label} contains something that looks like a credential`);
	}
	if (/^#|```|<script|<\/?[a-z][^>]*>/i.test(text)) {
		throw new Error(`${label} contains a heading, a code block or HTML`);
	}
	return text;
}

/** Reads the model's answer, or throws saying why it cannot be used. */
export function parseModelAnswer(answer: string, request: ModelRequest): ModelDraft {
	const start = answer.indexOf('{');
	const end = answer.lastIndexOf('}');
	if (start === -1 || end < start) {
		throw new Error('the answer holds no JSON object');
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer.slice(start, end + 1));
	} catch (error) {
		throw new Error(`the answer is not valid JSON (${errorMessage(error)})`);
	}
	const value = parsed as { name?: unknown; description?: unknown; lessons?: unknown } | null;
	if (typeof value !== 'object' || value === null || !Array.isArray(value.lessons)) {
		throw new Error('the answer has no "lessons" list');
	}
	if (value.lessons.length > 12) {
		throw new Error(`the answer has ${value.lessons.length} lessons; at most 12 are kept from one session`);
	}
	const lessons = value.lessons.map((raw: unknown, index): Lesson => {
		const item = raw as { section?: unknown; text?: unknown; evidence?: unknown } | null;
		const label = `lesson ${index + 1}`;
		if (typeof item !== 'object' || item === null) {
			throw new Error(`${label} is not an object`);
		}
		if (!(lessonSections as readonly unknown[]).includes(item.section)) {
			throw new Error(`${label} has no known section`);
		}
		const text = checkedText(label, item.text, 10, 700);
		const lines = Array.isArray(item.evidence) ? item.evidence : [];
		if (lines.length === 0 || !lines.every(line => typeof line === 'number' && request.evidence.has(line))) {
			throw new Error(`${label} does not rest on lines of the session (${JSON.stringify(item.evidence)})`);
		}
		const evidence = (lines as number[]).map(line => request.evidence.get(line) as Evidence);
		return { key: '', section: item.section as LessonSection, text, trigger: 'resolved-failure', evidence, terms: [] };
	});
	if (request.action === 'update') {
		return { lessons };
	}
	const name = checkedText('the name', value.name, 1, 64);
	const problem = nameProblem(name) ?? (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) ? undefined : 'may only hold lower-case letters, digits and single hyphens');
	if (problem) {
		throw new Error(`the name "${name}" ${problem}`);
	}
	const description = checkedText('the description', value.description, 20, 300);
	if (!/\buse when\b/i.test(description)) {
		throw new Error('the description does not say "Use when"');
	}
	if (/\*\*|__|`/.test(description)) {
		throw new Error('the description holds Markdown emphasis or code');
	}
	return { name, description, lessons };
}

/** Asks the model; any error, refusal or invalid answer comes back as a reason, never as a throw. */
export async function writeWithModel(model: LanguageModel, request: ModelRequest, signal?: AbortSignal): Promise<ModelResult> {
	let answer: string;
	try {
		answer = await model.complete(modelPrompt(request), signal);
	} catch (error) {
		return { ok: false, reason: `${model.name} did not answer: ${errorMessage(error)}` };
	}
	try {
		return { ok: true, value: parseModelAnswer(answer, request) };
	} catch (error) {
		return { ok: false, reason: `${model.name}'s answer was not used: ${errorMessage(error)}` };
	}
}
