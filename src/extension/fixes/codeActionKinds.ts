import * as vscode from 'vscode';

/** The kind of the action that applies every safe fix of a skill (on save, or Source Action…). */
export const fixAllKind = vscode.CodeActionKind.SourceFixAll.append('skillDistiller');

/** What the extension's code actions provider offers, declared when it registers (before the fixes themselves are loaded). */
export const providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, fixAllKind];
