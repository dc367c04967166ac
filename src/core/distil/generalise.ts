import { redactSecrets } from '../secrets/redact';
import { plural, errorMessage } from '../util/text';

/**
 * The optional language-model step: rewording a deterministic draft's description and lessons
 * into transferable prose. The model only ever sees redacted text, its answer is validated field
 * by field, and any failure leaves the deterministic draft in place.
 */

/** A language model as the distiller needs it; the extension wraps `vscode.lm`, tests a fake. */
export interface LanguageModel {
	/** Recorded in proposal.json: "copilot/gpt-4o". */
	readonly name: string;
	complete(prompt: string, signal?: AbortSignal): Promise<string>;
}

export interface GeneralisationInput {
	/** The skill's description, for a new skill; updates keep the target's own. */
	description?: string;
	/** The lesson bullets, without the leading `- `. */
	lessons: string[];
}

export type GeneralisationResult = { ok: true; value: GeneralisationInput } | { ok: false; reason: string };

export function generalisationPrompt(input: GeneralisationInput): string {
	return [
		'You edit skills for coding agents. A skill is read by an agent before it works, so every sentence must be an instruction that transfers to the next task.',
		'Below are lessons distilled from one agent session. Rewrite each one as the general principle behind the specific fix:',
		'what is the rule, symptom or working pattern that applies beyond this one session? Keep commands, file paths and error messages in backticks exactly as given;',
		'do not invent facts, steps or commands; keep each lesson to one or two sentences; keep Markdown emphasis such as **Symptom:**.',
		input.description !== undefined
			? 'Also rewrite the description: third person, starting with "Use when", saying when an agent should load the skill, at most 300 characters.'
			: 'There is no description to rewrite.',
		'Answer with JSON only, no prose around it, in exactly this shape:',
		input.description !== undefined ? '{"description": "...", "lessons": ["...", "..."]}' : '{"lessons": ["...", "..."]}',
		`with exactly ${plural(input.lessons.length, 'lesson')}, in the same order.`,
		'',
		JSON.stringify(input, null, 2),
	].join('\n');
}

const hiddenCharacters = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

function checkText(label: string, value: unknown, min: number, max: number): string {
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
export function parseGeneralisation(answer: string, input: GeneralisationInput): GeneralisationInput {
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
	const value = parsed as Partial<GeneralisationInput> | null;
	if (typeof value !== 'object' || value === null || !Array.isArray(value.lessons)) {
		throw new Error('the answer has no "lessons" list');
	}
	if (value.lessons.length !== input.lessons.length) {
		throw new Error(`the answer has ${value.lessons.length} lessons instead of ${input.lessons.length}`);
	}
	const lessons = value.lessons.map((lesson, index) => checkText(`lesson ${index + 1}`, lesson, 10, 600));
	if (input.description === undefined) {
		return { lessons };
	}
	const description = checkText('the description', value.description, 20, 1024);
	if (!/^use when\b/i.test(description)) {
		throw new Error('the description does not start with "Use when"');
	}
	return { description, lessons };
}

/** Asks the model; any error, refusal or invalid answer comes back as a reason, never as a throw. */
export async function generalise(model: LanguageModel, input: GeneralisationInput, signal?: AbortSignal): Promise<GeneralisationResult> {
	let answer: string;
	try {
		answer = await model.complete(generalisationPrompt(input), signal);
	} catch (error) {
		return { ok: false, reason: `${model.name} did not answer: ${errorMessage(error)}` };
	}
	try {
		return { ok: true, value: parseGeneralisation(answer, input) };
	} catch (error) {
		return { ok: false, reason: `${model.name}'s answer was not used: ${errorMessage(error)}` };
	}
}
