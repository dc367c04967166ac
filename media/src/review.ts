import type { ClientMessage, EpisodeRole, EvidenceList, HostMessage, ReviewEpisode, ReviewEvidence, ReviewProposal, ReviewState, ReviewStep, ReviewTrigger } from '../../src/core/review/reviewProtocol';
import { reviewSteps } from '../../src/core/review/reviewProtocol';

/**
 * The review panel's client. It renders what the host sends and posts back what the person
 * chose; it never sees a path it could write to. Every string from a proposal goes into the
 * page as text (`textContent`), except the draft's body, which the host rendered with
 * markdown-it with raw HTML disabled.
 */

interface PersistedState {
	id?: string;
	step: ReviewStep;
}

interface VsCodeApi {
	postMessage(message: ClientMessage): void;
	getState(): PersistedState | undefined;
	setState(state: PersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: ReviewState | undefined;
let step: ReviewStep = vscode.getState()?.step ?? 'evidence';
let rejectReason = '';
let chosenRoot = 0;
/** What the last decision did: shown until the next one or until dismissed, whatever state follows. */
let outcome: { ok: boolean; message: string; undoable: boolean } | undefined;

const stepTitles: Record<ReviewStep, string> = { evidence: 'Evidence', draft: 'Draft', checks: 'Checks', decide: 'Decide' };
const triggerIcons: Record<string, string> = {
	'user-correction': 'comment-discussion', 'rejection': 'circle-slash', 'interrupt': 'debug-pause',
	'repeated-error': 'error', 'workaround': 'lightbulb', 'skill-written': 'new-file',
};
const actionLabels = { create: 'new skill', update: 'update', memory: 'memory' } as const;
const roleLabels: Record<EpisodeRole, string> = {
	symptom: 'Symptom', attempt: 'What did not help', rejected: 'The person rejected a way past it', diagnosis: 'The agent\'s diagnosis',
	resolution: 'What resolved it', passed: 'Then it passed', person: 'The person\'s words',
};

type Child = Node | string | undefined | false;

/** An element with attributes and children; strings become text nodes, never markup. */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === true) {
			element.setAttribute(name, '');
		} else if (typeof value === 'string') {
			element.setAttribute(name, value);
		}
	}
	for (const child of children) {
		if (child !== undefined && child !== false) {
			element.append(typeof child === 'string' ? document.createTextNode(child) : child);
		}
	}
	return element;
}

