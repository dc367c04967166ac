import { redactSecrets } from '../secrets/redact';
import type { SessionEvent, ToolCall, ToolResult } from '../sessions/sessionEvents';
import { errorLine, errorSignature } from './errorSignature';
import { backgroundLaunch, backgroundReport, type CiStep, cdCheckFor, cdCheckOf, checkOf, ciStepsOf, failureLine, foldersEntered, outcomeOf, sameCheckRun } from './failures';
import type { Episode, EpisodeFailure, EpisodeStep, Evidence, Moment, Noted, SessionFindings, Trigger } from './lessons';
import { asksThePerson, readMessage, ruleIn } from './personMessages';
import { personWords, quoteOf, sentencesOf } from './quotes';
import { inlineCode, onlyLooks, programOf, shortCommand } from './shellCommands';

/**
 * Reads a session's events once, in order, into moments (what the person said or did to the
 * agent) and episodes (a check failing, what was tried, what made it pass). It keeps only what
 * the lessons need — open episodes, short quotes, counts — so a 100 MB transcript streams
 * through it in constant memory.
 */

const maxPerKind = 25;
const maxStepsKept = 8;
const maxOpenEpisodes = 20;
const maxPersonWords = 3;
const diagnosisPhrase = /\b(?:because|the (?:issue|problem|cause|error|bug|reason) (?:is|was|here is)|caused by|turns out|this means|root cause|due to|it seems|apparently|was renamed|(?:was |has been )?moved (?:to|from)|now lives in|no longer|(?:does not|doesn't|did not|didn't) exist|(?:is|are) (?:missing|not installed|not running|not on (?:the )?path)|isn't (?:installed|running)|expects|requires)\b/i;
const skillFile = /(?:^|[\\/])SKILL\.md$/i;
const insideSkill = /(?:^|[\\/])\.?(?:claude|agents|github|codex|copilot)[\\/]skills[\\/]([^\\/]+)[\\/]/i;
/** Flags that make a command pass by skipping what protects the person: forcing a push, hooks, signing, the system's packages, TLS. */
const bypassFlags = /--force(?!-with-lease)\b|--no-verify\b|--no-gpg-sign\b|--break-system-packages\b|--insecure\b|--skip-[a-z-]+|--disable-[a-z-]+|--ignore-scripts\b|(?<=\s)-f(?=\s|$)/g;

/** Usage errors of commands that otherwise only look (`whoami /priv`): a real failure, not a miss. */
const usageError = /\b(?:extra operand|invalid option|unrecognized option|illegal option|unknown option|usage:)/i;

interface OpenEpisode {
	episode: Episode;
	/** The command of the last failure, to tell an unchanged rerun from a changed one. */
	lastCommand?: string;
}

/** An interrupt or a refusal whose meaning depends on what the person says next. */
interface Waiting {
	kind: 'interrupt' | 'rejection';
	evidence: Evidence;
	/** The call that was running or refused, as a person names it. */
	doing?: string;
	refused?: string;
}

/** Per conversation (the main one and each subagent's) state. */
interface Stream {
	pending: Map<string, ToolCall>;
	lastCall?: ToolCall;
	/** The agent acted since the person's last message. */
	acted: boolean;
	lastSaid?: string;
	open: Map<string, OpenEpisode>;
	waiting?: Waiting;
	/** Corrections waiting for an action of the agent that succeeds. */
	watching: Moment[];
	/** Episodes that just passed: the person's next words may reject the way they passed. */
	tentative: { open: OpenEpisode; passed: Evidence; command?: string }[];
	/** The agent did something else after the last tentative pass: the person's words may be about that instead. */
	movedOn: boolean;
	/** Shell commands started in the background, by id: their check is settled when a report says they ended. */
	background: Map<string, ToolCall>;
}

const normalisedCommand = (command: string | undefined) => command?.replace(/\s+/g, ' ').trim();

function evidenceOf(event: SessionEvent, text: string): Evidence {
	return event.file ? { line: event.line, quote: quoteOf(text), file: event.file } : { line: event.line, quote: quoteOf(text) };
}

/** Whether two texts share a telling word (a name of four letters or more): the person's words are about that command. */
function sharesWords(words: string, command: string): boolean {
	const telling = (text: string) => new Set((text.toLowerCase().match(/[a-z][a-z0-9_.-]{3,}/g) ?? []).flatMap(word => word.split(/[/.]/)).filter(word => word.length >= 4));
	const inCommand = telling(command);
	return [...telling(words)].some(word => inCommand.has(word));
}

/**
 * The open `cd` episodes other than the command's own check that a passing command settles: it
 * enters that folder, or it runs what the failed command meant to run there without the `cd`
 * (the shell was in that folder already). Finding a folder fixes a `cd` at once or not at all: a
 * pass much later is another story.
 */
function cdEpisodesPassed(call: ToolCall, check: string | undefined, command: string | undefined, stream: Stream): [string, OpenEpisode][] {
	if (command === undefined) {
		return [];
	}
	const entered = new Set(foldersEntered(command).map(cdCheckFor));
	return [...stream.open].filter(([key, open]) => {
		const last = open.episode.failures[open.episode.failures.length - 1];
		if (key === check || !key.startsWith('cd ') || last.after.length > 6) {
			return false;
		}
		return entered.has(key) || (check !== undefined && entered.size === 0 && last.command !== undefined && !onlyLooks(last.command) && checkOf({ ...call, command: last.command }) === check);
	});
}

/** Whether a result's output names the same error as a failure of the open episode of its check. */
function repeatsOpenFailure(stream: Stream, check: string | undefined, result: ToolResult): boolean {
	const open = check === undefined ? undefined : stream.open.get(check);
	if (open === undefined) {
		return false;
	}
	const line = errorLine(result.output ?? '');
	return line !== '' && open.episode.failures.some(failure => failure.signature === errorSignature(line));
}

export class SessionAnalyzer {
	private readonly triggers: Trigger[] = [];
	private readonly episodes: Episode[] = [];
	private readonly moments: Moment[] = [];
	private readonly noted: Noted[] = [];
	private readonly streams = new Map<string, Stream>();
	private readonly skillsUsed = new Set<string>();
	private readonly skillsWritten = new Set<string>();
	/** Commands the person refused, and words their rules forbid: neither is ever a fix. */
	private readonly refusedCommands = new Set<string>();
	private readonly ruleWords: string[] = [];
	private firstPrompt?: string;
	private previousMessage?: string;
	private readonly counts = { events: 0, userMessages: 0, toolCalls: 0, errors: 0 };

	/** `displayPath` turns a path from the transcript into the one a skill should name (relative to the project). */
	constructor(private readonly displayPath: (file: string) => string = file => file) {}

	push(event: SessionEvent): void {
		this.counts.events++;
		const stream = this.streamOf(event.sidechain);
		switch (event.kind) {
			case 'user':
				if (!event.injected && event.sidechain === undefined) {
					this.onPersonMessage(event, event.text, stream);
				}
				break;
			case 'assistant':
				this.onAgentText(event, event.text, stream);
				break;
			case 'tool-call':
				this.onToolCall(event, event.tool, stream);
				break;
			case 'tool-result':
				this.onToolResult(event, event.result, stream);
				break;
			case 'rejection':
				this.onRejection(event, stream);
				break;
			case 'interrupt':
				// The marker that follows a refusal is part of that one act.
				if (stream.waiting?.kind !== 'rejection') {
					this.settleWaiting(stream, 'the person interrupted again');
					stream.waiting = { kind: 'interrupt', evidence: evidenceOf(event, '[Request interrupted by user]'), doing: this.describeCall(stream.lastCall) };
				}
				break;
			case 'downvote':
				this.addMoment({ kind: 'user-correction', evidence: [evidenceOf(event, event.reason ? `[marked unhelpful] ${event.reason}` : '[marked unhelpful]')], words: event.reason ? redactSecrets(event.reason) : undefined }, 'The person marked an answer as unhelpful');
				break;
			case 'compaction':
				break;
		}
	}

	finish(): SessionFindings {
		for (const stream of this.streams.values()) {
			this.confirmResolutions(stream);
			this.settleWaiting(stream, 'nothing the person said followed it');
			for (const open of stream.open.values()) {
				this.noteUnresolved(open.episode);
			}
			stream.open.clear();
		}
		const first = (evidence: Evidence | undefined) => [evidence?.file ?? '', evidence?.line ?? 0] as const;
		const byLine = (a: Evidence | undefined, b: Evidence | undefined) => first(a)[0].localeCompare(first(b)[0]) || first(a)[1] - first(b)[1];
		this.triggers.sort((a, b) => byLine(a.evidence[0], b.evidence[0]));
		this.episodes.sort((a, b) => byLine(a.failures[0]?.symptom, b.failures[0]?.symptom));
		this.moments.sort((a, b) => byLine(a.evidence[0], b.evidence[0]));
		this.noted.sort((a, b) => byLine(a.evidence[0], b.evidence[0]));
		return {
			triggers: this.triggers,
			episodes: this.episodes,
			moments: this.moments,
			noted: this.noted,
			firstPrompt: this.firstPrompt,
			skillsUsed: [...this.skillsUsed],
			skillsWritten: [...this.skillsWritten],
			counts: this.counts,
		};
	}

	/** A call as a person names it: its command, the files it touched, or the tool. */
	private describeCall(call: ToolCall | undefined): string | undefined {
		if (!call) {
			return undefined;
		}
		if (call.command) {
			return inlineCode(shortCommand(redactSecrets(call.command), 72));
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
			stream = { pending: new Map(), acted: false, open: new Map(), watching: [], tentative: [], movedOn: false, background: new Map() };
			this.streams.set(key, stream);
		}
		return stream;
	}

	private addTrigger(trigger: Trigger): void {
		if (this.triggers.filter(other => other.kind === trigger.kind).length < maxPerKind) {
			this.triggers.push(trigger);
		}
	}

	private addMoment(moment: Moment, summary: string): void {
		this.moments.push(moment);
		this.addTrigger({ kind: moment.kind, summary, evidence: moment.evidence });
		if (moment.rule) {
			this.ruleWords.push(moment.rule.toLowerCase());
		}
	}

	private onPersonMessage(event: SessionEvent, text: string, stream: Stream): void {
		this.counts.userMessages++;
		const redacted = redactSecrets(text);
		this.firstPrompt ??= redacted.slice(0, 2000);
		const waiting = stream.waiting;
		stream.waiting = undefined;
		const reading = readMessage(text, {
			agentActed: stream.acted, agentAsked: asksThePerson(stream.lastSaid ?? ''), after: waiting?.kind, previous: this.previousMessage, agentSaid: stream.lastSaid,
		});
		const evidence = evidenceOf(event, text);
		// The person stopped the agent because they did it themselves ("never mind, I pushed"): the interrupt stands.
		const speaks = reading.role === 'correction' || reading.role === 'rule' || (waiting?.kind === 'interrupt' && (reading.role === 'status' || reading.role === 'task'));
		if (waiting) {
			if (speaks) {
				this.addWaiting(waiting);
			} else {
				this.noted.push({
					summary: waiting.kind === 'interrupt' ? `The person interrupted the agent${waiting.doing ? ` while it ran ${waiting.doing}` : ''}` : `The person refused ${waiting.refused ?? 'a tool call'}`,
					why: `what followed was ${describeRole(reading.role)}, not a redirect`,
					evidence: [waiting.evidence],
				});
			}
		}
		const words = personWords(redacted);
		const rule = reading.rule === undefined ? undefined : redactSecrets(reading.rule);
		// What the agent had done, when it says something: a command or an edit, not its to-do list.
		const lastAct = stream.lastCall && ['shell', 'edit'].includes(stream.lastCall.category) ? stream.lastCall : undefined;
		const about = waiting?.kind === 'rejection' ? `refused ${waiting.doing ?? 'a tool call'}` : this.describeCall(lastAct);
		if (reading.role === 'correction') {
			// A correction right after a check was made to pass, about the way it passed, rejects that way.
			const rejects = stream.tentative.length > 0 && !stream.movedOn && waiting === undefined && stream.tentative.some(({ command }) => sharesWords(text, command ?? ''));
			const moment: Moment = { kind: 'user-correction', evidence: [evidence], words, rule, about, inEpisode: rejects || undefined };
			if (rejects) {
				this.reopenResolutions(stream, words, evidence);
			}
			this.addMoment(moment, `The person corrected the agent: "${quoteOf(words)}"`);
			stream.watching.push(moment);
		} else if (reading.role === 'rule') {
			this.addMoment({ kind: 'user-rule', evidence: [evidence], words, rule, about }, `The person stated a rule: "${quoteOf(rule ?? words)}"`);
		} else if (reading.role === 'answer' && /^\s*no\b/i.test(text)) {
			this.noted.push({ summary: `"${quoteOf(words)}"`, why: 'an answer to the agent\'s question, not a correction', evidence: [evidence] });
		}
		this.confirmResolutions(stream);
		for (const open of stream.open.values()) {
			if (open.episode.personWords.length < maxPersonWords) {
				open.episode.personWords.push(evidence);
			}
		}
		stream.acted = false;
		this.previousMessage = text;
	}

	/** An interrupt or refusal the person followed with a redirect: an event of its own. */
	private addWaiting(waiting: Waiting): void {
		if (waiting.kind === 'interrupt') {
			this.addTrigger({ kind: 'interrupt', summary: `The person interrupted the agent${waiting.doing ? ` while it ran ${waiting.doing}` : ''} and redirected it`, evidence: [waiting.evidence] });
			return;
		}
		if (waiting.refused) {
			this.refusedCommands.add(waiting.refused);
		}
		// The person's words after a silent refusal are a correction of their own; the refusal holds no words.
		this.moments.push({ kind: 'rejection', evidence: [waiting.evidence], refused: waiting.refused, about: waiting.doing });
		this.addTrigger({ kind: 'rejection', summary: `The person refused ${waiting.doing ?? 'a tool call'} and said what to do instead`, evidence: [waiting.evidence] });
	}

	/** A waiting interrupt or refusal that nothing the person said explained. */
	private settleWaiting(stream: Stream, why: string): void {
		const waiting = stream.waiting;
		if (!waiting) {
			return;
		}
		stream.waiting = undefined;
		this.noted.push({
			summary: waiting.kind === 'interrupt' ? `The person interrupted the agent${waiting.doing ? ` while it ran ${waiting.doing}` : ''}` : `The person refused ${waiting.doing ?? 'a tool call'} without a reason`,
			why,
			evidence: [waiting.evidence],
		});
	}

	private onAgentText(event: SessionEvent, text: string, stream: Stream): void {
		stream.acted = true;
		if (event.sidechain === undefined) {
			stream.lastSaid = text;
		}
		if (stream.open.size === 0) {
			return;
		}
		// One diagnosis for every episode still open: the text is read once, not once per episode.
		const diagnosis = sentencesOf(text.slice(0, 4000).replace(/\*\*|__|`/g, '')).find(sentence => diagnosisPhrase.test(sentence) && sentence.length >= 30 && !/[:：]$/.test(sentence) && !/^#|^[-*]\s*$/.test(sentence));
		if (diagnosis) {
			const evidence = evidenceOf(event, diagnosis);
			for (const open of stream.open.values()) {
				open.episode.diagnosis = evidence;
			}
		}
	}

	private onToolCall(event: SessionEvent, tool: ToolCall, stream: Stream): void {
		this.counts.toolCalls++;
		stream.acted = true;
		stream.lastCall = tool;
		stream.pending.set(tool.id ?? `#${event.file ?? ''}:${event.line}`, tool);
		stream.movedOn = true;
		if (tool.category === 'skill' && tool.skill) {
			this.skillsUsed.add(tool.skill);
		}
		for (const file of tool.paths ?? []) {
			if (tool.category === 'read' && (skillFile.test(file) || insideSkill.test(file))) {
				this.skillsUsed.add(skillFile.test(file) ? file : file.replace(/[^\\/]+$/, 'SKILL.md'));
			}
			if (tool.category !== 'edit') {
				continue;
			}
			const shown = this.displayPath(file);
			this.recordStep(stream, { kind: 'edit', text: shown, evidence: evidenceOf(event, `${tool.name} ${shown}`) });
			const skill = skillFile.test(file) ? file : insideSkill.test(file) ? file.slice(0, (insideSkill.exec(file)?.index ?? 0) + (insideSkill.exec(file)?.[0].length ?? 0)) + 'SKILL.md' : undefined;
			if (skill && !this.skillsWritten.has(skill)) {
				this.skillsWritten.add(skill);
				this.addTrigger({ kind: 'skill-written', summary: `The session wrote the skill ${this.displayPath(skill)}`, evidence: [evidenceOf(event, `${tool.name} ${shown}`)] });
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

	/** Adds what the agent did to every open episode, as what came after its latest failure. */
	private recordStep(stream: Stream, step: EpisodeStep, except?: string): void {
		for (const [check, open] of stream.open) {
			if (check === except) {
				continue;
			}
			const after = open.episode.failures[open.episode.failures.length - 1].after;
			after.push(step);
			if (after.length > maxStepsKept) {
				after.shift();
			}
		}
	}

	private onToolResult(event: SessionEvent, recorded: ToolResult, stream: Stream): void {
		const taken = this.takeCall(stream, recorded.id);
		// A call ran after an interrupt or a refusal before the person said anything (the rest of a refused batch did not): nothing to learn from it.
		if (recorded.noise === undefined) {
			this.settleWaiting(stream, 'the agent went on and the person said nothing about it');
		}
		const run = this.backgroundRun(taken, recorded, stream);
		if (run === undefined) {
			return;
		}
		const { call, result } = run;
		let outcome = outcomeOf(call, result);
		const command = call?.command === undefined ? undefined : redactSecrets(call.command.trim());
		if (outcome === 'ignored' && call?.command !== undefined && onlyLooks(call.command) && (usageError.test(result.output ?? '') || cdCheckOf(failureLine(result)) !== undefined) && result.noise === undefined && (result.isError || (result.exitCode ?? 0) !== 0)) {
			outcome = 'failed';
		}
		// Output that repeats the open failure's error is that failure again, whatever the exit code says (`… 2>nul | head`).
		if (outcome === 'passed' && call && repeatsOpenFailure(stream, checkOf(call), result)) {
			outcome = 'failed';
		}
		if (outcome === 'failed' && call) {
			this.counts.errors++;
			this.onFailure(event, call, result, command, stream);
			return;
		}
		if (outcome !== 'passed' || !call) {
			return;
		}
		const check = checkOf(call);
		const open = check === undefined ? undefined : stream.open.get(check);
		// Another command of the same program is a step, not a run of the check that failed.
		const closes = open !== undefined && open.episode.failures.some(failure => sameCheckRun(failure.command, command));
		// The command is a step of the other open episodes, recorded before its output opens any new one.
		if (command !== undefined && !onlyLooks(command)) {
			this.recordStep(stream, { kind: 'command', text: command, evidence: evidenceOf(event, command) }, closes ? check : undefined);
		}
		this.onCiSteps(event, ciStepsOf(call.command, result.output ?? ''), command, stream);
		for (const [entered, waiting] of cdEpisodesPassed(call, check, command, stream)) {
			stream.open.delete(entered);
			this.onPass(event, waiting, command, stream);
		}
		if (open && closes && check !== undefined) {
			stream.open.delete(check);
			this.onPass(event, open, command, stream);
		}
		if (command === undefined ? call.category === 'edit' : !onlyLooks(command)) {
			for (const moment of stream.watching) {
				moment.actedOn = evidenceOf(event, command ?? this.describeCall(call) ?? call.name);
			}
			stream.watching = [];
		}
	}

	/**
	 * The call and result a tool result stands for: a command started in the background has no
	 * outcome until a report says it ended, and then the report is its result. Undefined while
	 * there is nothing to settle.
	 */
	private backgroundRun(call: ToolCall | undefined, result: ToolResult, stream: Stream): { call?: ToolCall; result: ToolResult } | undefined {
		const launched = call?.category === 'shell' && call.polls === undefined ? backgroundLaunch(result.output ?? '') : undefined;
		if (launched !== undefined && call) {
			stream.background.set(launched, call);
			if (stream.background.size > maxOpenEpisodes) {
				stream.background.delete(stream.background.keys().next().value as string);
			}
			return undefined;
		}
		const report = backgroundReport(result.output ?? '', call?.polls);
		if (report === undefined) {
			return { call, result };
		}
		const started = stream.background.get(report.id);
		if (!started || !report.ended) {
			return undefined;
		}
		stream.background.delete(report.id);
		const exitCode = report.exitCode ?? (result.isError ? 1 : 0);
		return { call: started, result: { ...result, isError: exitCode !== 0, exitCode, output: report.output } };
	}

	/** CI steps a `gh run` output reported: each failed step is a failure of its own check, each passed one may close an episode. */
	private onCiSteps(event: SessionEvent, steps: readonly CiStep[], command: string | undefined, stream: Stream): void {
		for (const step of steps) {
			const open = stream.open.get(step.check);
			if (step.failed) {
				// A summary read from a file reports failures the `--log-failed` run already gave; only a named step with no open episode is new.
				if (open && !step.symptom) {
					continue;
				}
				this.counts.errors++;
				this.openFailure(stream, step.check, { symptom: evidenceOf(event, step.symptom || `${step.check} failed`), signature: errorSignature(step.symptom ?? step.check), command, after: [] });
			} else if (open) {
				stream.open.delete(step.check);
				this.onPass(event, open, undefined, stream);
			}
		}
	}

	/** Adds a failure to its check's open episode, or opens one. */
	private openFailure(stream: Stream, check: string, failure: EpisodeFailure): void {
		const open = stream.open.get(check);
		const last = open?.episode.failures[open.episode.failures.length - 1];
		// A step's log, read right after the summary that only said it failed, is that same failure.
		if (open && last && last.symptom.quote === `${check} failed` && last.after.every(step => step.kind === 'command' && /^gh run\b/.test(programOf(step.text)))) {
			open.episode.failures[open.episode.failures.length - 1] = failure;
			return;
		}
		if (open) {
			open.episode.failures.push(failure);
			open.lastCommand = failure.command;
			return;
		}
		stream.open.set(check, { episode: { check, failures: [failure], personWords: [] }, lastCommand: failure.command });
		if (stream.open.size > maxOpenEpisodes) {
			const [oldest, stale] = stream.open.entries().next().value as [string, OpenEpisode];
			stream.open.delete(oldest);
			this.noteUnresolved(stale.episode);
		}
	}

	private onFailure(event: SessionEvent, call: ToolCall, result: ToolResult, command: string | undefined, stream: Stream): void {
		const line = failureLine(result);
		// A command that failed because its folder was not there never ran: entering that folder is the check.
		const check = (command !== undefined ? cdCheckOf(line) : undefined) ?? checkOf(call) ?? (command === undefined ? call.name : programOf(command));
		const failure: EpisodeFailure = { symptom: evidenceOf(event, line), signature: errorSignature(line), command, after: [] };
		this.openFailure(stream, check, failure);
		if (command !== undefined) {
			this.recordStep(stream, { kind: 'command', text: command, error: line, evidence: failure.symptom }, check);
		}
	}

	/** Why a passing run does not verify a fix, if it does not: an unchanged rerun, a refused command, a forbidden flag. */
	private notAFix(open: OpenEpisode, command: string | undefined): string | undefined {
		const last = open.episode.failures[open.episode.failures.length - 1];
		if (last.after.length === 0 && (command === undefined || normalisedCommand(command) === normalisedCommand(open.lastCommand))) {
			return 'it passed when run again unchanged: nothing was fixed';
		}
		if (command !== undefined && [...this.refusedCommands].some(refused => normalisedCommand(refused) === normalisedCommand(command))) {
			return 'it passed only with a command the person refused';
		}
		const skipped = /--(?:no|skip|disable)-([a-z][a-z-]*)/.exec(command ?? '')?.[1];
		if (skipped && this.ruleWords.some(rule => rule.includes(skipped.split('-')[0]))) {
			return `it passed only with \`--no-${skipped}\`, which the person's rule forbids`;
		}
		return undefined;
	}

	private onPass(event: SessionEvent, open: OpenEpisode, command: string | undefined, stream: Stream): void {
		const { episode } = open;
		const why = this.notAFix(open, command);
		const first = episode.failures[0];
		const passed = evidenceOf(event, command ?? episode.check);
		if (why) {
			this.noted.push({ summary: `${inlineCode(episode.check)} failed with "${first.symptom.quote}"`, why, evidence: [first.symptom, passed] });
			return;
		}
		// Forcing past a safeguard makes the check pass without fixing anything: the episode ends, and the writer says so.
		const before = new Set((open.lastCommand ?? '').split(/\s+/));
		episode.forcedWith = (command ?? '').match(bypassFlags)?.find(flag => !before.has(flag));
		if (event.sidechain !== undefined) {
			this.resolve(open, passed, command);
		} else {
			stream.tentative.push({ open, passed, command });
			stream.movedOn = false;
		}
	}

	/** The way past a failure stands: the person went on without rejecting it. */
	private confirmResolutions(stream: Stream): void {
		for (const { open, passed, command } of stream.tentative) {
			this.resolve(open, passed, command);
		}
		stream.tentative = [];
	}

	/** The person rejected the way a check was just made to pass: the episode goes on until the check passes another way. */
	private reopenResolutions(stream: Stream, words: string, evidence: Evidence): void {
		for (const { open, passed, command } of stream.tentative) {
			const last = open.episode.failures[open.episode.failures.length - 1];
			const step: EpisodeStep = command !== undefined && normalisedCommand(command) !== normalisedCommand(open.lastCommand)
				? { kind: 'command', text: command, evidence: passed }
				: last.after[last.after.length - 1] ?? { kind: 'command', text: command ?? open.episode.check, evidence: passed };
			open.episode.rejected = { step, words, evidence };
			last.after = [];
			open.lastCommand = command;
			stream.open.set(open.episode.check, open);
		}
		stream.tentative = [];
	}

	private resolve(open: OpenEpisode, passed: Evidence, command: string | undefined): void {
		const { episode } = open;
		const last = episode.failures[episode.failures.length - 1];
		episode.resolution = { steps: last.after, passed, command };
		this.episodes.push(episode);
		const causes = new Set(episode.failures.map(failure => failure.signature)).size;
		this.addTrigger({
			kind: 'resolved-failure',
			summary: `${inlineCode(episode.check)} failed${causes > 1 ? ` with ${causes} different errors` : ''} ("${episode.failures[0].symptom.quote}") and later passed`,
			evidence: [episode.failures[0].symptom, passed],
		});
	}

	private noteUnresolved(episode: Episode): void {
		const first = episode.failures[0];
		this.noted.push({
			summary: `${inlineCode(episode.check)} failed with "${first.symptom.quote}"${episode.failures.length > 1 ? ` (${episode.failures.length} times)` : ''}`,
			why: 'no later run of the same check passed, so nothing verifies a fix',
			evidence: [first.symptom],
		});
		this.episodes.push(episode);
	}

	private onRejection(event: SessionEvent & { kind: 'rejection' }, stream: Stream): void {
		const call = event.toolId !== undefined ? stream.pending.get(event.toolId) : stream.lastCall;
		if (event.toolId !== undefined) {
			stream.pending.delete(event.toolId);
		}
		const doing = this.describeCall(call);
		const refused = call?.command === undefined ? undefined : redactSecrets(call.command);
		const feedback = event.feedback?.trim();
		const evidence = evidenceOf(event, feedback ? `[refused ${doing ?? 'a tool call'}] ${feedback}` : `[refused ${doing ?? 'a tool call'}]`);
		if (stream.waiting?.kind === 'rejection' && !feedback) {
			// The rest of a batch the person refused at once: one act.
			return;
		}
		this.settleWaiting(stream, 'the person refused another call instead of saying anything');
		if (feedback && /\p{L}{2,}/u.test(feedback)) {
			if (refused) {
				this.refusedCommands.add(refused);
			}
			const words = personWords(redactSecrets(feedback));
			const rule = ruleIn(words);
			this.moments.push({ kind: 'rejection', evidence: [evidence], refused, about: doing, words, rule });
			this.addTrigger({ kind: 'rejection', summary: `The person refused ${doing ?? 'a tool call'}: "${quoteOf(words)}"`, evidence: [evidence] });
			if (rule) {
				this.ruleWords.push(rule.toLowerCase());
			}
			return;
		}
		stream.waiting = { kind: 'rejection', evidence, doing, refused };
	}
}

function describeRole(role: string): string {
	const names: Record<string, string> = {
		continue: 'an instruction to go on', status: 'a status report', answer: 'an answer to a question', question: 'a question',
		repeat: 'the same request again', paste: 'pasted output', task: 'a new request',
	};
	return names[role] ?? role;
}
