/** A credential found in text: where it is and what kind it looks like. */
export interface SecretMatch {
	kind: string;
	/** 0-based index and length of the secret value itself (not the name it is assigned to). */
	index: number;
	length: number;
}

interface SecretPattern {
	kind: string;
	pattern: RegExp;
	/** The capture group holding the value; 0 for the whole match. */
	group: number;
	/** Patterns that match generic text check the value does not look like a placeholder. */
	checkPlaceholder?: boolean;
}

const secretPatterns: readonly SecretPattern[] = [
	{ kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, group: 0 },
	{ kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, group: 0 },
	{ kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 0 },
	{ kind: 'Anthropic API key', pattern: /\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{20,}/g, group: 0 },
	{ kind: 'OpenAI API key', pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, group: 0 },
	{ kind: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, group: 0 },
	{ kind: 'Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/g, group: 0 },
	{ kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, group: 0 },
	{ kind: 'Stripe key', pattern: /\b(?:sk|rk)_live_[0-9a-zA-Z]{24,}\b/g, group: 0 },
	{ kind: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, group: 0 },
	{ kind: 'password in a URL', pattern: /:\/\/[^\s:@/]+:([^\s@/]+)@/g, group: 1, checkPlaceholder: true },
	{
		// The pattern starts at the secret-sounding word rather than the variable name: scanning
		// names from their first character backtracks on every word of a file.
		kind: 'secret assignment',
		pattern: /(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIALS?)[A-Za-z0-9_]*["']?[ \t]*[=:][ \t]*["']?([^\s"'`,;]{8,})/gi,
		group: 1,
		checkPlaceholder: true,
	},
];

const placeholder = /^(?:\$|%|<|\{|\[|\*|x{3,}|\.{3})|(?:your|example|sample|dummy|changeme|placeholder|redacted|secret|password|token|here|xxx|\.\.\.|process\.env|os\.environ|getenv)/i;

/** A value that is plausibly real: long enough, and not a variable, a template or a word. */
function looksReal(value: string): boolean {
	if (placeholder.test(value)) {
		return false;
	}
	const classes = Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/\d/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
	return classes >= 2 && !/^[a-z_]+(?:\.[a-z_]+)+$/i.test(value) && !/^[a-z]+(?:[-_][a-z]+)*$/i.test(value);
}

/**
 * Something every secret pattern needs (matched case-insensitively), so lines without it are
 * never scanned by the patterns themselves.
 */
export const secretTriggerSource = '-----BEGIN|A[KSB]IA|ACCA|gh[pousr]_|github_pat_|sk-|xox|hooks\\.slack|AIza|_live_|eyJ|:\\/\\/[^\\s:@/]+:|SECRET|TOKEN|PASSW|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIAL';

/** Finds credentials in one line; `offset` is added to each index. Overlapping matches keep the first, most specific kind. */
export function findSecretsInLine(line: string, offset: number, into: SecretMatch[]): void {
	const found: SecretMatch[] = [];
	for (const { kind, pattern, group, checkPlaceholder } of secretPatterns) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
			const value = match[group];
			if (value === undefined || (checkPlaceholder && !looksReal(value))) {
				continue;
			}
			const index = match.index + (group === 0 ? 0 : match[0].lastIndexOf(value));
			if (!found.some(m => index < m.index + m.length && m.index < index + value.length)) {
				found.push({ kind, index, length: value.length });
			}
		}
	}
	for (const match of found.sort((a, b) => a.index - b.index)) {
		into.push({ ...match, index: match.index + offset });
	}
}
