import * as vscode from 'vscode';
import type { LanguageModel } from '../../core/distil/modelWriter';

/**
 * A chat model from VS Code's Language Model API (Copilot's, when installed and signed in), as
 * the distiller's `LanguageModel`. Undefined when no model is available: distillation then keeps
 * its deterministic draft.
 */
export async function chooseLanguageModel(family: string): Promise<LanguageModel | undefined> {
	let models: vscode.LanguageModelChat[];
	try {
		models = await vscode.lm.selectChatModels(family ? { vendor: 'copilot', family } : { vendor: 'copilot' });
	} catch {
		return undefined;
	}
	const [model] = models;
	if (!model) {
		return undefined;
	}
	return {
		name: `${model.vendor}/${model.family}`,
		async complete(prompt: string, signal?: AbortSignal): Promise<string> {
			const cancellation = new vscode.CancellationTokenSource();
			const cancel = () => cancellation.cancel();
			signal?.addEventListener('abort', cancel);
			try {
				const response = await model.sendRequest(
					[vscode.LanguageModelChatMessage.User(prompt)],
					{ justification: 'Skill Distiller rewords the lessons it distilled from a session into general principles.' },
					cancellation.token,
				);
				let text = '';
				for await (const chunk of response.text) {
					text += chunk;
				}
				return text;
			} finally {
				signal?.removeEventListener('abort', cancel);
				cancellation.dispose();
			}
		},
	};
}
