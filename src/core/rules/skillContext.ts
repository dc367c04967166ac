import type { CheckConfig } from '../check/config';
import type { RawFinding } from '../check/findings';
import type { Frontmatter } from '../skill/frontmatter';
import type { Lifecycle } from '../skill/lifecycle';
import type { LineIndex } from '../skill/lineIndex';
import type { BodyModel } from '../skill/markdownScan';
import type { SkillText } from '../skill/skillText';
import type { TriggeredLine, TriggerFamily } from './lineTriggers';

/** Everything a per-skill rule may read. Rules never touch the file system themselves. */
export interface SkillContext {
	/** The name of the folder holding SKILL.md. */
	folderName: string;
	/** The folder name of the skill this one sits inside, when it is nested. */
	nestedIn?: string;
	text: SkillText;
	/** Line positions of offsets in `text.text`, built on first use. */
	lineIndex(): LineIndex;
	/** The lines a family of line rules should examine, found by that family's trigger pattern. */
	triggered(family: TriggerFamily): readonly TriggeredLine[];
	frontmatter: Frontmatter;
	body: BodyModel;
	lifecycle: Lifecycle;
	config: CheckConfig;
	/**
	 * For a Claude Code plugin's skill, whether a path relative to the plugin's root exists: its
	 * files are the skill's too (`${CLAUDE_PLUGIN_ROOT}/scripts/x.ts`).
	 */
	existsInPlugin?(relativePath: string): boolean;
	/** Whether a path relative to the skill folder exists (answered from the folder's listing where it can be). */
	exists(relativePath: string): boolean;
	/** The file's modification date (YYYY-MM-DD), looked up only when a rule needs it. */
	modifiedDate(): string | undefined;
}

export type Report = (finding: RawFinding) => void;

export type SkillRule = (context: SkillContext, report: Report) => void;
