import { sentencesOf, wordsOnly } from './quotes';

/**
 * What a message the person typed does to the agent: corrects it, states a standing rule,
 * redirects it after an interrupt or a refusal — or only continues, answers, asks or starts a new
 * task, which teach nothing. Deterministic phrase patterns, read in the context of what the agent
 * had just done; tuned to miss rather than to flood a library with pseudo-lessons.
 */

/** What the agent had just done when the person wrote. */
export interface MessageContext {
	/** The agent acted (a tool call or an answer) since the person's previous message. */
	agentActed: boolean;
	/** The agent's last words ended by asking the person something: the message may be the answer. */
	agentAsked: boolean;
	/** The person had just interrupted the agent or refused a tool call, and this is what they said next. */
	after?: 'interrupt' | 'rejection';
	/** The person's previous message, to tell a repeated request from a redirect. */
	previous?: string;
	/** The agent's last words, to tell when the person states the opposite of what the agent claimed. */
	agentSaid?: string;
}

export type MessageRole =
	| 'correction' | 'rule'
	| 'continue' | 'status' | 'answer' | 'question' | 'repeat' | 'paste' | 'task';

export interface MessageReading {
	role: MessageRole;
	/** The sentences that state a standing rule, verbatim, when there are any. */
	rule?: string;
}