function icon(name: string): HTMLElement {
	return h('span', { 'class': `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

function button(label: string, options: { icon?: string; primary?: boolean; disabled?: boolean; title?: string; id?: string }, onClick: () => void): HTMLButtonElement {
	const element = h('button', { class: options.primary ? 'primary' : 'secondary', disabled: options.disabled, title: options.title, id: options.id }, options.icon ? icon(options.icon) : undefined, label);
	element.addEventListener('click', onClick);
	return element;
}

function post(message: ClientMessage): void {
	vscode.postMessage(message);
}

function persist(): void {
	vscode.setState({ id: state?.current?.id, step });
}

function setStep(next: ReviewStep): void {
	step = next;
	persist();
	render();
	document.getElementById(`tab-${next}`)?.focus();
}

function move(delta: number): void {
	const index = reviewSteps.indexOf(step) + delta;
	if (index >= 0 && index < reviewSteps.length) {
		setStep(reviewSteps[index]);
	}
}

function selectProposal(delta: number): void {
	const proposals = state?.proposals ?? [];
	const index = proposals.findIndex(proposal => proposal.id === state?.current?.id) + delta;
	if (index >= 0 && index < proposals.length) {
		post({ type: 'select', id: proposals[index].id });
	}
}

function errorsOf(proposal: ReviewProposal): number {
	return proposal.checks.filter(check => check.severity === 'error').length;
}

function sidebar(current: ReviewState): HTMLElement {
	const list = h('ul', { 'class': 'proposal-list', 'aria-label': 'Pending proposals' });
	for (const proposal of current.proposals) {
		const selected = proposal.id === current.current?.id;
		const item = h('li', {}, h('button', { 'class': selected ? 'proposal selected' : 'proposal', 'aria-current': selected ? 'true' : undefined },
			icon(proposal.action === 'create' ? 'new-file' : proposal.action === 'update' ? 'diff' : 'note'),
			h('span', { class: 'proposal-name' }, proposal.name),
			h('span', { class: 'badge' }, actionLabels[proposal.action])));
		item.querySelector('button')?.addEventListener('click', () => post({ type: 'select', id: proposal.id }));
		list.append(item);
	}
	const drafts = h('ul', { 'class': 'draft-list', 'aria-label': 'Drafts to promote' });
	for (const draft of current.drafts) {
		drafts.append(h('li', {}, h('span', { class: 'draft-name', title: draft.root }, icon('edit'), draft.name),
			button('Promote…', { icon: 'verified', disabled: current.readOnly, title: 'Promote to Stable: say which real task validated it' }, () => post({ type: 'promote', draft: draft.id }))));
	}
	return h('nav', { 'class': 'sidebar', 'aria-label': 'Proposals' },
		h('h2', {}, `Pending (${current.proposals.length})`),
		current.proposals.length > 0 ? list : h('p', { class: 'muted' }, 'Nothing waits for review. Distil a session to make proposals.'),
		h('h2', {}, `Drafts in the library (${current.drafts.length})`),
		current.drafts.length > 0 ? drafts : h('p', { class: 'muted' }, 'No drafts.'));
}

/** A quoted transcript line with its place and the button that opens the transcript there. */
function evidenceItem(proposal: ReviewProposal, evidence: ReviewEvidence, list: EvidenceList, item: number, index: number): HTMLLIElement {
	return h('li', {},
		h('span', { class: 'where' }, evidence.where),
		h('q', {}, evidence.quote),
		button('Open in transcript', { icon: 'go-to-file', title: `The session around ${evidence.where}, rendered` }, () => post({ type: 'openTranscript', id: proposal.id, list, item, evidence: index, raw: false })),
		button('Raw', { icon: 'json', title: `Open the raw file ${proposal.source.transcript} at ${evidence.where}` }, () => post({ type: 'openTranscript', id: proposal.id, list, item, evidence: index, raw: true })));
}

/** One episode as a story: each run of lines of one role (symptom, what did not help, …) under its label. */
function episodeArticle(proposal: ReviewProposal, episode: ReviewEpisode, episodeIndex: number): HTMLElement {
	const groups: { role: EpisodeRole; items: HTMLLIElement[] }[] = [];
	episode.lines.forEach((line, lineIndex) => {
		const item = evidenceItem(proposal, line, 'episodes', episodeIndex, lineIndex);
		const last = groups[groups.length - 1];
		if (last?.role === line.role) {
			last.items.push(item);
		} else {
			groups.push({ role: line.role, items: [item] });
		}
	});
	return h('article', { class: episode.resolved ? 'episode resolved' : 'episode' },
		h('h3', {}, icon(episode.resolved ? 'pass' : 'error'), h('code', { class: 'kind' }, episode.check), ' ', episode.resolved ? 'failed, then passed' : 'failed, and never passed'),
		episode.sessionLabel && h('p', { class: 'muted session' }, icon('comment-discussion'), `In ${episode.sessionLabel}`),
		h('dl', { class: 'episode-lines' }, ...groups.flatMap(group => [
			h('dt', { class: `role ${group.role}` }, roleLabels[group.role]),
			h('dd', {}, h('ul', { class: 'evidence' }, ...group.items)),
		])));
}

function triggerArticle(proposal: ReviewProposal, trigger: ReviewTrigger, triggerIndex: number): HTMLElement {
	return h('article', { class: 'trigger' },
		h('h3', {}, icon(triggerIcons[trigger.kind] ?? 'info'), h('code', { class: 'kind' }, trigger.kind), ' ', trigger.summary),
		trigger.sessionLabel && h('p', { class: 'muted session' }, icon('comment-discussion'), `In ${trigger.sessionLabel}`),
		h('ul', { class: 'evidence' }, ...trigger.evidence.map((evidence, index) => evidenceItem(proposal, evidence, 'triggers', triggerIndex, index))));
}

/** What the session held that writes nothing, with why, so a person can disagree. */
function notedSection(proposal: ReviewProposal): HTMLElement {
	return h('section', { 'class': 'noted', 'aria-labelledby': 'noted-title' },
		h('h2', { id: 'noted-title' }, 'Seen and left out, and why'),
		h('ul', { class: 'noted-list' }, ...proposal.noted.map((noted, notedIndex) => h('li', {},
			h('p', { class: 'noted-summary' }, noted.summary),
			h('p', { class: 'muted' }, `Left out: ${noted.why}`),
			h('ul', { class: 'evidence' }, ...noted.evidence.map((evidence, index) => evidenceItem(proposal, evidence, 'noted', notedIndex, index)))))));
}

/**
 * The evidence: the episodes the lessons come from, then the triggers no episode shows (all of
 * them for a proposal without episodes), then what was noted and left out.
 */
function evidenceStep(proposal: ReviewProposal): HTMLElement {
	const triggers = proposal.triggers.map((trigger, index) => !trigger.inEpisode && triggerArticle(proposal, trigger, index));
	const section = proposal.triggers.length === 0 && proposal.episodes.length === 0
		? h('section', {}, h('p', { class: 'muted' }, 'This proposal records no triggers (it was written by hand).'))
		: h('section', {}, h('p', { class: 'lead' }, proposal.reason), ...proposal.episodes.map((episode, index) => episodeArticle(proposal, episode, index)), ...triggers);
	if (proposal.noted.length > 0) {
		section.append(notedSection(proposal));
	}
	return section;
}

function draftStep(proposal: ReviewProposal, readOnly: boolean): HTMLElement {
	const actions = h('div', { class: 'actions' },
		button('Edit draft', { icon: 'edit', disabled: readOnly, title: 'Open the proposed text in an editor; this panel follows your edits (E)' }, () => post({ type: 'editDraft', id: proposal.id })),
		proposal.action === 'update' && button('Open current skill', { icon: 'go-to-file' }, () => post({ type: 'openTarget', id: proposal.id })));
	const section = h('section', {}, actions);
	if (proposal.conflict) {
		section.append(h('p', { class: 'banner error', role: 'alert' }, icon('warning'), proposal.conflict));
	}
	if (proposal.diff) {
		section.append(h('p', { class: 'lead' }, `Merging changes ${proposal.targetLabel ?? 'the skill'}: `, h('span', { class: 'added' }, `+${proposal.diff.added}`), ' ', h('span', { class: 'removed' }, `−${proposal.diff.removed}`), ' lines.',
			proposal.diff.changedSinceProposed ? ' The skill changed since the proposal was made; the proposal\'s own changes are applied to it as it is now.' : ''));
		const table = h('table', { 'class': 'diff', 'aria-label': 'Changes to the skill' });
		for (const hunk of proposal.diff.hunks) {
			table.append(h('tr', { class: 'hunk' }, h('td', { colspan: '3' }, hunk.header)));
			for (const line of hunk.lines) {
				table.append(h('tr', { class: line.kind }, h('td', { class: 'number' }, line.oldLine === undefined ? '' : String(line.oldLine)), h('td', { class: 'number' }, line.newLine === undefined ? '' : String(line.newLine)),
					h('td', { class: 'text' }, h('span', { 'class': 'sign', 'aria-hidden': 'true' }, line.kind === 'add' ? '+' : line.kind === 'remove' ? '−' : ' '), line.text)));
			}
		}
		section.append(table);
	} else if (proposal.draft) {
		if (proposal.draft.frontmatter.length > 0) {
			section.append(h('table', { 'class': 'frontmatter', 'aria-label': 'Frontmatter' }, ...proposal.draft.frontmatter.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value)))));
		}
		const body = h('div', { class: 'markdown' });
		// The only markup the panel takes from the host: markdown-it's output with raw HTML escaped (see reviewModel.ts).
		body.innerHTML = proposal.draft.html;
		section.append(body);
	}
	return section;
}

function checksStep(proposal: ReviewProposal, readOnly: boolean): HTMLElement {
	const section = findingsSection(proposal);
	section.append(casesSection(proposal, readOnly));
	return section;
}

function findingsSection(proposal: ReviewProposal): HTMLElement {
	if (proposal.checks.length === 0) {
		return h('section', {}, h('p', { class: 'banner ok' }, icon('pass'), 'No findings: the result is spec-clean, not bloated and duplicates nothing in the library.'));
	}
	const icons = { error: 'error', warning: 'warning', info: 'info' };
	return h('section', {}, h('p', { class: 'lead' }, `The engine's findings on the result, errors first. ${errorsOf(proposal) > 0 ? 'Errors must be fixed (Edit draft) before it can be accepted.' : ''}`),
		h('ul', { class: 'checks' }, ...proposal.checks.map(check => h('li', { class: check.severity }, icon(icons[check.severity]), h('span', { class: 'where' }, `line ${check.line}`), h('span', {}, check.message), h('code', { class: 'rule' }, check.rule)))));
}

/** The apprentice cases that come with the proposal: what a fresh agent will be asked and how it is graded; edited as evals/cases.json. */
function casesSection(proposal: ReviewProposal, readOnly: boolean): HTMLElement {
	const section = h('section', { 'class': 'cases', 'aria-label': 'Apprentice cases' }, h('h3', {}, 'Apprentice cases'),
		h('p', { class: 'muted' }, proposal.cases.length === 0
			? 'No case comes with this proposal: a fresh agent cannot be tested on it until one is written (evals/cases.json).'
			: 'Skills: Test with a Fresh Agent hands each task to an agent that has only this skill, then grades it by the check and the expected answer.'));
	for (const problem of proposal.casesProblems) {
		section.append(h('p', { class: 'banner error', role: 'alert' }, icon('warning'), problem));
	}
	if (proposal.cases.length > 0) {
		section.append(h('ul', { class: 'case-list' }, ...proposal.cases.map(item => h('li', {},
			h('strong', {}, item.id),
			h('p', { class: 'task' }, item.task),
			item.workspace ? h('p', {}, 'Starts from ', h('code', {}, item.workspace)) : h('p', { class: 'muted' }, 'Starts from a copy of the project as it is.'),
			item.check ? h('p', {}, 'Check: ', h('code', {}, item.check)) : false,
			item.expect ? h('p', {}, 'Expected answer: ', h('code', {}, `/${item.expect}/`)) : false,
			item.note ? h('p', { class: 'muted' }, item.note) : false))));
	}
	section.append(h('div', { class: 'actions' }, button(proposal.cases.length === 0 ? 'Write cases' : 'Edit cases', { icon: 'beaker', disabled: readOnly, title: 'Open the proposal\'s evals/cases.json in an editor; this panel follows your edits' }, () => post({ type: 'editCases', id: proposal.id }))));
	return section;
}

function decideStep(proposal: ReviewProposal, readOnly: boolean): HTMLElement {
	const errors = errorsOf(proposal);
	const blocked = readOnly ? 'This workspace is not trusted: the panel is read-only.' : errors > 0 ? `${errors} error finding${errors === 1 ? '' : 's'} must be fixed first (see Checks).` : proposal.conflict ?? proposal.problem;
	const section = h('section', {});
	if (blocked) {
		section.append(h('p', { class: 'banner error', role: 'alert' }, icon('warning'), blocked));
	}
	const accept = h('div', { class: 'decision' });
	if (proposal.action === 'create') {
		const select = h('select', { 'id': 'root', 'aria-label': 'Library folder' }, ...proposal.roots.map((root, index) => h('option', { value: String(index), selected: index === chosenRoot }, `${root.label} — ${root.path}`)));
		select.addEventListener('change', () => {
			chosenRoot = Number(select.value);
		});
		accept.append(h('label', { for: 'root' }, 'Library folder'), select,
			button('Accept as draft', { icon: 'check', primary: true, disabled: Boolean(blocked) || proposal.roots.length === 0, id: 'accept' }, () => post({ type: 'accept', id: proposal.id, root: Number(select.value) })));
	} else if (proposal.action === 'update') {
		accept.append(button(`Merge into ${proposal.targetLabel ?? 'the skill'}`, { icon: 'git-merge', primary: true, disabled: Boolean(blocked), id: 'accept' }, () => post({ type: 'merge', id: proposal.id })));
	} else {
		accept.append(button(`Add to ${proposal.targetLabel ?? 'the memory file'}`, { icon: 'check', primary: true, disabled: Boolean(blocked), id: 'accept' }, () => post({ type: 'accept', id: proposal.id, root: 0 })));
	}
	const reason = h('textarea', { 'id': 'reason', 'rows': '3', 'maxlength': '500', 'placeholder': 'Why not? (kept with the proposal in .rejected/)', 'aria-label': 'Reason for rejecting', 'disabled': readOnly });
	reason.value = rejectReason;
	const reject = button('Reject', { icon: 'close', disabled: readOnly || rejectReason.trim() === '', id: 'reject' }, () => post({ type: 'reject', id: proposal.id, reason: reason.value }));
	reason.addEventListener('input', () => {
		rejectReason = reason.value;
		reject.disabled = readOnly || rejectReason.trim() === '';
	});
	section.append(accept,
		h('div', { class: 'decision' }, h('label', { for: 'reason' }, 'Reject with a reason'), reason, reject),
		h('div', { class: 'decision' }, button('Later', { icon: 'clock', title: 'Leave it pending and go to the next proposal (J)' }, () => post({ type: 'later', id: proposal.id }))));
	return section;
}

function stepper(): HTMLElement {
	const tabs = h('div', { 'class': 'steps', 'role': 'tablist', 'aria-label': 'Review steps' });
	reviewSteps.forEach((name, index) => {
		const selected = name === step;
		const tab = h('button', { 'id': `tab-${name}`, 'role': 'tab', 'aria-selected': selected ? 'true' : 'false', 'aria-controls': 'step-panel', 'tabindex': selected ? '0' : '-1', 'class': selected ? 'step selected' : 'step' },
			h('span', { class: 'number' }, String(index + 1)), stepTitles[name]);
		tab.addEventListener('click', () => setStep(name));
		tabs.append(tab);
	});
	tabs.addEventListener('keydown', event => {
		if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
			event.preventDefault();
			move(event.key === 'ArrowRight' ? 1 : -1);
		}
	});
	return tabs;
}

