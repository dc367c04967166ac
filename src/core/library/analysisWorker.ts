import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSkill } from '../check/analyzeSkill';
import { optionOf } from '../check/config';
import { type AnalysisRequest, type AnalysisResponse, type AnalysisWorkerData, transferables } from './analyzeLibrary';
import { budgetedLinter } from './markdownlintBudget';
import { MarkdownlintCache } from './markdownlintCache';
import { nodeAnalyzeServices, readSkillInput } from './readSkill';

// A worker thread of `analyzeLibrary`: reads and analyses batches of skills in parallel with the others.
const { config, cacheFile, markdownlintScript } = workerData as AnalysisWorkerData;
const lint = budgetedLinter(markdownlintScript);
const cache = cacheFile ? MarkdownlintCache.load(cacheFile, lint) : MarkdownlintCache.empty(lint);
const services = nodeAnalyzeServices(cache.run);

parentPort?.on('message', (request: AnalysisRequest) => {
	if (request.type === 'batch') {
		const analyses = request.skills.map(skill => analyzeSkill(readSkillInput(skill, optionOf<number>(config, 'file-unreadable', 'maxBytes')), config, services));
		parentPort?.postMessage({ type: 'batch', analyses } satisfies AnalysisResponse, transferables(analyses));
	} else {
		parentPort?.postMessage({ type: 'done', cacheEntries: cache.takeFresh() } satisfies AnalysisResponse);
	}
});
