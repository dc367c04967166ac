import type { Severity } from '../check/findings';
import { bucketCap } from '../duplicates/nearDuplicateIndex';

export type OptionValue = number | string | boolean | readonly string[];

export interface RuleOption {
	default: OptionValue;
	description: string;
}

/**
 * Everything known about a rule apart from its code: the single source for configuration
 * checks, `docs/rules.md`, SARIF rule metadata and editor hovers. Rule ids are a public interface.
 */
export interface RuleMeta {
	id: string;
	severity: Severity;
	/** `library` rules compare skills with each other; `skill` rules read one skill; `input` rules report files that could not be read. */
	scope: 'skill' | 'library' | 'input';
	group: 'Input' | 'Spec' | 'Size' | 'Structure' | 'Duplication' | 'Freshness' | 'References' | 'Markdown' | 'Security';
	title: string;
	flags: string;
	why: string;
	fix: string;
	/** What the quick fix and `skill-distiller fix` do, for the rules that have one. */
	autofix?: string;
	/**
	 * `safe` fixes edit text in place and keep its meaning: Fix All applies them (on save, in the
	 * library, `skill-distiller fix`). `suggested` fixes move or restructure content, or write the
	 * configuration: offered to a person, never applied unasked.
	 */
	fixTier?: 'safe' | 'suggested';
	options: Record<string, RuleOption>;
}

const noOptions: Record<string, RuleOption> = {};

