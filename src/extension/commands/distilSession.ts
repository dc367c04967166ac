import * as vscode from 'vscode';
import type { DistilOutcome } from '../../core/distil/distilSession';
import { type DistilContext, runDistillation } from '../distil/runDistillation';
import { chooseSession, noSessionsMessage } from '../distil/workspaceSessions';
import { CommandId } from '../ids';

/** What a caller (a test, another extension) may answer in advance. */
export interface DistilSessionOptions {
	/** The transcript to distil, instead of asking. */
	session?: string;
}

/**
 * Skills: Distil This Session… — lists the agent sessions recorded for the open workspace,
 * newest first, and distils the one picked.
 */
export function distilSessionCommand(context: DistilContext, storageUri: vscode.Uri | undefined): (options?: DistilSessionOptions) => Promise<DistilOutcome | undefined> {
	return async (options = {}) => {
		const session = await chooseSession(context.log, storageUri, options.session, { title: 'Distil This Session', placeHolder: 'The session to distil into a proposal (newest first)' });
		if (session === 'none') {
			const pick = 'Distil Transcript File…';
			const answer = await vscode.window.showInformationMessage(noSessionsMessage, pick);
			return answer === pick ? vscode.commands.executeCommand<DistilOutcome | undefined>(CommandId.DistilTranscriptFile) : undefined;
		}
		return session ? runDistillation(context, session) : undefined;
	};
}
