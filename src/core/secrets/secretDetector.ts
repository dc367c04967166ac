/**
 * The one detector of credentials in text: the `secret` rule reports what it finds in a skill, and
 * redaction hides what it finds in a transcript before anything is written or sent. The kinds
 * follow the rule sets of the maintained scanners (gitleaks, detect-secrets, secretlint): token
 * formats with a known prefix, credentials assigned to secret names, in URLs, in headers and on
 * command lines, private keys, and tokens hidden in base64. Every pattern runs in time linear in
 * its line.
 */

/** A credential found in text: where it is and what kind it looks like. */
export interface SecretMatch {
	/** What it is, with its article: "an AWS access key id". */
	kind: string;
	/** 0-based index and length of the secret value itself (not the name it is assigned to). */
	index: number;
	length: number;
}

/** How a kind is found: a pattern and the group holding the value, or a function for what a pattern alone cannot say in linear time. */
interface SecretPattern {
	kind: string;
	pattern: RegExp;
	/** The capture groups that may hold the value, the first one that matched wins; [0] for the whole match. */
	groups: readonly number[];
	/** Patterns that match generic text check the value is plausible; token-shaped ones only that it is no documentation stand-in. */
	plausible?: (value: string, match: RegExpExecArray) => boolean;
}

const token = (kind: string, pattern: RegExp): SecretPattern => ({ kind, pattern, groups: [0] });
const assigned = (kind: string, pattern: RegExp, groups: readonly number[]): SecretPattern => ({ kind, pattern, groups, plausible: value => looksReal(value) });

/** Names of variables, keys and settings that hold a secret; a name must end with one (`API_TOKEN`, not `tokenizer`). */
const secretNames = 'SECRET(?:_?KEY)?|TOKEN|PASSWORD|PASSWD|PASSPHRASE|(?<![A-Za-z])PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|MASTER_?KEY|CLIENT_?SECRET|CREDENTIALS?';
/** A value after `=` or `:`: quoted (spaces allowed) or bare. */
const assignedValue = '(?:"([^"\\n]{6,})"|\'([^\'\\n]{6,})\'|`([^`\\n]{6,})`|([^\\s"\'`,;]{8,}))';