const rules = [
	{
		id: 'file-unreadable', severity: 'error', scope: 'input', group: 'Input',
		title: 'SKILL.md cannot be read as text',
		flags: 'A `SKILL.md` that cannot be read (permissions, I/O error), is not a plain file (a folder, a named pipe, a device), is larger than `maxBytes`, is binary, or is not valid UTF-8.',
		why: 'An agent cannot load a skill whose file it cannot decode; the rest of the library is still checked. Only plain files of a bounded size are read, so a hostile skill pack cannot hang the check or fill its memory.',
		fix: 'Restore the file from version control or re-save it as UTF-8 Markdown.',
		options: { maxBytes: { default: 5 * 1024 * 1024, description: 'Largest SKILL.md read, in bytes; a larger one is reported, not read.' } },
	},
	{
		id: 'scan-error', severity: 'warning', scope: 'input', group: 'Input',
		title: 'A folder could not be scanned',
		flags: 'A folder that could not be listed, a symbolic-link loop, or a scan that stopped at its depth or size limit.',
		why: 'Skills below such a folder are not checked, and an agent may not load them either.',
		fix: 'Fix the folder\'s permissions or the link; or narrow the paths you check.',
		options: noOptions,
	},
	{
		id: 'frontmatter-invalid', severity: 'error', scope: 'skill', group: 'Spec',
		title: 'Frontmatter missing or not valid YAML',
		flags: 'No frontmatter, an unclosed `---` block, YAML that does not parse (the message carries the YAML error and its line), frontmatter that is not a mapping, or a byte-order mark before the opening `---` (a warning).',
		why: 'Clients skip a skill whose frontmatter they cannot parse, silently. The skill is still listed and every other file is still checked.',
		fix: 'Start the file with a `---` line, close the block with another `---` line, and quote values that contain `: ` or start with a special character (`description: "Use when: …"`).',
		autofix: 'adds the closing `---` after the lines of YAML that open the file, double-quotes a value that holds `: `, or indents with spaces where tabs indent; each is offered only when the frontmatter then parses.',
		fixTier: 'suggested',
		options: noOptions,
	},
	{
		id: 'name-missing', severity: 'error', scope: 'skill', group: 'Spec',
		title: 'No `name`',
		flags: 'Frontmatter without a `name`.',
		why: 'The Agent Skills spec requires a name; Claude Code falls back to the folder name (its profile turns this rule off), VS Code warns.',
		fix: 'Add `name: <folder-name>`.',
		autofix: 'adds `name:` with the folder\'s name.',
		fixTier: 'safe',
		options: noOptions,
	},
	{
		id: 'name-format', severity: 'error', scope: 'skill', group: 'Spec',
		title: '`name` breaks the spec\'s format',
		flags: 'A name that is not 1–64 characters of `a-z`, `0-9` and `-`, starts or ends with `-`, contains `--`, or contains a path separator.',
		why: 'VS Code silently fails to load a skill with an invalid name, and a name is used to build paths.',
		fix: 'Use lower-case words joined by single hyphens, e.g. `processing-pdfs`.',
		autofix: 'sets `name` to the folder\'s name, or to a valid form of the current name when the folder\'s is not valid either.',
		fixTier: 'safe',
		options: noOptions,
	},
	{
		id: 'name-mismatch', severity: 'warning', scope: 'skill', group: 'Spec',
		title: '`name` differs from its folder',
		flags: 'A name that is not equal to the name of the folder holding `SKILL.md` (not for proposals, whose folders are named per proposal).',
		why: 'The spec requires them to match; extensions that contribute skills are not loaded when they differ.',
		fix: 'Rename the folder or set `name` to the folder name.',
		autofix: 'sets `name` to the folder\'s name.',
		fixTier: 'safe',
		options: noOptions,
	},
	{
		id: 'description-missing', severity: 'error', scope: 'skill', group: 'Spec',
		title: 'No `description`',
		flags: 'Frontmatter without a non-empty `description`.',
		why: 'The description is all an agent sees when it decides whether to load a skill; clients skip skills without one.',
		fix: 'Say what the skill does and when to use it, in the third person: "Processes PDF forms. Use when …".',
		options: noOptions,
	},
	{
		id: 'description-too-long', severity: 'error', scope: 'skill', group: 'Spec',
		title: '`description` over 1,024 characters',
		flags: 'A description longer than the spec\'s limit.',
		why: 'Codex and other clients skip such a skill entirely; Claude Code truncates long descriptions in its listing.',
		fix: 'Keep the trigger conditions in the description and move the rest into a `## When to use` section of the body.',
		autofix: 'keeps the whole sentences that fit and moves the rest, word for word, into a `## When to use` section of the body (created after the title when missing).',
		fixTier: 'suggested',
		options: { maxLength: { default: 1024, description: 'Longest allowed description, in characters.' } },
	},
	{
		id: 'compatibility-too-long', severity: 'warning', scope: 'skill', group: 'Spec',
		title: '`compatibility` over 500 characters',
		flags: 'A `compatibility` value longer than the spec\'s limit.',
		why: 'The spec caps it at 500 characters; most skills do not need the field at all.',
		fix: 'State only the environment requirements (product, system packages, network).',
		options: { maxLength: { default: 500, description: 'Longest allowed compatibility text, in characters.' } },
	},
	{
		id: 'unknown-field', severity: 'info', scope: 'skill', group: 'Spec',
		title: 'Frontmatter key the target client does not know',
		flags: 'A top-level key that is neither in the spec, nor a field of the target client, nor a lifecycle key. In the strict profile it is a warning and lifecycle keys belong under `metadata`.',
		why: 'Strict validators (skills-ref, `gh skill publish`) reject unknown top-level keys; clients ignore them.',
		fix: 'Move the key under `metadata:` as a string value, or remove it.',
		options: { allow: { default: [], description: 'Extra top-level keys to accept.' } },
	},
	{
		id: 'misspelt-field', severity: 'warning', scope: 'skill', group: 'Spec',
		title: 'Frontmatter key that nearly matches one a client reads',
		flags: 'A top-level key that is a near miss of a key some client reads: other separators or case (`user_invocable`, `disable_model_invocation`, `when-to-use`, `allowed_tools`), or one letter off in a long key (`descripton`).',
		why: 'Claude Code ignores keys it does not know without a word, so a misspelt `disable-model-invocation` silently leaves the skill invocable.',
		fix: 'Rename the key to the one the message names.',
		autofix: '**Rename to `<key>`** renames the key in place; its value is kept. Suggested, never applied unasked: the key starts to take effect.',
		fixTier: 'suggested',
		options: noOptions,
	},
	{
		id: 'boolean-value', severity: 'warning', scope: 'skill', group: 'Spec',
		title: 'A true/false field some targeted client does not read as one',
		flags: 'A field a targeted client reads as true or false (`disable-model-invocation`, `user-invocable`, `background`) written as `yes`/`no`, `on`/`off` or `1`/`0` when some targeted client reads only `true` and `false`, or written as anything else.',
		why: 'Claude Code (since 2.1.218) reads yes/no, on/off and 1/0 as booleans; YAML and the other clients read them as text, so the same skill behaves differently per client.',
		fix: 'Write `true` or `false`.',
		options: noOptions,
	},
	{
		id: 'reserved-name', severity: 'error', scope: 'skill', group: 'Spec',
		title: 'A name a targeted client keeps for itself',
		flags: 'A `name` (or, without one, the folder name) that a targeted client reserves: Claude Code keeps `synced` and names starting `anthropic-skills`.',
		why: 'The client does not load a skill under a reserved name.',
		fix: 'Choose another name, and rename the folder with it.',
		options: noOptions,
	},
	{
		id: 'nested-skill', severity: 'info', scope: 'skill', group: 'Structure',
		title: 'A skill inside another skill\'s folder',
		flags: 'A `SKILL.md` in a folder below another skill\'s folder (an index skill with sub-skills). It is listed and checked like any skill; the finding says how each targeted client treats it.',
		why: 'Clients differ: Codex walks a root and loads it as a skill of its own, Claude Code loads only a skills folder\'s direct children, so to it the nested skill is a file of the outer one.',
		fix: 'Nothing, if that is what you want; otherwise move the skill to the root, or point to it from the outer skill.',
		options: noOptions,
	},
	{
		id: 'buried-rule', severity: 'info', scope: 'skill', group: 'Structure',
		title: 'A rule past what a client keeps of a long skill',
		flags: 'The heading of a rules section (rules, gotchas, warnings, safety) or a line that opens with NEVER, ALWAYS, MUST, DO NOT or IMPORTANT, placed after the first 5,000 tokens of the body (for Claude Code) or after line 220 (for Codex). Once per skill and client; a section that starts in time is not reported.',
		why: 'After compaction Claude Code keeps the first 5,000 tokens of each skill; Codex\'s model was seen to read about the first 220 lines of a `SKILL.md`. A rule below that may never reach the agent.',
		fix: 'Move the rules that matter near the top, and offload long reference material to sidecar files.',
		options: noOptions,
	},
	{
		id: 'unseen-by-claude-code', severity: 'info', scope: 'library', group: 'Structure',
		title: 'A skill in `.agents/skills`, which Claude Code does not read',
		flags: 'A skill in a project\'s or the home folder\'s `.agents/skills` when Claude Code is among the targets and no symbolic link from a folder Claude Code reads (`.claude/skills`) reaches it. A skill folder linked into both is one skill, seen by the clients of both.',
		why: '`.agents/skills` is read by Codex, VS Code and Copilot CLI, Cursor and others, but not by Claude Code: teams link the folder into `.claude/skills` so that every agent sees one copy.',
		fix: 'Link the skill folder into `.claude/skills` (a relative symbolic link), or move it there.',
		autofix: 'in VS Code, **Make visible to Claude Code** creates the relative symbolic link `.claude/skills/<folder>` beside `.agents/skills`; it is refused when something is already there, and offered only when Claude Code is a target.',
		fixTier: 'suggested',
		options: noOptions,
	},
	{
		id: 'body-too-long', severity: 'warning', scope: 'skill', group: 'Size',
		title: 'Body over 500 lines',
		flags: 'A body (the lines after the closing `---`) longer than the limit.',
		why: 'The whole body is loaded into the agent\'s context when the skill activates; the spec recommends under 500 lines.',
		fix: 'Offload examples, reference material and long workflows to sidecar files one level deep, with a pointer line saying when to read each.',
		autofix: '**Offload to sidecar…** moves whole sections under their headings to `examples.md`, `reference.md`, `workflow.md` or `references/<topic>.md` by what their heading says, leaving the heading and a pointer that says when to read the file. In the editor you pick the sections (the largest examples, reference and workflow sections are picked already); the CLI picks them the same way, until the body fits.',
		fixTier: 'suggested',
		options: { maxLines: { default: 500, description: 'Longest allowed body, in lines.' } },
	},
	{
		id: 'body-too-many-tokens', severity: 'warning', scope: 'skill', group: 'Size',
		title: 'Body over ~5,000 tokens',
		flags: 'A body whose estimated token count (characters ÷ `charsPerToken`) exceeds the limit.',
		why: 'Dense prose with long lines slips through a line cap but still fills the context window.',
		fix: 'Offload reference material to sidecar files; cut repetition.',
		autofix: 'the same section offload as body-too-long, until the body fits the token estimate.',
		fixTier: 'suggested',
		options: {
			maxTokens: { default: 5000, description: 'Largest allowed estimated token count.' },
			charsPerToken: { default: 4, description: 'Characters per token used for the estimate.' },
		},
	},
	{
		id: 'code-heavy', severity: 'warning', scope: 'skill', group: 'Size',
		title: 'Body is mostly code',
		flags: 'A body where at least `ratio` of the lines sit inside fenced code blocks (fence lines included). Bodies shorter than `minLines` are not judged.',
		why: 'A skill is instructions; code pasted into it costs context on every activation. Scripts belong in `scripts/`, run by path.',
		fix: 'Offload the blocks to `scripts/` and keep a one-line pointer that says when to run each.',
		autofix: 'offloads every fenced block of five lines or more at once, as long-code-block does one.',
		fixTier: 'suggested',
		options: {
			ratio: { default: 0.5, description: 'Share of body lines inside code fences that makes a body code-heavy.' },
			minLines: { default: 20, description: 'Shortest body that is judged.' },
		},
	},
	{
		id: 'long-code-block', severity: 'warning', scope: 'skill', group: 'Size',
		title: 'Fenced code block of 20+ lines',
		flags: 'One fenced code block with at least `minLines` lines between its fences.',
		why: 'Long code belongs in a script the agent runs, not in text it must read.',
		fix: 'Offload to `scripts/<name>.<ext>` and leave a pointer that says what to do with it: run the script, import the module, copy the configuration or read the example.',
		autofix: '**Offload to `scripts/<name>.<ext>`**: the block\'s content (without its fences and the indentation that placed it) becomes the file, named after the nearest heading with the extension of the fence language, never an existing file; the block is replaced by a one-line pointer worded by what the block is: a script to run, a module to import (naming what it defines), a configuration to copy, an example to read.',
		fixTier: 'suggested',
		options: { minLines: { default: 20, description: 'Lines between the fences that make a block long.' } },
	},
	{
		id: 'dated-sections', severity: 'warning', scope: 'skill', group: 'Structure',
		title: 'Many dated or lessons sections',
		flags: 'At least `minSections` headings that carry a date (`## Learned 2026-04-08`) or are lessons logs (`## Lessons …`).',
		why: 'Lessons appended session after session turn a skill into a diary the agent must read every time.',
		fix: 'Fold each lesson into the section it belongs to, and move the log to `lessons.md`.',
		autofix: '**Offload lessons to `lessons.md`**: every dated and lessons section moves, in order and under its own heading, and SKILL.md keeps one pointer line. An existing `lessons.md` is appended to under a heading of its own.',
		fixTier: 'suggested',
		options: { minSections: { default: 5, description: 'Number of dated sections that triggers the rule.' } },
	},
	{
		id: 'patch-section', severity: 'warning', scope: 'skill', group: 'Structure',
		title: 'A section that patches earlier guidance',
		flags: 'A heading such as `Patch 2026-05-01`, `Correction`, `Update:` or `Erratum` that amends guidance given elsewhere in the skill.',
		why: 'The agent reads the wrong guidance first and the patch second; it may follow either.',
		fix: 'Edit the original section in place and delete the patch.',
		autofix: 'none; **Go to the original section** opens the section the patch most likely amends.',
		options: noOptions,
	},
	{
		id: 'empty-section', severity: 'warning', scope: 'skill', group: 'Structure',
		title: 'A section with nothing in it',
		flags: 'A heading of level 2 or deeper with only blank lines under it before the next heading of its level or higher, such as the `## When to use`, `## Key Workflows` and `## Gotchas` placeholders **Skills: New Skill…** writes. A section holding only subsections is not empty.',
		why: 'An empty section tells the agent nothing, costs its tokens, and reads as if guidance were missing; in a draft it is a placeholder still to fill.',
		fix: 'Write what belongs under the heading, or remove the heading.',
		options: noOptions,
	},
	{
		id: 'invalid-suppression', severity: 'warning', scope: 'skill', group: 'Structure',
		title: 'A suppression that suppresses nothing',
		flags: 'A `<!-- skill-distiller-disable-next-line <rule> -- <reason> -->` or `<!-- skill-distiller-disable <rule> -- <reason> -->` comment that gives no reason after ` -- `, names no rule, or names a rule that does not exist. Such a comment is ignored. (A `suppress` entry of the configuration file without a `reason` is reported the same way, on the configuration file.)',
		why: 'A suppression hides a finding from everyone who reads the library later; the reason is what lets them judge whether it still holds.',
		fix: 'Name the rules, comma-separated, and write the reason after ` -- `: `<!-- skill-distiller-disable-next-line secret -- a documented test key -->`.',
		options: noOptions,
	},
	{
		id: 'duplicate-name', severity: 'error', scope: 'library', group: 'Duplication',
		title: 'Two skills a client loads together share a name',
		flags: 'Skills with the same name in roots that one client loads together (project and user roots of the same client, or any two folders checked together). A Claude Code plugin\'s skill (`<plugin>/skills/<name>/SKILL.md` with `.claude-plugin/plugin.json` or `plugin.json` at the plugin\'s root) is named `<plugin>:<name>`, as Claude Code namespaces it, so two plugins\' `setup` skills do not clash. One skill folder reached through symbolic links from two roots is one skill.',
		why: 'One shadows the other: project skills override user skills, and which one wins is otherwise undefined.',
		fix: 'Rename one of them, or delete the stale copy.',
		options: noOptions,
	},
	{
		id: 'listing-budget', severity: 'warning', scope: 'library', group: 'Size',
		title: 'A skill a client truncates or leaves out of its listing',
		flags: 'Each targeted client\'s listing of skills to the model, simulated from its documented rules (client version and context window are the `listing` settings): **Claude Code** (from 2.1.218) cuts each entry — `description` plus `when_to_use` — at 1,536 characters, gives the listing 1% of the context window (8,000 characters when the window is not set), leaves out `disable-model-invocation: true` skills, and on overflow keeps every name while the least-used skills lose their descriptions first (with no usage known, the last in name order); earlier versions had 2% and 16,000 characters (from 2.1.32), or 15,000 characters. **Codex** gives skill metadata 2% of the context window at about 4 characters a token (8,000 characters when not set), lists `- name: description (file: path)`, project skills before personal ones, by name, shortens every description to one common length, then leaves out skills from the end; it does not load a skill whose description is missing or over 1,024 characters. **Copilot CLI** lists about 15,000 characters in name order and cuts the rest. A skill reduced to its name or left out is a warning; one whose text is cut short is information. Only clients among the targets are simulated, each over the skills of the roots it reads.',
		why: 'Clients cut the listing silently: a skill left out, or listed by name alone, is one the agent never chooses, and text cut from a description loses the "when to use" that makes it chosen.',
		fix: 'Shorten descriptions to what the skill does and when to use it; move the rest into `when_to_use` (which Claude Code reads) or the body; disable model invocation for skills only a person calls; split the library per project. **Skills: Show Listing Budget** (or `skill-distiller listing`) shows each listing whole: the skills in order, what each costs and where the cut falls.',
		autofix: 'keeps the description\'s whole sentences within `shortLength` characters and moves the rest, word for word, into `when_to_use` (offered when Claude Code, which reads it, is a target but not the client cutting the skill: it lists `when_to_use` with the description; Codex and Copilot CLI list the description alone) or into a `## When to use` section of the body.',
		fixTier: 'suggested',
		options: { shortLength: { default: 250, description: 'How long the quick fix leaves a description, in characters (whole sentences).' } },
	},
	{
		id: 'duplicate-description', severity: 'warning', scope: 'library', group: 'Duplication',
		title: 'Near-identical descriptions',
		flags: 'Descriptions whose word-pair overlap (Jaccard similarity) is at least `similarity`, both on what the skill does and on when to use it (the part from "Use when …", "Use for …", "Triggers: …" on), with "Not for X (use Y)" clauses left out of the comparison. A pair of skills listed in the configuration\'s `distinct` is not reported.',
		why: 'An agent chooses a skill by its description; it cannot choose between two that say the same thing.',
		fix: 'Merge the skills, or make each description say what sets it apart; if they are distinct, mark the pair so.',
		autofix: 'in VS Code, **Mark as distinct from …** adds the pair to `distinct` in `.skill-distiller.json`.',
		fixTier: 'suggested',
		options: { similarity: { default: 0.8, description: 'Jaccard similarity of word pairs at which two descriptions count as the same.' } },
	},
	{
		id: 'duplicate-content', severity: 'warning', scope: 'library', group: 'Duplication',
		title: 'A passage copied from another skill',
		flags: 'A paragraph, list or code block of at least `minWords` words that is near-identical (Jaccard similarity of word 3-grams ≥ `similarity`) to one in another skill. A passage found in `boilerplateSkills` or more skills is shared boilerplate: it is reported once, as information, on the first skill (by path) that holds it. A template repeated with variations so often that more than ' + bucketCap + ' distinct variants look alike is boilerplate too, and is not reported.',
		why: 'Copies drift apart; one canonical place, cross-linked, stays right.',
		fix: 'Keep the passage in one skill (or a shared reference file) and link to it from the others.',
		options: {
			similarity: { default: 0.8, description: 'Jaccard similarity of word 3-grams at which two passages count as the same.' },
			minWords: { default: 30, description: 'Shortest passage compared, in words.' },
			boilerplateSkills: { default: 10, description: 'Number of skills sharing a passage that makes it boilerplate.' },
		},
	},
	{
		id: 'time-sensitive', severity: 'warning', scope: 'skill', group: 'Freshness',
		title: 'Text that will go stale',
		flags: 'Phrases such as "as of 2026-04-04", "before August 2025", "currently the latest version", "at the time of writing", "recently released".',
		why: 'Skills outlive the moment they were written; the agent cannot tell that "currently" was two years ago.',
		fix: 'State the version or condition instead ("with v3 or later"), or move old behaviour into a collapsed "Old patterns" section.',
		autofix: 'none; the hover explains what to write instead.',
		options: noOptions,
	},
	{
		id: 'stale-date', severity: 'info', scope: 'skill', group: 'Freshness',
		title: 'A dated reference older than `maxAgeDays`',
		flags: 'A date in the body\'s prose (not in code, headings or an `## Iteration Log`) older than `maxAgeDays`.',
		why: 'A dated claim is a claim about a moment; after a while it deserves a re-check.',
		fix: 'Re-check the statement, then update or remove the date.',
		options: { maxAgeDays: { default: 180, description: 'Age in days after which a date is stale.' } },
	},
	{
		id: 'stale-validation', severity: 'info', scope: 'skill', group: 'Freshness',
		title: 'Validated long ago',
		flags: 'A `validated:` date older than `maxAgeDays`.',
		why: 'Tools and APIs move; a skill validated a year ago may no longer work.',
		fix: 'Re-run the skill on a real task and update `validated:`.',
		options: { maxAgeDays: { default: 180, description: 'Age in days after which a validation is stale.' } },
	},
	{
		id: 'stale-draft', severity: 'info', scope: 'skill', group: 'Freshness',
		title: 'A draft older than `maxAgeDays`',
		flags: 'A skill with `status: draft` whose `created:` date (or a date in `created_from`, or else the file\'s modification time) is older than `maxAgeDays`.',
		why: 'Drafts are loaded with lower confidence; a draft nobody validates is either stable or dead.',
		fix: 'Validate it on a real task and promote it to stable, or delete it.',
		options: { maxAgeDays: { default: 30, description: 'Age in days after which a draft is stale.' } },
	},
	{
		id: 'hardcoded-path', severity: 'info', scope: 'skill', group: 'References',
		title: 'Absolute home path',
		flags: 'A path inside someone\'s home folder: `/home/<user>/…`, `/Users/<user>/…`, `C:\\Users\\<user>\\…`, `/root/…`.',
		why: 'It works on one machine only.',
		fix: 'Use `$HOME`, `~`, or a path relative to the skill folder.',
		autofix: 'in a shell code block, replaces a person\'s home prefix with the variable that shell expands (`$HOME` in sh, bash, zsh and fish, `$env:USERPROFILE` in PowerShell, `%USERPROFILE%` in cmd), outside single quotes. In prose, other languages, single quotes or a shared home (`/home/linuxbrew`, `C:\\Users\\Public`) the meaning would change, so the finding stays for a person.',
		fixTier: 'safe',
		options: noOptions,
	},
	{
		id: 'missing-reference', severity: 'warning', scope: 'skill', group: 'References',
		title: 'Link to a file that does not exist',
		flags: 'A relative Markdown link, or a sidecar path written in inline code (`scripts/…`, `references/…`, `assets/…`, `lessons.md` …), whose file does not exist in the skill folder, nor, for a Claude Code plugin\'s skill, in the plugin\'s root folder (which `${CLAUDE_PLUGIN_ROOT}` names).',
		why: 'The agent is told to read or run a file that is not there.',
		fix: 'Create the file, correct the path, or remove the pointer.',
		options: noOptions,
	},
	{
		id: 'deep-reference', severity: 'warning', scope: 'skill', group: 'References',
		title: 'Reference more than one level deep',
		flags: 'A reference to a file nested more than one folder below `SKILL.md` (`scripts/utils/x.py`).',
		why: 'The spec asks for references one level deep; agents preview nested files partially and miss content.',
		fix: 'Move the file up to `scripts/`, `references/` or `assets/`.',
		options: noOptions,
	},
	{
		id: 'md', severity: 'warning', scope: 'skill', group: 'Markdown',
		title: 'Markdown that renders wrongly (markdownlint)',
		flags: 'Findings of the markdownlint library on the body, reported as `md/<rule>` (for example `md/MD040`). The default rule set is conservative: Markdown that renders wrongly or leads nowhere (MD011 reversed links, MD018/MD019 headings without their single space, MD042 empty links, MD051 link fragments and MD052 references that lead nowhere, MD056 table rows with the wrong number of cells). Configure it with a `markdownlint` object in the configuration file, in markdownlint\'s own format.',
		why: 'Broken Markdown renders wrongly for people and reads ambiguously for agents.',
		fix: 'See the markdownlint rule\'s own documentation, linked from each finding.',
		autofix: 'markdownlint\'s own fix, where markdownlint has one.',
		fixTier: 'safe',
		options: {
			maxBytes: { default: 1_000_000, description: 'Bodies larger than this many characters are not passed to markdownlint (a note says so).' },
			timeoutMs: { default: 2000, description: 'Milliseconds markdownlint may take on one body before it is stopped (a note says so).' },
		},
	},
	{
		id: 'secret', severity: 'error', scope: 'skill', group: 'Security',
		title: 'A credential in the skill',
		flags: 'API tokens of the known formats (GitHub, GitLab, AWS, OpenAI, Anthropic, Hugging Face, npm, PyPI, Slack, Google, Stripe, SendGrid, Twilio, Shopify and more), JWTs, private keys, passwords in URLs and on database command lines, credentials in `Authorization` and API-key headers, `KEY=value` assignments of secret-named variables with real-looking values, and tokens hidden in base64. Redaction of transcripts uses the same detector.',
		why: 'A skill is copied into every agent context and usually into git; a secret in it is leaked.',
		fix: 'Revoke the credential, remove it, and refer to an environment variable instead.',
		options: noOptions,
	},
	{
		id: 'risky-instruction', severity: 'warning', scope: 'skill', group: 'Security',
		title: 'An instruction an attacker would write',
		flags: 'Piping a download into a shell (`curl … | sh`), recursive deletion of `/` or `~`, world-writable permissions, disabling TLS checks or permission prompts, sending credential files over the network, prompt-injection phrases ("ignore previous instructions"), and shell that runs when the skill loads (Claude Code runs `` !`cmd` `` and ` ```! ` blocks).',
		why: 'A skill is an instruction injected into an agent that has a shell; review such lines as you would review code.',
		fix: 'Pin and verify downloads, narrow the command, or remove the line.',
		options: noOptions,
	},
	{
		id: 'hidden-unicode', severity: 'error', scope: 'skill', group: 'Security',
		title: 'Invisible, bidirectional or terminal control characters',
		flags: 'Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters outside emoji and joining scripts, a byte-order mark inside the text, Unicode tag characters (U+E0000–U+E007F), and control characters other than tab and line ends (ESC, BEL, DEL, U+0080–U+009F).',
		why: 'They hide text from the person reviewing a skill while the agent still reads it: a known prompt-injection channel. Printed in a terminal, ESC sequences can retitle it, move the cursor or hide the rest of a line.',
		fix: 'Delete the characters; retype the line if unsure.',
		options: noOptions,
	},
] as const satisfies readonly RuleMeta[];

/** Every rule, in the order of the documentation. */
export const ruleCatalog: readonly RuleMeta[] = rules;

/** A rule's id, as the catalog spells it. */
export type RuleId = typeof rules[number]['id'];

/** What a finding names as its rule: a catalog id, or `md/<markdownlint rule>`. */
export type FindingRule = RuleId | `md/${string}`;


const byId = new Map<string, RuleMeta>(ruleCatalog.map(rule => [rule.id, rule]));

/** Whether a text names a rule: a catalog id or `md/<rule>` (for ids read back from diagnostics and files). */
export function isFindingRule(id: string): id is FindingRule {
	return byId.has(id) || id.startsWith('md/');
}

/** Looks up a rule; `md/<anything>` resolves to the markdownlint entry. */
export function ruleMeta(id: string): RuleMeta | undefined {
	return byId.get(id) ?? (id.startsWith('md/') ? byId.get('md') : undefined);
}

/** The anchor of a rule's section in docs/rules.md. */
export function ruleAnchor(id: string): string {
	return id.startsWith('md/') ? 'md' : id;
}
