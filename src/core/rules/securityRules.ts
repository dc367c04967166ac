import { spanOnLine } from '../check/findings';
import { findSecretsInLine, type SecretMatch } from '../secrets/secretDetector';
import type { SkillRule } from './skillContext';

export const secret: SkillRule = ({ triggered }, report) => {
	for (const line of triggered('secret')) {
		const matches: SecretMatch[] = [];
		findSecretsInLine(line.text, 0, matches);
		for (const match of matches) {
			report({
				rule: 'secret', ...spanOnLine(line.line, match.index, match.length),
				message: `${match.kind} is written here: revoke it, delete it, and read it from an environment variable instead`,
			});
		}
	}
};

/** Where a pattern matched in a line. */
interface Hit {
	index: number;
	length: number;
}

function firstMatch(pattern: RegExp, line: string, from = 0): Hit | undefined {
	pattern.lastIndex = from;
	const match = pattern.exec(line);
	return match ? { index: match.index, length: match[0].length } : undefined;
}

/** The earliest of several hits. */
function earliest(...hits: (Hit | undefined)[]): Hit | undefined {
	return hits.reduce<Hit | undefined>((best, hit) => (hit && (!best || hit.index < best.index) ? hit : best), undefined);
}

const shells = '(?:sudo[ \\t]+)?(?:ba|z|da|k|fi)?sh|python[23]?|perl|ruby|node|iex|Invoke-Expression';
const download = /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b/gi;
const intoShell = new RegExp(`[ \\t]*(?:${shells})\\b`, 'iy');

/**
 * A download piped into an interpreter: the first pipe after a download word leads to a shell
 * (`curl … | sh`). Found in one pass over the downloads and the pipes, each pipe looked past once:
 * a line of thousands of `curl` words costs no more than its length.
 */
function pipedDownload(line: string): Hit | undefined {
	const pipes: number[] = [];
	for (let pipe = line.indexOf('|'); pipe !== -1; pipe = line.indexOf('|', pipe + 1)) {
		pipes.push(pipe);
	}
	const intoShellAt = new Map<number, number | undefined>();
	let next = 0;
	download.lastIndex = 0;
	for (let match = download.exec(line); match; match = download.exec(line)) {
		while (next < pipes.length && pipes[next] < match.index) {
			next++;
		}
		const pipe = pipes[next];
		if (pipe === undefined) {
			return undefined;
		}
		if (!intoShellAt.has(pipe)) {
			intoShell.lastIndex = pipe + 1;
			intoShellAt.set(pipe, intoShell.test(line) ? intoShell.lastIndex : undefined);
		}
		const end = intoShellAt.get(pipe);
		if (end !== undefined) {
			return { index: match.index, length: end - match.index };
		}
		download.lastIndex = pipe + 1;
	}
	return undefined;
}

/** A program word and, anywhere after it on the line, a second pattern: one scan for each, not one per program word. */
function followedBy(program: RegExp, then: RegExp): (line: string) => Hit | undefined {
	return line => {
		const first = firstMatch(program, line);
		const second = first && firstMatch(then, line, first.index + first.length);
		return first && second ? { index: first.index, length: second.index + second.length - first.index } : undefined;
	};
}