const secretPatterns: readonly SecretPattern[] = [
	token('a private key', /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g),
	token('an AWS access key id', /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g),
	token('a GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g),
	token('a GitLab token', /\bgl(?:pat|dt|ptt|rt|cbt|soat|ft|imt|oas)-[0-9A-Za-z_-]{20,}/g),
	token('an npm token', /\bnpm_[A-Za-z0-9]{36}\b/g),
	token('a PyPI token', /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g),
	token('a Hugging Face token', /\b(?:hf_|api_org_)[A-Za-z0-9]{30,}\b/g),
	token('an Anthropic API key', /\bsk-ant-[a-z]+\d*-[A-Za-z0-9_-]{20,}/g),
	token('an OpenAI API key', /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g),
	token('a Slack token', /\bxox[abposre]-[A-Za-z0-9-]{10,}/g),
	token('a Slack webhook', /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g),
	token('a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/g),
	token('a Stripe key', /\b(?:sk|rk)_(?:live|test|prod)_[0-9a-zA-Z]{24,}\b/g),
	token('a SendGrid API key', /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}\b/g),
	token('a Twilio API key', /\bSK[0-9a-fA-F]{32}\b/g),
	token('a Shopify token', /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g),
	token('a DigitalOcean token', /\bdo[opr]_v1_[a-f0-9]{64}\b/g),
	token('a Linear API key', /\blin_api_[A-Za-z0-9]{40}\b/g),
	token('a Databricks token', /\bdapi[a-f0-9]{32}(?:-\d)?\b/g),
	token('a Postman API key', /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g),
	token('an age secret key', /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g),
	token('a JSON Web Token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g),
	{ kind: 'a bearer token', pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/g, groups: [1], plausible: looksReal },
	assigned('credentials in an Authorization header', /\bAuthorization["']?[ \t]*[:=][ \t]*["']?(?:Basic|Token|Digest|ApiKey)[ \t]+([A-Za-z0-9+/=._~-]{8,})/gi, [1]),
	assigned('an API key in a header', /\b(?:x-api-key|api-key|x-auth-token|x-access-token|private-token|x-goog-api-key)["']?[ \t]*[:=][ \t]*["']?([A-Za-z0-9._~+/=-]{12,})/gi, [1]),
	{ kind: 'a password in a URL', pattern: /:\/\/([^\s:@/]+):([^\s@/]+)@/g, groups: [2], plausible: (value, match) => !placeholder.test(value) && !placeholderWord.test(value) && value !== match[1] && !isDocumentationToken(value) },
	// The pattern starts at the end of the name rather than at its first character, which would backtrack on every word of a file.
	assigned('a value assigned to a secret-named variable', new RegExp(`(?:${secretNames})(?![A-Za-z0-9_])["']?[ \\t]*[=:][ \\t]*${assignedValue}`, 'gi'), [1, 2, 3, 4]),
];

/** A database client given its password on the command line (`mysql -p<password>`, `--password=…`): a program word, then the flag anywhere after it. */
const databaseClient = /\b(?:mysql|mysqldump|mysqladmin|mariadb|psql|pg_dump|mongo|mongosh|redis-cli)\b/g;
const passwordFlag = /[ \t](?:-p|--password[= ]|-a[ \t]+)(?!["'$<{[])([^\s"'-][^\s"']{3,})/g;

/** A value that names where the secret comes from rather than being it: `$TOKEN`, `<token>`, `process.env.X`, a call. */
const reference = /^(?:\$|%|<|\{|\[|\*|\.{3})|process\.env|os\.environ|getenv|\(/;
const placeholder = /^(?:\$|%|<|\{|\[|\*|x{3,}|\.{3})|(?:your|example|sample|dummy|changeme|placeholder|redacted|secret|password|token|here|xxx|\.\.\.|process\.env|os\.environ|getenv)/i;
const documentationMarker = /example|sample|dummy|placeholder|redacted|your|fake|x{4,}|\*{3,}|\.{3}|<|>/i;
/** Passwords that documentation writes for "a password here": `user:pass`, `USER:PASS`, `PROXY_PASSWORD`, `admin`. */
const placeholderWord = /^(?:[Pp]ass(?:word|wd)?|pwd|pw|secret|changeme|test(?:ing)?|demo|admin|root|guest|user(?:name)?|foo|bar|baz|qwerty|letmein|[A-Z][A-Z0-9_]*)$/;
/** A public blockchain address (`0x` and 40 hex digits): a `TOKEN` set to one names a contract, it holds no secret. */
const publicAddress = /^0x[0-9a-fA-F]{40}$/;
/** A line that presents what follows as an example: its value is one too. */
const exampleLine = /\b(?:example|e\.g\.|for instance|sample|such as|format|looks like)\b/i;

/**
 * Whether most of a value is runs of counting characters (`123`, `456`, `abc`) or of one repeated
 * character: `app-123456`, `xoxp-123-456-abc` are stand-ins, not keys.
 */
function isSequential(value: string): boolean {
	const chars = value.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
	let inRuns = 0;
	let run = 1;
	for (let i = 1; i <= chars.length; i++) {
		const step = i < chars.length ? chars.charCodeAt(i) - chars.charCodeAt(i - 1) : NaN;
		if (step === 1 || step === 0) {
			run++;
		} else {
			inRuns += run >= 3 ? run : 0;
			run = 1;
		}
	}
	return chars.length > 0 && inRuns / chars.length >= 0.6;
}

/** A private key header written about rather than holding a key: in inline code, or after words on its line. */
function headerInProse(line: string, index: number): boolean {
	const before = line.slice(0, index);
	return before.includes('`') || /[A-Za-z]{2,}[^"'=:]*$/.test(before);
}

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
	if (placeholder.test(value) || isDocumentationToken(value) || isSequential(value) || publicAddress.test(value) || /[()[\]{}]/.test(value)) {
		return false;
	}
	return /[A-Za-z]/.test(value) && /\d/.test(value) && !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

/** Bits of information per character: random tokens carry about 5 or more, words and hexadecimal 4 or less. */
function entropy(value: string): number {
	const counts = new Map<string, number>();
	for (const char of value) {
		counts.set(char, (counts.get(char) ?? 0) + 1);
	}
	let bits = 0;
	for (const count of counts.values()) {
		const share = count / value.length;
		bits -= share * Math.log2(share);
	}
	return bits;
}

/**
 * Something every pattern above needs (matched case-insensitively), so lines without it are
 * never scanned by the patterns themselves. Base64 of a token starts with the encoding of its
 * prefix (`Z2hwX` is `ghp_`). Each alternative starts with two literal characters or more, which
 * the lead filter of `lineTriggers` looks for.
 */
export const secretTriggerSource = '-----BEGIN|Bearer|Authorization|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|gl(?:pat|dt|ptt|rt|cbt|soat|ft|imt|oas)-|npm_|pypi-|hf_|api_org_|sk-|\\bsk_|\\brk_|xox|hooks\\.slack|AIza|SG\\.|SK[0-9a-f]{8}|shp|do[opr]_v1|lin_api|dapi|PMAK|AGE-SECRET|eyJ|:\\/\\/[^\\s:@/]+:|api-key|auth-token|access-token|private-token|SECRET|TOKEN|PASS|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|MASTER_?KEY|CREDENTIAL|mysql|mariadb|psql|pg_dump|mongo|redis-cli|Z2hwX|Z2l0aHViX3BhdF|c2st|eG94|QUtJQ|Z2xwYXQt|bnBtX|aGZf|ZXlK';

const trigger = new RegExp(secretTriggerSource, 'i');

/**
 * A run of base64 long enough to hold a token and short enough to be one: a longer run (an image
 * pasted into a session, megabytes on one line) is no token, and matching it whole would exhaust
 * the pattern engine's backtracking stack.
 */
const base64Candidate = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,4096}={0,2}(?![A-Za-z0-9+/=])/g;

/** Tokens hidden in base64 (`echo Z2hwX… | base64 -d`): the decoded text is searched, and the whole encoded run reported. */
function findEncoded(line: string, found: SecretMatch[], eager: boolean): void {
	base64Candidate.lastIndex = 0;
	for (let match = base64Candidate.exec(line); match; match = base64Candidate.exec(line)) {
		const decoded = Buffer.from(match[0], 'base64').toString('latin1');
		if (!/^[\x20-\x7e\t\r\n]+$/.test(decoded)) {
			continue;
		}
		const inside: SecretMatch[] = [];
		findSecretsInLine(decoded, 0, inside, eager, false);
		if (inside.length > 0) {
			found.push({ kind: `${inside[0].kind.replace(/^an? /, 'a base64-encoded ')}`, index: match.index, length: match[0].length });
		}
	}
}

/** How often neighbouring characters change class (lower case, upper case, digit, other): random data changes at most steps, names and paths seldom. */
function classChanges(value: string): number {
	const classOf = (char: string) => (/[a-z]/.test(char) ? 0 : /[A-Z]/.test(char) ? 1 : /\d/.test(char) ? 2 : 3);
	let changes = 0;
	for (let i = 1; i < value.length; i++) {
		if (classOf(value[i]) !== classOf(value[i - 1])) {
			changes++;
		}
	}
	return changes / (value.length - 1);
}

/** Long runs of token characters that read as random data: a credential of no known format (a bare AWS secret key); capped like `base64Candidate`. */
const highEntropyCandidate = /(?<![A-Za-z0-9/+_=-])[A-Za-z0-9/+_=-]{32,4096}(?![A-Za-z0-9/+_=-])/g;

function findHighEntropy(line: string, found: SecretMatch[]): void {
	highEntropyCandidate.lastIndex = 0;
	for (let match = highEntropyCandidate.exec(line); match; match = highEntropyCandidate.exec(line)) {
		const value = match[0];
		const count = (pattern: RegExp) => value.match(pattern)?.length ?? 0;
		if (count(/[a-z]/g) >= 2 && count(/[A-Z]/g) >= 2 && count(/\d/g) >= 2 && entropy(value) >= 4.3 && classChanges(value) >= 0.4) {
			found.push({ kind: 'a credential of unknown kind', index: match.index, length: value.length });
		}
	}
}

function findDatabasePasswords(line: string, found: SecretMatch[], eager: boolean): void {
	databaseClient.lastIndex = 0;
	const client = databaseClient.exec(line);
	if (!client) {
		return;
	}
	passwordFlag.lastIndex = client.index + client[0].length;
	for (let match = passwordFlag.exec(line); match; match = passwordFlag.exec(line)) {
		const value = match[1];
		if (eager ? !reference.test(value) : looksReal(value)) {
			found.push({ kind: 'a database password on a command line', index: match.index + match[0].length - value.length, length: value.length });
		}
	}
}

/**
 * Finds credentials in one line; `offset` is added to each index. Overlapping matches keep the
 * first, most specific kind. An `eager` search, for redacting transcripts, also takes values
 * that only look like documentation and long random-looking runs of no known format: hiding a
 * harmless value costs nothing there.
 */
export function findSecretsInLine(line: string, offset: number, into: SecretMatch[], eager = false, decode = true): void {
	const found: SecretMatch[] = [];
	// Most lines hold nothing any pattern needs; the rule only hands over lines that do.
	const patterns = !eager || trigger.test(line) ? secretPatterns : [];
	for (const { kind, pattern, groups, plausible } of patterns) {
		pattern.lastIndex = 0;
		for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
			const group = groups.find(candidate => match![candidate] !== undefined);
			const value = group === undefined ? undefined : match[group];
			if (value === undefined || group === undefined) {
				continue;
			}
			const rejected = eager
				? group !== 0 && reference.test(value)
				: plausible
					? !plausible(value, match) || exampleLine.test(line.slice(0, match.index))
					: isDocumentationToken(value) || isSequential(value.replace(/^[a-z]+[-_]/i, '')) || /^(?:\.{3}|…)/.test(line.slice(match.index + match[0].length)) || (kind === 'a private key' && headerInProse(line, match.index));
			if (rejected) {
				continue;
			}
			found.push({ kind, index: match.index + (group === 0 ? 0 : match[0].lastIndexOf(value)), length: value.length });
		}
	}
	findDatabasePasswords(line, found, eager);
	if (decode) {
		findEncoded(line, found, eager);
	}
	if (eager) {
		findHighEntropy(line, found);
	}
	const kept: SecretMatch[] = [];
	for (const match of found) {
		if (!kept.some(other => match.index < other.index + other.length && other.index < match.index + match.length)) {
			kept.push(match);
		}
	}
	for (const match of kept.sort((a, b) => a.index - b.index)) {
		into.push({ ...match, index: match.index + offset });
	}
}