/** The confirmation of the last decision, with Undo while the host can take it back. */
function outcomeBanner(): HTMLElement {
	const attributes = { 'id': 'status', 'role': 'status', 'aria-live': 'polite' };
	if (!outcome) {
		return h('div', attributes);
	}
	return h('div', { ...attributes, class: `banner outcome ${outcome.ok ? 'ok' : 'error'}` },
		icon(outcome.ok ? 'pass' : 'warning'),
		h('span', { class: 'outcome-message' }, outcome.message),
		outcome.undoable && button('Undo', { icon: 'discard', id: 'undo', disabled: state?.readOnly, title: 'Take this decision back' }, () => {
			outcome = undefined;
			post({ type: 'undo' });
			render();
		}),
		button('Dismiss', { icon: 'close', id: 'dismiss' }, () => {
			outcome = undefined;
			render();
		}));
}

function render(): void {
	const root = document.getElementById('app');
	if (!root || !state) {
		return;
	}
	const proposal = state.current;
	const main = h('main', { class: 'content' }, outcomeBanner());
	if (!proposal) {
		main.append(h('h1', {}, 'Review proposals'), h('p', { class: 'muted' }, 'No proposal is waiting. Skills: Distil This Session… turns an agent session into proposals that wait here.'));
	} else {
		const stepContent = step === 'evidence' ? evidenceStep(proposal) : step === 'draft' ? draftStep(proposal, state.readOnly) : step === 'checks' ? checksStep(proposal, state.readOnly) : decideStep(proposal, state.readOnly);
		const errors = errorsOf(proposal);
		main.append(
			h('header', {},
				h('h1', {}, proposal.name, ' ', h('span', { class: 'badge' }, actionLabels[proposal.action])),
				h('p', { class: 'muted' }, proposal.source.session
					? `From ${proposal.source.sessions > 1 ? `${proposal.source.sessions} sessions, the newest ` : ''}${proposal.source.agent} session ${proposal.source.session.slice(0, 8)}, ${proposal.source.created}${proposal.targetLabel ? ` · ${proposal.action === 'update' ? 'updates' : 'adds to'} ${proposal.targetLabel}` : ''}`
					: 'Written by hand in the staging folder'),
				proposal.usage && h('p', { class: 'muted usage', title: proposal.usage.note }, icon('graph'), `Agents' use of ${proposal.targetLabel ?? 'the skill'}: ${proposal.usage.summary}. `, h('span', { class: 'note' }, proposal.usage.note)),
				state.readOnly && h('p', { class: 'banner' }, icon('shield'), 'Untrusted workspace: read-only.')),
			stepper(),
			h('div', { 'id': 'step-panel', 'role': 'tabpanel', 'aria-labelledby': `tab-${step}`, 'class': `step-panel ${step}` }, stepContent),
			h('footer', {},
				button('Back', { icon: 'arrow-left', disabled: step === 'evidence' }, () => move(-1)),
				h('span', { class: 'muted keys' }, '← → steps · J / K proposals · E edit draft', errors > 0 ? ` · ${errors} error${errors === 1 ? '' : 's'}` : ''),
				button('Next', { icon: 'arrow-right', primary: step !== 'decide', disabled: step === 'decide' }, () => move(1))));
	}
	// A render replaces the page: the element the person was on keeps the keyboard focus.
	const focused = document.activeElement?.id;
	root.replaceChildren(sidebar(state), main);
	if (focused) {
		document.getElementById(focused)?.focus();
	}
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
	const message = event.data;
	if (message.type === 'state') {
		// The host sends its state after every change around it; the same state again changes nothing on the page.
		if (JSON.stringify(message.state) === JSON.stringify(state)) {
			return;
		}
		const previous = state?.current?.id;
		state = message.state;
		if (state.current?.id !== previous) {
			rejectReason = '';
			chosenRoot = 0;
			if (previous !== undefined) {
				step = 'evidence';
			}
		}
		persist();
		render();
	} else if (message.type === 'result') {
		outcome = { ok: message.ok, message: message.message, undoable: message.undoable === true };
		render();
	}
});

document.addEventListener('keydown', event => {
	const target = event.target as HTMLElement;
	if (event.altKey || event.ctrlKey || event.metaKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !state?.current) {
		return;
	}
	const keys: Record<string, () => void> = {
		j: () => selectProposal(1), k: () => selectProposal(-1),
		e: () => {
			if (state?.current && !state.readOnly) {
				post({ type: 'editDraft', id: state.current.id });
			}
		},
		1: () => setStep('evidence'), 2: () => setStep('draft'), 3: () => setStep('checks'), 4: () => setStep('decide'),
	};
	const action = keys[event.key.toLowerCase()];
	if (action) {
		event.preventDefault();
		action();
	}
});

// A link in a proposal is never followed from the panel.
document.addEventListener('click', event => {
	if ((event.target as HTMLElement).closest('a')) {
		event.preventDefault();
	}
});

post({ type: 'ready' });