const downloadedScript = /\b(?:ba|z)?sh[ \t]+(?:-c[ \t]+)?["']?(?:\$\(|<\()[ \t]*(?:curl|wget)\b/gi;
const evaluatedDownload = /\beval[ \t]+["']?\$\([ \t]*(?:curl|wget)\b/gi;
/** `rm`, its flags, and a target that is the root, the home folder or everything here; the flags are read apart from the pattern, which keeps it linear. */
const removal = /\brm((?:[ \t]+-[a-zA-Z-]+)+)[ \t]+(?:\/\*?|~\/?\*?|\$HOME\/?\*?|\*)(?=[ \t]|$|["'`;|&)])/g;
const recursiveFlag = /(?:^|[ \t])-[a-zA-Z]*[rR][a-zA-Z]*(?=[ \t]|$)/;

function recursiveDeletion(line: string): Hit | undefined {
	removal.lastIndex = 0;
	for (let match = removal.exec(line); match; match = removal.exec(line)) {
		if (recursiveFlag.test(match[1])) {
			return { index: match.index, length: match[0].length };
		}
	}
	return undefined;
}
const worldWritable = /\bchmod[ \t]+(?:-R[ \t]+)?(?:0?777|a\+rwx)\b/g;
const permissionChecksOff = /--dangerously-skip-permissions\b|--dangerously-bypass-approvals-and-sandbox\b|--yolo\b/g;
const tlsChecksOff = /\bNODE_TLS_REJECT_UNAUTHORIZED[ \t]*=[ \t]*["']?0|\bGIT_SSL_NO_VERIFY[ \t]*=[ \t]*["']?(?:1|true)|\bverify[ \t]*=[ \t]*False\b/g;
const injectionPhrase = /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:(?:the|your)\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions|prompts?|rules|messages)\b/gi;
const hiddenFromUser = /\b(?:do not|don't|never)\s+(?:tell|inform|mention (?:this |it )?to|reveal (?:this |it )?to|show (?:this |it )?to)\s+the user\b/gi;
/** Claude Code's load-time shell: `` !`git status` `` inline, or a fence opened with ` ```! `. */
const shellAtLoad = /(?:^|[\s(])!`[^`]+`|^\s*```!/g;
const curlInsecure = followedBy(/\bcurl\b/g, /[ \t](?:-k|--insecure)\b/g);
const credentialsSent = followedBy(/\b(?:curl|wget|scp|nc|rsync)\b/g, /\.ssh\/|id_rsa|id_ed25519|\.aws\/credentials|\.netrc|\.env\b|\.npmrc|\.pypirc/g);

/** Each kind of risky instruction and how to find it in a line, in time linear in the line's length. */
const riskyInstructions: readonly { find: (line: string) => Hit | undefined; what: string }[] = [
	{ find: pipedDownload, what: 'pipes a download straight into an interpreter' },
	{ find: line => firstMatch(downloadedScript, line), what: 'runs a downloaded script unseen' },
	{ find: line => firstMatch(evaluatedDownload, line), what: 'evaluates a download' },
	{ find: recursiveDeletion, what: 'deletes recursively from the root, the home folder or everything here' },
	{ find: line => firstMatch(worldWritable, line), what: 'makes files world-writable' },
	{ find: line => firstMatch(permissionChecksOff, line), what: 'turns off the agent\'s permission checks' },
	{
		find: line => earliest(
			firstMatch(tlsChecksOff, line),
			curlInsecure(line),
		),
		what: 'turns off TLS certificate checks',
	},
	{ find: credentialsSent, what: 'sends credential files over the network' },
	{ find: line => firstMatch(injectionPhrase, line), what: 'is a prompt-injection phrase' },
	{ find: line => firstMatch(hiddenFromUser, line), what: 'tells the agent to hide something from the user' },
	{ find: line => firstMatch(shellAtLoad, line), what: 'runs a shell command when the skill loads (Claude Code executes `` !`…` `` and ` ```! ` blocks)' },
];

export const riskyInstruction: SkillRule = ({ triggered }, report) => {
	for (const line of triggered('risky')) {
		for (const { find, what } of riskyInstructions) {
			const hit = find(line.text);
			if (hit) {
				report({ rule: 'risky-instruction', ...spanOnLine(line.line, hit.index, hit.length), message: `this line ${what}: review it as you would review code` });
			}
		}
	}
};

/**
 * Bidirectional controls, zero-width characters and tags, and the control characters other than
 * tab and line ends (a terminal acts on them: ESC sequences retitle it, move the cursor, hide text).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point.
const alwaysHidden = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2060-\u2064\u180E\uFEFF\u200B\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\uDB40[\uDC00-\uDC7F]/g;
const joiners = /[\u200C\u200D]/g;
const pictographicOrJoiningScript = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Syriac}\p{Script=Mongolian}\p{Script=Hebrew}\p{Regional_Indicator}]/u;
const maxHiddenPerFile = 20;

const codePointNames: Record<number, string> = {
	0x061c: 'ARABIC LETTER MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
	0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x202a: 'LEFT-TO-RIGHT EMBEDDING',
	0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE',
	0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION', 0x2062: 'INVISIBLE TIMES', 0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS',
	0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
	0xfeff: 'ZERO WIDTH NO-BREAK SPACE', 0x07: 'BELL', 0x08: 'BACKSPACE', 0x1b: 'ESCAPE', 0x7f: 'DELETE',
	0x9b: 'CONTROL SEQUENCE INTRODUCER', 0x9d: 'OPERATING SYSTEM COMMAND',
};

const isControl = (codePoint: number) => codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);

function codePointName(codePoint: number): string {
	return codePointNames[codePoint] ?? (codePoint >= 0xe0000 && codePoint <= 0xe007f ? 'TAG CHARACTER' : isControl(codePoint) ? 'control character' : 'invisible character');
}

/**
 * Text where a zero-width space is typesetting: scripts written without spaces between words (Thai,
 * Lao, Khmer, Myanmar, Tibetan, Chinese, Japanese) and mathematics copied from a rendered page.
 */
const zeroWidthSpaceTypesetting = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u{1D400}-\u{1D7FF}\u2061-\u2064]/u;

/** Offsets in a line of hidden characters; joiners count only outside emoji and scripts that need them, zero-width spaces only outside typesetting. */
function hiddenCharacters(line: string): number[] {
	const hits: number[] = [];
	const typeset = zeroWidthSpaceTypesetting.test(line);
	alwaysHidden.lastIndex = 0;
	for (let match = alwaysHidden.exec(line); match; match = alwaysHidden.exec(line)) {
		if (!(typeset && match[0] === '\u200B')) {
			hits.push(match.index);
		}
	}
	joiners.lastIndex = 0;
	for (let match = joiners.exec(line); match; match = joiners.exec(line)) {
		const around = line.slice(Math.max(0, match.index - 2), match.index) + line.slice(match.index + 1, match.index + 3);
		if (!pictographicOrJoiningScript.test(around)) {
			hits.push(match.index);
		}
	}
	return hits.sort((a, b) => a - b);
}

export const hiddenUnicode: SkillRule = ({ triggered }, report) => {
	let reported = 0;
	for (const line of triggered('hidden')) {
		for (const index of hiddenCharacters(line.text)) {
			if (reported++ >= maxHiddenPerFile) {
				return;
			}
			const codePoint = line.text.codePointAt(index) as number;
			report({
				rule: 'hidden-unicode', ...spanOnLine(line.line, index, codePoint > 0xffff ? 2 : 1),
				message: `${isControl(codePoint) ? 'control' : 'invisible'} character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} ${codePointName(codePoint)}: ${isControl(codePoint) ? 'a terminal that prints it can change or hide what a reviewer sees' : 'it hides text from a reviewer'} while the agent still reads it${reported === maxHiddenPerFile ? ' (further ones in this file are not listed)' : ''}`,
			});
		}
	}
};
