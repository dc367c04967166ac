import { spanOnLine } from '../findings';
import { findSecrets } from '../secrets';
import type { SkillRule } from './skillContext';

export const secret: SkillRule = ({ text }, report) => {
	for (let i = 0; i < text.lines.length; i++) {
		for (const match of findSecrets(text.lines[i])) {
			report({
				rule: 'secret', ...spanOnLine(i + 1, match.index, match.length),
				message: `a ${match.kind} is written here: revoke it, delete it, and read it from an environment variable instead`,
			});
		}
	}
};

const shells = '(?:sudo\\s+)?(?:ba|z|da|k|fi)?sh|python[23]?|perl|ruby|node|iex|Invoke-Expression';
const riskyPatterns: readonly { pattern: RegExp; what: string }[] = [
	{ pattern: new RegExp(`\\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\\b[^\\n|]*\\|\\s*(?:${shells})\\b`, 'gi'), what: 'pipes a download straight into an interpreter' },
	{ pattern: /\b(?:ba|z)?sh\s+(?:-c\s+)?["']?(?:\$\(|<\()\s*(?:curl|wget)\b/gi, what: 'runs a downloaded script unseen' },
	{ pattern: /\beval\s+["']?\$\(\s*(?:curl|wget)\b/gi, what: 'evaluates a download' },
	{ pattern: /\brm\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(?:-[a-zA-Z-]+\s+)*(?:\/|~|\$HOME|\/\*|~\/\*|\$HOME\/\*|\*)(?=\s|$|["'`;|&)])/g, what: 'deletes recursively from the root, the home folder or everything here' },
	{ pattern: /\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx)\b/g, what: 'makes files world-writable' },
	{ pattern: /--dangerously-skip-permissions\b|--dangerously-bypass-approvals-and-sandbox\b|--yolo\b/g, what: 'turns off the agent\'s permission checks' },
	{ pattern: /\bNODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0|\bGIT_SSL_NO_VERIFY\s*=\s*["']?(?:1|true)|\bverify\s*=\s*False\b|\bcurl\b[^\n]*\s(?:-k|--insecure)\b/g, what: 'turns off TLS certificate checks' },
	{ pattern: /\b(?:curl|wget|scp|nc|rsync)\b[^\n]*(?:\.ssh\/|id_rsa|id_ed25519|\.aws\/credentials|\.netrc|\.env\b|\.npmrc|\.pypirc)/g, what: 'sends credential files over the network' },
	{ pattern: /\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:(?:the|your)\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions|prompts?|rules|messages)\b/gi, what: 'is a prompt-injection phrase' },
	{ pattern: /\b(?:do not|don't|never)\s+(?:tell|inform|mention (?:this |it )?to|reveal (?:this |it )?to|show (?:this |it )?to)\s+the user\b/gi, what: 'tells the agent to hide something from the user' },
];

export const riskyInstruction: SkillRule = ({ text }, report) => {
	for (let i = 0; i < text.lines.length; i++) {
		const line = text.lines[i];
		for (const { pattern, what } of riskyPatterns) {
			pattern.lastIndex = 0;
			const match = pattern.exec(line);
			if (match) {
				report({ rule: 'risky-instruction', ...spanOnLine(i + 1, match.index, match[0].length), message: `this line ${what}: review it as you would review code` });
			}
		}
	}
};

const alwaysHidden = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2060-\u2064\u180E\uFEFF\u200B]|\uDB40[\uDC00-\uDC7F]/g;
const joiners = /[\u200C\u200D]/g;
const pictographicOrJoiningScript = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Syriac}\p{Script=Mongolian}\p{Script=Hebrew}\p{Regional_Indicator}]/u;
const anyHiddenCandidate = /[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/;
const maxHiddenPerFile = 20;

function codePointName(codePoint: number): string {
	const names: Record<number, string> = {
		0x061c: 'ARABIC LETTER MARK', 0x180e: 'MONGOLIAN VOWEL SEPARATOR', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
		0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x202a: 'LEFT-TO-RIGHT EMBEDDING',
		0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE', 0x202e: 'RIGHT-TO-LEFT OVERRIDE',
		0x2060: 'WORD JOINER', 0x2061: 'FUNCTION APPLICATION', 0x2062: 'INVISIBLE TIMES', 0x2063: 'INVISIBLE SEPARATOR', 0x2064: 'INVISIBLE PLUS',
		0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
		0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
	};
	return names[codePoint] ?? (codePoint >= 0xe0000 && codePoint <= 0xe007f ? 'TAG CHARACTER' : 'invisible character');
}

export const hiddenUnicode: SkillRule = ({ text }, report) => {
	let reported = 0;
	for (let i = 0; i < text.lines.length && reported < maxHiddenPerFile; i++) {
		const line = text.lines[i];
		if (!anyHiddenCandidate.test(line)) {
			continue;
		}
		const hits: number[] = [];
		alwaysHidden.lastIndex = 0;
		for (let match = alwaysHidden.exec(line); match; match = alwaysHidden.exec(line)) {
			hits.push(match.index);
		}
		joiners.lastIndex = 0;
		for (let match = joiners.exec(line); match; match = joiners.exec(line)) {
			// Joiners are legitimate inside emoji sequences and in scripts that need them.
			const around = line.slice(Math.max(0, match.index - 2), match.index) + line.slice(match.index + 1, match.index + 3);
			if (!pictographicOrJoiningScript.test(around)) {
				hits.push(match.index);
			}
		}
		for (const index of hits.sort((a, b) => a - b)) {
			if (reported++ >= maxHiddenPerFile) {
				break;
			}
			const codePoint = line.codePointAt(index) as number;
			const width = codePoint > 0xffff ? 2 : 1;
			report({
				rule: 'hidden-unicode', ...spanOnLine(i + 1, index, width),
				message: `invisible character U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} ${codePointName(codePoint)}: it hides text from a reviewer while the agent still reads it${reported === maxHiddenPerFile ? ' (further ones in this file are not listed)' : ''}`,
			});
		}
	}
};
