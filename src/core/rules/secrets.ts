/** A credential found in text: where it is and what kind it looks like. */
export interface SecretMatch {
	/** What it is, with its article: "an AWS access key id". */
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
	/** Patterns that match generic text check the value is plausible; token-shaped ones only that it is no documentation stand-in. */
	plausible?: (value: string) => boolean;
}

const secretPatterns: readonly SecretPattern[] = [
	{ kind: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g, group: 0 },
	{ kind: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, group: 0 },
	{ kind: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, group: 0 },
	{ kind: 'an Anthropic API key', pattern: /\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{20,}/g, group: 0 },
	{ kind: 'an OpenAI API key', pattern: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, group: 0 },
	{ kind: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, group: 0 },
	{ kind: 'a Slack webhook', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/g, group: 0 },
	{ kind: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, group: 0 },
	{ kind: 'a Stripe key', pattern: /\b(?:sk|rk)_live_[0-9a-zA-Z]{24,}\b/g, group: 0 },
	{ kind: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, group: 0 },
	{ kind: 'a bearer token', pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/g, group: 1, plausible: value => looksReal(value) },
	{ kind: 'a password in a URL', pattern: /:\/\/[^\s:@/]+:([^\s@/]+)@/g, group: 1, plausible: value => !placeholder.test(value) && !isDocumentationToken(value) },
	{
		// The name must end with the secret-sounding word (`API_TOKEN=`, not `tokenizer =`); the
		// pattern starts there rather than at the name's first character, which would backtrack
		// on every word of a file.
		kind: 'a value assigned to a secret-named variable',
		pattern: /(?:SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIALS?)(?![A-Za-z0-9_])["']?[ \t]*[=:][ \t]*(["']?)([^\s"'`,;]{8,})\1/gi,
		group: 2,
		plausible: value => looksReal(value),
	},
];

/** A value that names where the secret comes from rather than being it: `$TOKEN`, `<token>`, `process.env.X`, a call. */
const reference = /^(?:\$|%|<|\{|\[|\*|\.{3})|process\.env|os\.environ|getenv|\(/;
const placeholder = /^(?:\$|%|<|\{|\[|\*|x{3,}|\.{3})|(?:your|example|sample|dummy|changeme|placeholder|redacted|secret|password|token|here|xxx|\.\.\.|process\.env|os\.environ|getenv)/i;
const documentationMarker = /example|sample|dummy|placeholder|redacted|your|fake|x{4,}|\*{3,}|\.{3}|<|>/i;

/**
 * Whether a token-shaped value is a stand-in from documentation: it says so (AWS's own
 * `AKIAIOSFODNN7EXAMPLE`), or it is mostly one repeated character (`sk-xxxx…`).
 */
function isDocumentationToken(value: string): boolean {
	if (documentationMarker.test(value)) {
		return true;
	}
	const counts = new Map<string, number>();
	for (const char of value) {
		counts.set(char, (counts.get(char) ?? 0) + 1);
	}
	return Math.max(...counts.values()) > value.length / 2;
}

/**
 * A value that is plausibly a real credential rather than code: letters and digits mixed, no
 * call, type or property path (`build(...)`, `Column`, `os.environ`), not a placeholder.
 */
function looksReal(value: string): boolean {
	if (placeholder.test(value) || isDocumentationToken(value) || /[()[\]{}]/.test(value)) {
		return false;
	}
	return /[A-Za-z]/.test(value) && /\d/.test(value) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

/**
 * Something every secret pattern needs (matched case-insensitively), so lines without it are
 * never scanned by the patterns themselves.
 */
export const secretTriggerSource = '-----BEGIN|Bearer|A[KSB]IA|ACCA|gh[pousr]_|github_pat_|sk-|xox|hooks\\.slack|AIza|_live_|eyJ|:\\/\\/[^\\s:@/]+:|SECRET|TOKEN|PASSW|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|CREDENTIAL';

/**
 * Finds credentials in one line; `offset` is added to each index. Overlapping matches keep the
 * first, most specific kind. An `eager` search, for redacting transcripts, also takes values
 * that only look like documentation: hiding a harmless value costs nothing there.
 */
export function findSecretsInLine(line: string, offset: number, into: SecretMatch[], eager = false): void {
	const found: SecretMatch[] = [];
	for (const { kind, pattern, group, plausible } of secretPatterns) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
			const value = match[group];
			const rejected = eager ? group !== 0 && reference.test(value ?? '') : plausible ? !plausible(value) : isDocumentationToken(value);
			if (value === undefined || rejected) {
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
