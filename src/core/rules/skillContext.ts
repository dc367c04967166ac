import type { CheckConfig } from '../config';
import type { RawFinding } from '../findings';
import type { Frontmatter } from '../frontmatter';
import type { Lifecycle } from '../lifecycle';
import type { BodyModel } from '../markdownScan';
import type { SkillText } from '../skillText';

/** Everything a per-skill rule may read. Rules never touch the file system themselves. */
export interface SkillContext {
	/** The name of the folder holding SKILL.md. */
	folderName: string;
	text: SkillText;
	frontmatter: Frontmatter;
	body: BodyModel;
	lifecycle: Lifecycle;
	config: CheckConfig;
	/** Whether a path relative to the skill folder exists (sidecars are listed once, up front). */
	exists(relativePath: string): boolean;
	/** The file's modification date (YYYY-MM-DD), looked up only when a rule needs it. */
	modifiedDate(): string | undefined;
}

export type Report = (finding: RawFinding) => void;

export type SkillRule = (context: SkillContext, report: Report) => void;
