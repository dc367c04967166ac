import { redactSecrets } from '../secrets/redact';
import type { SessionEvent, ToolCall } from '../sessions/sessionEvents';
import { isCorrection, ruleOf } from './corrections';
import { errorLine, errorSignature } from './errorSignature';
import type { Evidence, Lesson, SessionFindings, Trigger } from './lessons';
import { inlineCode, onlyLooks, programOf, sameGoal, shortCommand, significantWords } from './shellCommands';

const maxQuote = 200;
const maxPerKind = 10;
const maxEvidence = 5;
/** Failures a conversation keeps watching for a fix; the oldest is settled when more pile up. */
const maxOpenFailures = 20;
const workaroundPhrase = /\b(?:instead|different approach|another approach|alternative(?:ly)?|work ?around|fall ?back|another way|try (?:using|running|with))\b/i;
const diagnosisPhrase = /\b(?:because|the (?:issue|problem|cause|error|bug) (?:is|was)|caused by|turns out|this means|root cause|due to|the reason|it seems|apparently|moved to|was renamed|no longer|(?:does not|doesn't|did not|didn't) exist|(?:is|are) (?:missing|not installed|not running)|isn't (?:installed|running)|expects|requires)\b/i;
const projectFactHint = /(?:^|\s)(?:\.{0,2}\/)?[\w.-]+\/[\w./-]+|\b[\w-]+\.(?:json|ya?ml|toml|ts|js|py|go|rs|md|env|sh|cfg|ini|lock)\b|\bport \d{2,5}\b|:\d{2,5}\b|https?:\/\/|\$[A-Z_]{2,}|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\b(?:this|our|the) (?:repo|repository|project|codebase|monorepo|package|service|app|team|company)\b|\bwe (?:use|run|deploy|don'?t)\b|\bhere\b/i;
const skillFile = /(?:^|[\\/])SKILL\.md$/i;

function workaroundKey(signature: string, fix: string): string {
	return `workaround\n${signature}\n${fix}`;
}

/** A transcript text as evidence: secrets redacted first (so no cut leaves half a token), one line, at most 200 characters. */
export function quoteOf(text: string): string {
	const line = redactSecrets(text).replace(/\s+/g, ' ').trim();
	return line.length > maxQuote ? `${line.slice(0, maxQuote - 1)}…` : line;
}

function evidenceOf(event: SessionEvent, text: string): Evidence {
	return event.file ? { line: event.line, quote: quoteOf(text), file: event.file } : { line: event.line, quote: quoteOf(text) };
}

function sentences(text: string): string[] {
	return text.replace(/```[\s\S]*?```/g, ' ').split(/(?<=[.!?])\s+|\n+/).map(sentence => sentence.trim()).filter(Boolean);
}

/** A failed call that may be followed by a fix, a workaround or a successful retry. */
interface Failure {
	call: ToolCall;
	command?: string;
	error: string;
	signature: string;
	evidence: Evidence;
	/** What the assistant said after the failure (for the diagnosis). */
	said: string[];
	/** Files edited after the failure. */
	edits: Set<string>;
	/** Another command toward the same goal that succeeded afterwards. */
	fix?: { command: string; evidence: Evidence };
	/** The last other command that succeeded afterwards: the step that made a retry pass. */
	step?: { command: string; evidence: Evidence };
	/** Whether the same command later succeeded. */
	retried?: boolean;
}

interface RepeatedError {
	error: string;
	count: number;
	evidence: Evidence[];
	commands: Set<string>;
	/** The first few occurrences and the last, for the diagnosis. */
	failures: Failure[];
	last: Failure;
}

/** Per conversation (the main one and each subagent's) state. */
interface Stream {
	pending: Map<string, ToolCall>;
	lastCall?: ToolCall;
	acted: boolean;
	open: Failure[];
	/** An interrupt or a silent rejection: the person's next message says what to do instead. */
	awaitingRedirect?: Evidence;
}

/**
 * Reads a session's events once, in order, and finds the moments worth a lesson. It keeps only
 * what the lessons need (open failures, counts, short quotes), so a 100 MB transcript streams
 * through it in constant memory.
 */
export class TriggerDetector {
	private readonly triggers: Trigger[] = [];
	private readonly lessons: Lesson[] = [];
	private readonly streams = new Map<string, Stream>();
	private readonly repeated = new Map<string, RepeatedError>();
	private readonly edited = new Map<string, number>();
	private readonly skillsUsed = new Set<string>();
	private readonly skillsWritten = new Set<string>();
	private readonly prompts: string[] = [];
	private readonly errors: string[] = [];
	private readonly failingPrograms = new Map<string, number>();
	private readonly keyed = new Map<string, Trigger>();
	private readonly keyedLessons = new Map<string, Lesson>();
	private firstPrompt?: string;
	private readonly counts = { events: 0, userMessages: 0, toolCalls: 0, errors: 0 };

	/** `displayPath` turns a path from the transcript into the one a skill should name (relative to the project). */
	constructor(private readonly displayPath: (file: string) => string = file => file) {}

	push(event: SessionEvent): void {
		this.counts.events++;
		const stream = this.streamOf(event.sidechain);
		switch (event.kind) {
			case 'user':
				if (!event.injected && event.sidechain === undefined) {
					this.onUserMessage(event, event.text, stream);
				}
				break;
			case 'assistant':
				stream.acted = true;
				for (const failure of stream.open) {
					if (failure.said.length < 20) {
						failure.said.push(event.text.slice(0, 1000));
					}
				}
				break;
			case 'tool-call':
				this.onToolCall(event, stream);
				break;
			case 'tool-result':
				this.onToolResult(event, event.result, stream);
				break;
			case 'rejection':
				this.onRejection(event, stream);
				break;
			case 'interrupt': {
				const doing = this.describeCall(stream.lastCall);
				const evidence = evidenceOf(event, doing ? `[interrupted while the agent ran ${doing}]` : '[interrupted by the user]');
				this.add({ kind: 'interrupt', summary: doing ? `The user interrupted the agent while it ran ${doing}` : 'The user interrupted the agent', evidence: [evidence] });
				stream.awaitingRedirect = evidence;
				break;
			}
			case 'downvote':
				this.onCorrection(event.reason ?? '', stream, evidenceOf(event, event.reason ? `[marked unhelpful] ${event.reason}` : '[marked unhelpful]'));
				break;
			case 'compaction':
				this.closePhase(stream);
				break;
		}
	}

	finish(): SessionFindings {
		for (const stream of this.streams.values()) {
			this.closePhase(stream);
		}
		for (const repeated of this.repeated.values()) {
			if (repeated.count >= 3) {
				this.addRepeatedError(repeated);
			}
		}
		// In the order a person reads the transcript: by the first line each trigger cites.
		const first = (trigger: Trigger) => trigger.evidence[0] ? [trigger.evidence[0].file ?? '', trigger.evidence[0].line] as const : ['', 0] as const;
		this.triggers.sort((a, b) => first(a)[0].localeCompare(first(b)[0]) || first(a)[1] - first(b)[1]);
		return {
			triggers: this.triggers,
			lessons: this.lessons,
			firstPrompt: this.firstPrompt,
			prompts: this.prompts,
			skillsUsed: [...this.skillsUsed],
			skillsWritten: [...this.skillsWritten],
			filesEdited: [...this.edited.entries()].sort((a, b) => b[1] - a[1]).map(([file]) => file),
			errors: this.errors,
			failingPrograms: [...this.failingPrograms.entries()].sort((a, b) => b[1] - a[1]).map(([program]) => program),
			counts: this.counts,
		};
	}

	/** A call as a person names it: its command, the files it touched, or the tool. */
	private describeCall(call: ToolCall | undefined): string | undefined {
		if (!call) {
			return undefined;
		}
		if (call.command) {
			return inlineCode(shortCommand(redactSecrets(call.command)));
		}
		if (call.paths?.length) {
			return `${call.name} on ${call.paths.slice(0, 2).map(file => inlineCode(this.displayPath(file))).join(', ')}`;
		}
		return call.name;
	}

	private streamOf(sidechain: string | undefined): Stream {
		const key = sidechain ?? '';
		let stream = this.streams.get(key);
		if (!stream) {
			stream = { pending: new Map(), acted: false, open: [] };
			this.streams.set(key, stream);
		}
		return stream;
	}

	/**
	 * Records a trigger and its lesson. A trigger with the `key` of an earlier one (the same
	 * workaround found again) only adds its evidence.
	 */
	private add(trigger: Trigger, lesson?: Omit<Lesson, 'trigger'>, key?: string): void {
		const known = key === undefined ? undefined : this.keyed.get(key);
		if (known) {
			for (const evidence of trigger.evidence) {
				if (known.evidence.length < maxEvidence && !known.evidence.some(item => item.line === evidence.line && item.file === evidence.file)) {
					known.evidence.push(evidence);
				}
			}
			known.evidence.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
			return;
		}
		if (this.triggers.filter(other => other.kind === trigger.kind).length >= maxPerKind) {
			return;
		}
		this.triggers.push(trigger);
		if (key !== undefined) {
			this.keyed.set(key, trigger);
		}
		if (lesson && !this.lessons.some(other => other.text === lesson.text)) {
			const added = { ...lesson, trigger: trigger.kind };
			this.lessons.push(added);
			if (key !== undefined) {
				this.keyedLessons.set(key, added);
			}
		}
	}

	private onUserMessage(event: SessionEvent, text: string, stream: Stream): void {
		this.counts.userMessages++;
		const redacted = redactSecrets(text);
		this.firstPrompt ??= redacted.slice(0, 2000);
		if (this.prompts.length < 50) {
			this.prompts.push(redacted.slice(0, 500));
		}
		if (stream.acted && (stream.awaitingRedirect || isCorrection(text))) {
			this.onCorrection(text, stream, evidenceOf(event, text));
		}
		this.closePhase(stream);
	}

	private onCorrection(text: string, stream: Stream, evidence: Evidence): void {
		const rule = ruleOf(redactSecrets(text));
		const corrected = this.describeCall(stream.lastCall);
		const evidenceList = stream.awaitingRedirect ? [stream.awaitingRedirect, evidence] : [evidence];
		stream.awaitingRedirect = undefined;
		const summary = rule ? `The user corrected the agent: "${quoteOf(rule)}"` : 'The user corrected the agent';
		// The last call is named only when the correction is about it (they share a word).
		const about = stream.lastCall?.command !== undefined && [...significantWords(stream.lastCall.command)].some(word => rule.toLowerCase().includes(word));
		this.add({ kind: 'user-correction', summary, evidence: evidenceList }, rule ? {
			section: 'Key Rules',
			text: about ? `${rule} (Corrected after the agent ran ${corrected}.)` : rule,
			projectFact: projectFactHint.test(rule),
		} : undefined);
	}

	private onToolCall(event: SessionEvent & { kind: 'tool-call' }, stream: Stream): void {
		const { tool } = event;
		this.counts.toolCalls++;
		stream.acted = true;
		stream.lastCall = tool;
		if (tool.id !== undefined) {
			stream.pending.set(tool.id, tool);
		} else {
			stream.pending.set(`#${event.line}`, tool);
		}
		if (tool.category === 'skill' && tool.skill) {
			this.skillsUsed.add(tool.skill);
		}
		for (const file of tool.paths ?? []) {
			if (tool.category === 'read' && skillFile.test(file)) {
				this.skillsUsed.add(file);
			}
			if (tool.category !== 'edit') {
				continue;
			}
			const shown = this.displayPath(file);
			this.edited.set(shown, (this.edited.get(shown) ?? 0) + 1);
			for (const failure of stream.open) {
				failure.edits.add(shown);
			}
			if (skillFile.test(file) && !this.skillsWritten.has(file)) {
				this.skillsWritten.add(file);
				this.add({ kind: 'skill-written', summary: `The session wrote the skill ${shown}`, evidence: [evidenceOf(event, `${tool.name} ${shown}`)] });
			}
		}
	}

	/** The call a result answers: by id, or the oldest call still waiting when the agent records no ids. */
	private takeCall(stream: Stream, id: string | undefined): ToolCall | undefined {
		const key = id !== undefined && stream.pending.has(id) ? id : stream.pending.keys().next().value;
		if (key === undefined) {
			return undefined;
		}
		const call = stream.pending.get(key);
		stream.pending.delete(key);
		return call;
	}

	private onToolResult(event: SessionEvent, result: { id?: string; isError: boolean; exitCode?: number; output?: string }, stream: Stream): void {
		const call = this.takeCall(stream, result.id);
		const failed = result.isError || (result.exitCode ?? 0) !== 0;
		const command = call?.command?.trim() || undefined;
		if (!failed) {
			if (command !== undefined && call) {
				this.onSuccess(event, call, command, stream);
			}
			return;
		}
		this.counts.errors++;
		const line = errorLine(result.output ?? '') || (result.exitCode !== undefined ? `exit code ${result.exitCode}` : 'the tool reported an error');
		const redacted = quoteOf(line);
		if (this.errors.length < 50) {
			this.errors.push(redacted);
		}
		const failure: Failure = {
			call: call ?? { name: 'tool', category: 'other' }, command, error: redacted, signature: errorSignature(line),
			evidence: evidenceOf(event, line), said: [], edits: new Set(),
		};
		const known = this.repeated.get(failure.signature);
		if (known) {
			known.count++;
			if (known.evidence.length < maxEvidence - 1) {
				known.evidence.push(failure.evidence);
			}
			if (command) {
				known.commands.add(command);
			}
			if (known.failures.length < maxEvidence) {
				known.failures.push(failure);
			}
			known.last = failure;
		} else {
			this.repeated.set(failure.signature, {
				error: redacted, count: 1, evidence: [failure.evidence], commands: new Set(command ? [command] : []), failures: [failure], last: failure,
			});
		}
		// A failed look (`cat missing.txt`) teaches nothing; other failures wait for what follows them.
		if (call?.category !== 'shell' || (command !== undefined && !onlyLooks(command))) {
			if (command !== undefined) {
				const program = programOf(command);
				this.failingPrograms.set(program, (this.failingPrograms.get(program) ?? 0) + 1);
			}
			stream.open.push(failure);
			if (stream.open.length > maxOpenFailures) {
				this.settle(stream.open.shift() as Failure);
			}
		}
	}

	private onSuccess(event: SessionEvent, call: ToolCall, command: string, stream: Stream): void {
		for (const failure of stream.open) {
			if (failure.command === undefined) {
				continue;
			}
			if (failure.command === command) {
				failure.retried = true;
				// Failed, then another command, then the same one passed: that command was the missing step (unless files were edited meanwhile).
				if (!failure.fix && failure.step && failure.edits.size === 0) {
					failure.fix = failure.step;
				}
			} else if (!onlyLooks(command)) {
				const attempt = { command, evidence: evidenceOf(event, call.command ?? command) };
				failure.step = attempt;
				if (!failure.fix && (sameGoal(failure.command, command) || failure.said.some(text => workaroundPhrase.test(text)))) {
					failure.fix = attempt;
				}
			}
		}
		const settled = stream.open.filter(failure => failure.retried);
		stream.open = stream.open.filter(failure => !failure.retried);
		settled.forEach(failure => this.settle(failure));
	}

	private onRejection(event: SessionEvent & { kind: 'rejection' }, stream: Stream): void {
		const call = event.toolId !== undefined ? stream.pending.get(event.toolId) : stream.lastCall;
		if (event.toolId !== undefined) {
			stream.pending.delete(event.toolId);
		}
		const what = this.describeCall(call) ?? 'a tool call';
		const evidence = evidenceOf(event, event.feedback ? `[rejected ${what}] ${event.feedback}` : `[rejected ${what}]`);
		const rule = event.feedback ? ruleOf(redactSecrets(event.feedback)) : '';
		this.add({ kind: 'rejection', summary: `The user rejected ${what}${rule ? `: "${quoteOf(rule)}"` : ''}`, evidence: [evidence] }, rule
			? { section: 'Key Rules', text: `${rule} (The user refused ${what}.)`, projectFact: projectFactHint.test(rule) }
			: { section: 'Gotchas', text: `Ask before ${what}: the user refused it.` });
		if (!rule) {
			stream.awaitingRedirect = evidence;
		}
	}

	/** Ends a phase (a new message from the person, a compaction): what followed each open failure is all there is. */
	private closePhase(stream: Stream): void {
		stream.open.forEach(failure => this.settle(failure));
		stream.open = [];
		stream.awaitingRedirect = undefined;
	}

	/** A failure that another command got past is a workaround. */
	private settle(failure: Failure): void {
		if (failure.fix && failure.command !== undefined) {
			const failed = inlineCode(shortCommand(redactSecrets(failure.command)));
			const worked = inlineCode(shortCommand(redactSecrets(failure.fix.command)));
			const diagnosis = this.diagnosisOf(failure);
			const text = failure.retried
				? `When ${failed} fails with ${inlineCode(failure.error)}, run ${worked} first, then ${failed} again.${diagnosis ? ` ${diagnosis}` : ''}`
				: `Instead of ${failed} (fails with ${inlineCode(failure.error)}), run ${worked}.${diagnosis ? ` ${diagnosis}` : ''}`;
			this.add({
				kind: 'workaround',
				summary: `${failed} failed ("${failure.error}"); ${worked} worked${failure.retried ? ' before retrying it' : ' instead'}`,
				evidence: [failure.evidence, failure.fix.evidence],
			}, { section: failure.retried ? 'Key Workflows' : 'Gotchas', text }, workaroundKey(failure.signature, failure.fix.command));
		}
	}

	/** The assistant's own explanation of failures, when it gave one (the latest first). */
	private diagnosisOf(...failures: Failure[]): string | undefined {
		for (const text of failures.reverse().flatMap(failure => failure.said)) {
			const sentence = sentences(text).find(candidate => diagnosisPhrase.test(candidate) && candidate.length >= 20);
			if (sentence) {
				return quoteOf(sentence);
			}
		}
		return undefined;
	}

	private addRepeatedError(repeated: RepeatedError): void {
		const { last } = repeated;
		// The failure mode below tells the same fix with its symptom and diagnosis: the workaround's own lesson would repeat it.
		const covered = last.fix ? this.keyedLessons.get(workaroundKey(last.signature, last.fix.command)) : undefined;
		if (covered) {
			this.lessons.splice(this.lessons.indexOf(covered), 1);
		}
		const where = repeated.commands.size > 0
			? ` running ${[...repeated.commands].slice(0, 2).map(command => inlineCode(shortCommand(redactSecrets(command)))).join(', ')}`
			: '';
		const diagnosis = this.diagnosisOf(...repeated.failures, last);
		const edits = [...last.edits].slice(0, 3).map(inlineCode);
		const fix = last.fix
			? `run ${inlineCode(shortCommand(redactSecrets(last.fix.command)))}`
			: edits.length > 0 ? `the change to ${edits.join(', ')}${last.retried ? ', then the same command passed' : ''}` : undefined;
		const parts = [`**Symptom:** ${inlineCode(repeated.error)} (${repeated.count} times${where}).`];
		if (diagnosis) {
			parts.push(`**Diagnosis:** ${diagnosis}`);
		}
		if (fix) {
			parts.push(`**Fix:** ${fix}.`);
		}
		this.add({
			kind: 'repeated-error',
			summary: `The same error came back ${repeated.count} times: "${repeated.error}"`,
			evidence: last.evidence === repeated.evidence.at(-1) ? repeated.evidence : [...repeated.evidence, last.evidence],
		}, { section: 'Failure Modes', text: parts.join(' ') });
	}
}
