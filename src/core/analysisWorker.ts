import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSkill } from './analyzeSkill';
import type { AnalysisRequest, AnalysisResponse, AnalysisWorkerData } from './analyzeLibrary';
import { MarkdownlintCache } from './markdownlintCache';
import { nodeAnalyzeServices, readSkillInput } from './nodeServices';

// A worker thread of `analyzeLibrary`: reads and analyses batches of skills in parallel with the others.
const { config, cacheFile } = workerData as AnalysisWorkerData;
const cache = cacheFile ? MarkdownlintCache.load(cacheFile) : MarkdownlintCache.empty();
const services = nodeAnalyzeServices(cache.run);

parentPort?.on('message', (request: AnalysisRequest) => {
	const response: AnalysisResponse = request.type === 'batch'
		? { type: 'batch', analyses: request.skills.map(found => analyzeSkill(readSkillInput(found), config, services)) }
		: { type: 'done', cacheEntries: cache.takeFresh() };
	parentPort?.postMessage(response);
});
