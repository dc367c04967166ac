import * as vscode from 'vscode';
import type { LanguageModel } from '../../core/distil/modelWriter';
import { configurationSection, SettingKey, StateKey } from '../ids';
import { readLanguageModelSettings, refuseLanguageModel } from '../settings';

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

/** What the language-model step of one distillation comes to. */
export interface ModelChoice {
	model?: LanguageModel;
	/** Why the model the settings allow is not used, for the outcome's notes. */
	note?: string;
}

/** Asks whether a session may be sent to `modelName`, saying exactly what would be sent. */
async function askForConsent(modelName: string): Promise<'use' | 'notNow' | 'never'> {
	const use: vscode.MessageItem = { title: 'Use the Model' };
	const notNow: vscode.MessageItem = { title: 'Not Now', isCloseAffordance: true };
	const never: vscode.MessageItem = { title: 'Never' };
	const answer = await vscode.window.showInformationMessage(`Let ${modelName} write the lessons of this session?`, {
		modal: true,
		detail: 'Skill Distiller would send it, through VS Code\'s Language Model API, the condensed episodes of the session (what failed, what was tried, what passed and what the person said), redacted: never the whole transcript. For an update of a skill, the skill\'s text is sent too. '
			+ `The answer is checked; the draft written without a model stays when it fails. "Use the Model" is remembered; the setting ${configurationSection}.${SettingKey.LanguageModel} changes it.`,
	}, use, notNow, never);
	return answer === use ? 'use' : answer === never ? 'never' : 'notNow';
}

/**
 * The model one distillation may use, by the `distil.languageModel` setting. `ask` asks the
 * first time a model is available and remembers "Use the Model" in `state`; "Never" sets the
 * setting to `never`, which also forgets an earlier "Use the Model", so that going back to
 * `ask` asks again. Nothing is asked when no model is available: there is nothing to consent to.
 */
export async function modelForDistillation(state: vscode.Memento): Promise<ModelChoice> {
	const settings = readLanguageModelSettings();
	if (settings.use === 'never') {
		await state.update(StateKey.LanguageModelConsent, undefined);
		return {};
	}
	const model = await chooseLanguageModel(settings.family);
	if (!model) {
		// Asked for a model outright, its absence is news; on the default, most people have none and need not hear so each time.
		return settings.use === 'always' ? { note: 'No language model is available (is GitHub Copilot Chat installed and signed in?); the lessons were written without one.' } : {};
	}
	if (settings.use === 'always' || state.get<boolean>(StateKey.LanguageModelConsent) === true) {
		return { model };
	}
	const answer = await askForConsent(model.name);
	if (answer === 'use') {
		await state.update(StateKey.LanguageModelConsent, true);
		return { model };
	}
	if (answer === 'never') {
		await refuseLanguageModel();
		await state.update(StateKey.LanguageModelConsent, undefined);
	}
	return {};
}