/** Words that only keep the agent going: "continue", "resume", "yes", "ok", "go ahead". */
const continuing = /^(?:(?:ok(?:ay)?|yes|yep|yeah|y|sure|great|thanks?|thank you|cool|perfect|nice|good|please|pls)[\s,.!]*)*(?:continue|resume|go on|go ahead|keep going|carry on|proceed|do it|do that|sounds good|lgtm|looks good)?[\s.!]*$/i;
/** Status the person reports: "pushed", "never mind, I pushed", "logged in", "done". */
const statusReport = /^(?:never ?mind|nvm|ok(?:ay)?|done)?[\s,.!]*(?:i(?:'ve| have)? )?(?:pushed|pished|done|did it|logged in|logged out|restarted|installed it|ran it|fixed it|merged|deployed|rebooted)\b[\s.!]*$/i;
/** A new task or a retry rather than a redirect: "Now document…", "Next, …", "Try again". */
const newTask = /^(?:(?:ok(?:ay)?|great|thanks|good|cool)[,.!]?\s+)?(?:now|next|then|also|and now|after that)\b/i;
const retry = /^(?:please\s+)?(?:try (?:it )?again|retry|again|once more)\b/i;
/** A menu choice: "2", "1.", "option 3", "b". */
const menuChoice = /^(?:option\s*)?(?:\d{1,2}|[a-e])[.)]?$/i;

/** Phrases that contradict what the agent claimed or did, wherever they stand. */
const contradiction = new RegExp([
	String.raw`\b(?:that|this|it|thst|thats|that's|thts)(?:'s| is| was)? (?:not (?:right|correct|what|how|it|my|true)|wrong|incorrect|the wrong|a (?:totally |completely )?different)\b`,
	String.raw`\b(?:is|was|are|were|looks?|seems?) (?:wrong|incorrect|broken again)\b`,
	String.raw`\bwrong (?:fix|finding|file|files|command|directory|folder|dir|branch|approach|place|way|version|package|tool|project|repo|repository|one|name|email|path|container|image|order|answer|result|results|number|numbers|assumption)\b`,
	String.raw`\b(?:the|a) wrong\b`,
	String.raw`\bnot what i (?:asked|wanted|meant|said)\b`,
	String.raw`\bi (?:told|asked) you\b`,
	String.raw`\bi (?:already )?said\b`,
	String.raw`^no+[\s,.!]+no\b`,
	String.raw`\bwhat do you mean\b`,
	String.raw`\bwhy (?:did|would|are|do|have) you\b`,
	String.raw`\bwhy not (?:just )?(?:use|run|try|read|do|look|check)\b`,
	String.raw`\bwhy won'?t you\b`,
	String.raw`\bare you (?:looking|running|using|checking|reading|working|editing) (?:in|on|at|with)\b.*\bnot\b`,
	String.raw`^you (?:made|did|put|wrote|changed|broke|deleted|removed|used|forgot|missed|skipped|ignored|committed|pushed|overwrote|replaced)\b`,
	String.raw`\byou (?:should(?:n'?t| not)? have|should(?:n'?t| not)?|were supposed to|are supposed to|need to stop|keep)\b`,
	String.raw`\b(?:it|that|this) (?:still )?(?:doesn'?t|does not|didn'?t|did not) work\b`,
	String.raw`\bstill (?:fails|failing|broken|shows?|doesn'?t|does not|the same|not working|wrong|crash(?:es|ing)?)\b`,
	String.raw`\bshould (?:have|hace|of) been\b`,
	String.raw`\bi did(?:n'?t| not) (?:do|run|use|ask|say|want|mean)\b`,
	String.raw`\b(?:are|is) also failing\b`,
	String.raw`\bneed(?:s)? fixing\b`,
	String.raw`\b(?:false positive|(?:the|a|an) fp|already (?:marked|noted|identified|fixed|done))\b`,
	String.raw`\binstead of\b`,
	String.raw`\brather than\b`,
	String.raw`\buse \S+,? not \S+`,
	String.raw`\bthere is no (?:\w+ )?(?:impact|problem|issue)\b`,
	String.raw`\bwhere (?:is|are) (?:all )?(?:the|my|rhe|thr) \S+`,
	String.raw`\b(?:double[- ]?check|are you sure)\b`,
	String.raw`\bthat(?:'s| is|s) (?:crazy|impossible|not possible|too good to be true)\b|\bcan'?t be right\b`,
].join('|'), 'i');
/**
 * Words that point the agent elsewhere once it has acted: what matters is something other than
 * what it did ("…but the most important is comparing with our competition"), or something it
 * overlooked ("you have a review-venv in /tmp"). Before the agent acts they only describe the task.
 */
const redirect = /\b(?:the (?:most )?important(?: thing| part)? is|what (?:really )?matters is|the (?:whole )?point (?:is|was) (?:to|that))\b|^(?:(?:also|but|and|btw)[,:]?\s+)?(?:you (?:already )?have |there(?:'s| is) (?:already )?)an? [\w.-]+ (?:in|at|under|on) \S/i;
/** "No" that answers the agent's question by saying what the person needs instead: "No, I need it verbatim." */
const noInstead = /^no\b[,.!]?\s+(?:i (?:need|want|said|meant|asked)|it (?:should|must|has to|needs)|that'?s not|not like that)\b/i;

/** Openings that approve what the agent proposed: "Yes please…", "Great, …". */
const approvingOpening = /^(?:yes|yep|yeah|sure|ok(?:ay)?|great|cool|perfect|thanks?|thank you|sounds good)\b/i;
/** Openings that correct unless they answer a question: "No, …", "Actually, …", "Wait, …". */
const correctingOpening = /^(?:no|nope|nah|wait|actually|hold on|hang on|stop|not like that|wrong)\b/i;
/** Openings that only look like one: "No problem", "No need to ask", "Actually that's fine". */
const harmlessOpening = /^(?:no (?:problem|worries|rush|need|thanks|thank you|prob)|no,? (?:that'?s|it'?s) (?:fine|ok|okay|good|great|perfect)|no,? (?:go ahead|continue|proceed|keep going)|actually,? (?:that'?s|it'?s) (?:fine|good|great|perfect)|never ?mind)\b/i;

/** A sentence that lays down a standing rule: never, always, don't, only, must, "I don't want you to…". */
const ruleSentence = new RegExp([
	String.raw`(?:^|[,;:]\s*|\b(?:and|but|please|you|we|should|must|to)\s+)(?:never|always)\s+(?!mind\b)\w+`,
	String.raw`^(?:(?:no|nope|ok|okay|and|but|also|so|please|again)[,.!:]?\s+)*(?:don'?t|do not|do nit|dont|avoid|stop)\s+(?!know\b|think\b|see\b|understand\b|remember\b|care\b|worry\b|forget\b|bother\b|mind\b|have\b)\w+`,
	String.raw`\bi (?:don'?t|do not) want (?:you )?to\b`,
	String.raw`\b(?:be careful|make sure|take care)(?: to)? (?:not|never)\b`,
	String.raw`\bas long as you (?:don'?t|do not)\b`,
	String.raw`\bwithout my (?:explicit |express )?(?:approval|permission|consent|ok)\b`,
	String.raw`\bwe (?:aren'?t|are not|shouldn'?t|should not|must not|mustn'?t|don'?t|do not) (?:to |allowed to )?(?:use|do|run|touch|commit|push|edit|change|install|call|open)\b`,
	String.raw`\b(?:must|mustn'?t|must not)\s+(?!have\b|be (?:a|the|an|from|because|due)\b)(?:always\s+|never\s+)?\w+`,
	String.raw`\bonly (?:ever )?(?:use|run|push|commit|edit|touch|install|deploy|call)\b`,
	String.raw`^(?:please\s+)?(?:use|run|call|take|read)\s+(?:\S+\s+){0,8}?\S+,?\s+not\s+(?:the\s+)?\S+`,
].join('|'), 'i');

/** The sentences of a message that state a rule, verbatim and in order, or undefined. */
export function ruleIn(text: string): string | undefined {
	// Emphasis is how people shout a rule (**Do not …**); it is not part of the words.
	const rules = sentencesOf(text.replace(/\*\*|__/g, '')).filter(sentence => !sentence.endsWith('?') && ruleSentence.test(sentence) && !sentence.includes('[REDACTED'));
	return rules.length > 0 ? rules.join(' ') : undefined;
}

const claimVerbs = /\b(?:says|say|shows|show|displays|reads|returns|prints|gives|is still|are still|still has|still have|only has|only have|has only|have only)\b/i;
const commonWords = new Set(['the', 'this', 'that', 'and', 'but', 'still', 'now', 'just', 'only', 'with', 'from', 'your', 'you', 'it\'s', 'its', 'there', 'here']);

/**
 * Whether a short statement tells the agent what something really shows, about a thing the agent
 * just made a claim about: "the menu says Guest User" after "the menu now shows the user's name".
 */
function contradictsClaim(text: string, agentSaid: string | undefined): boolean {
	if (!agentSaid || text.length > 200 || text.endsWith('?') || !claimVerbs.test(text)) {
		return false;
	}
	const subject = text.slice(0, text.search(claimVerbs)).toLowerCase().match(/[a-z][a-z-]{2,}/g) ?? [];
	const said = agentSaid.slice(-1500).toLowerCase();
	return subject.some(word => !commonWords.has(word) && new RegExp(`\\b${word}\\b`).test(said));
}

/**
 * Whether the person affirms what the agent just denied: "I have configured an actual inverter"
 * after "no inverter is configured, so the failures are expected".
 */
function affirmsDenial(text: string, agentSaid: string | undefined): boolean {
	if (!agentSaid || text.length > 200 || text.endsWith('?') || !/^(?:but\s+|actually\s+)?(?:i(?:'ve| have| did| do)|there (?:is|are)|it (?:is|does|has)|we (?:have|do))\b/i.test(text) || /\b(?:no|not|n't|never)\b/i.test(text)) {
		return false;
	}
	const words = new Set(text.toLowerCase().match(/[a-z]{5,}/g) ?? []);
	// A counterfactual denies as plainly as a "not": "If you had an actual inverter configured, …".
	return agentSaid.slice(-2000).split(/(?<=[.!?])\s+|\n+/).some(sentence => /\b(?:no|not|isn't|aren't|wasn't|doesn't|don't|without|missing)\b|\bif (?:you|we|there) (?:had|were)\b/i.test(sentence)
		&& (sentence.toLowerCase().match(/[a-z]{5,}/g) ?? []).some(word => words.has(word)));
}

/** Whether text looks like pasted terminal output or a log rather than words to the agent. */
function isPaste(text: string): boolean {
	const lines = text.split('\n').filter(line => line.trim() !== '');
	if (lines.length < 3) {
		return false;
	}
	const outputLike = lines.filter(line => /^(?:\s{2,}\S|\s*(?:[$>#]\s|\S+@\S+?[:$]|Traceback|File "|[\w/.-]+:\d+|(?:error|warning|info|debug|collecting|downloading|installing|requirement|successfully|using cached)\b|\d{4}-\d\d-\d\d|[━─=#*-]{5,}))/i.test(line) || /[:~][\w/.-]*\$\s/.test(line)).length;
	return outputLike / lines.length >= 0.5;
}

/** What a message does, in the context of what the agent had just done. */
export function readMessage(text: string, context: MessageContext): MessageReading {
	// A pasted screenshot is shown as "[Image #1]": the words around it are the message.
	const trimmed = text.replace(/\[Image #\d+\]/g, ' ').trim();
	if (!/\p{L}/u.test(trimmed)) {
		return { role: 'paste' };
	}
	const head = trimmed.slice(0, 600);
	if (continuing.test(trimmed)) {
		return { role: 'continue' };
	}
	if (statusReport.test(trimmed.replace(/[*_]/g, ''))) {
		return { role: 'status' };
	}
	if (menuChoice.test(trimmed)) {
		return { role: 'answer' };
	}
	if (retry.test(trimmed)) {
		return { role: 'repeat' };
	}
	if (context.previous !== undefined && wordsOnly(trimmed) === wordsOnly(context.previous)) {
		return { role: 'repeat' };
	}
	if (isPaste(trimmed)) {
		return { role: 'paste' };
	}
	const approves = approvingOpening.test(head);
	// A structured answer to the agent's questions lays down decisions about the work, not rules for the agent.
	const structuredAnswer = context.agentAsked && trimmed.split('\n').filter(line => line.trim() !== '').length >= 3;
	// "Yes, never mind the tests" answers the agent; "Great. Do not commit." approves and then lays down a rule.
	const afterApproval = approves ? /^[^.!?\n]{0,40}[.!]\s+(?=\S)/.exec(trimmed) : undefined;
	const rule = structuredAnswer || (approves && !afterApproval) ? undefined : ruleIn(afterApproval ? trimmed.slice(afterApproval[0].length) : trimmed);
	const contradicts = approves
		? /\bwrong\b/i.test(head)
		: contradiction.test(head) || ((!context.agentAsked || noInstead.test(head)) && correctingOpening.test(head) && !harmlessOpening.test(head)) || contradictsClaim(trimmed, context.agentSaid) || affirmsDenial(trimmed, context.agentSaid);
	if (context.agentActed && (contradicts || (!approves && redirect.test(head)))) {
		return rule ? { role: 'correction', rule } : { role: 'correction' };
	}
	// A redirect after an interrupt or a refusal corrects whatever words it uses; one that lays down a rule is that rule.
	if (context.after !== undefined && /\p{L}{2,}/u.test(trimmed) && !newTask.test(trimmed)) {
		return rule ? { role: 'rule', rule } : { role: 'correction' };
	}
	if (rule) {
		return { role: 'rule', rule };
	}
	if (contradicts) {
		// The first message of a session can only correct an earlier one.
		return { role: 'correction' };
	}
	if (context.agentAsked) {
		return { role: 'answer' };
	}
	return { role: trimmed.endsWith('?') ? 'question' : 'task' };
}

/** Whether the agent's words end by asking the person: a question, options to choose from, a request to confirm. */
export function asksThePerson(text: string): boolean {
	const tail = text.trim().slice(-400);
	return /\?\s*(?:\*\*)?\s*$/.test(tail)
		|| /\b(?:would you like|do you want|should i|shall i|let me know|which (?:one|option)|please confirm|your call|want me to)\b/i.test(tail)
		|| /(?:^|\n)[^\S\n]*(?:\*\*)?(?:option\s+)?[1-3][.)]/i.test(tail);
}
