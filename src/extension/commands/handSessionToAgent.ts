import * as path from 'node:path';
import * as vscode from 'vscode';
import { distillationBrief } from '../../core/distil/brief';
import { errorMessage } from '../../core/util/text';
import { type DistilContext, destinationFor, distilWithProgress } from '../distil/runDistillation';
import { chooseSession, noSessionsMessage } from '../distil/workspaceSessions';
import { BuiltinCommand } from '../ids';

/** What a caller (a test, another extension) may answer in advance. */
export interface HandSessionOptions {
	/** The transcript to hand over, instead of asking. */
	session?: string;
}

/** The brief handed over, and where it went: the chat's input, or an untitled editor and the clipboard. */
export interface HandedBrief {
	brief: string;
	to: 'chat' | 'editor';
}

/**
 * Whether the editor has a chat to take the brief. VS Code 1.100 registers the chat command even
 * with no chat extension installed, when the chat can only offer to set one up and the brief would
 * be lost; so a chat model must be there too.
 */
async function chatAvailable(): Promise<boolean> {
	if (!(await vscode.commands.getCommands(true)).includes(BuiltinCommand.OpenChat)) {
		return false;
	}
	try {
		return (await vscode.lm.selectChatModels()).length > 0;
	} catch {
		return false;
	}
}

/**
 * Skills: Hand Session to My Agent… — picks a session like Distil This Session, distils it as a
 * dry run (nothing is written), and hands the distillation brief — the session condensed and
 * redacted, never the transcript — to the person's own agent: into the chat's input, to read and
 * send, or when there is no chat, into an untitled editor and onto the clipboard.
 */
export function handSessionToAgentCommand(context: DistilContext, storageUri: vscode.Uri | undefined): (options?: HandSessionOptions) => Promise<HandedBrief | undefined> {
	return async (options = {}) => {
		const session = await chooseSession(context.log, storageUri, options.session, { title: 'Hand Session to My Agent', placeHolder: 'The session your agent distils from a brief (newest first)' });
		if (session === 'none') {
			void vscode.window.showInformationMessage(noSessionsMessage);
			return undefined;
		}
		const destination = session && destinationFor(context.library, session, 'Skill Distiller hands no session to an agent in an untrusted workspace: the agent would write proposals into it. Trust the workspace first.');
		if (!session || !destination) {
			return undefined;
		}
		// The agent writes the proposals the brief asks for, so the distiller itself writes none.
		const outcome = await distilWithProgress(context, session, destination, { title: `Reading ${path.basename(session.file)}`, dryRun: true });
		if (!outcome) {
			return undefined;
		}
		const brief = distillationBrief(outcome, destination.stagingDir);
		if (await chatAvailable()) {
			try {
				// A partial query waits in the chat's input: the person reads the brief before it is sent.
				await vscode.commands.executeCommand(BuiltinCommand.OpenChat, { query: brief, isPartialQuery: true });
				return { brief, to: 'chat' };
			} catch (error) {
				context.log.warn(`The chat did not open (${errorMessage(error)}); the brief is shown in an editor instead.`);
			}
		}
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: brief }));
		await vscode.env.clipboard.writeText(brief);
		void vscode.window.showInformationMessage('No chat is available: the brief is open in an editor and on the clipboard; paste it into your agent, e.g. `claude`.');
		return { brief, to: 'editor' };
	};
}
