import { parentPort, workerData } from 'node:worker_threads';
import { type AnalysisRequest, type AnalysisResponse, type AnalysisWorkerData, readAndAnalyze, transferables } from './analyzeLibrary';
import { budgetedAnalyzeServices } from './readSkill';

// A worker thread of `analyzeLibrary`: reads and analyses batches of skills in parallel with the others.
const { config, salt, markdownlintScript } = workerData as AnalysisWorkerData;
const services = budgetedAnalyzeServices(markdownlintScript);

parentPort?.on('message', (request: AnalysisRequest) => {
	if (request.type === 'batch') {
		const outcomes = request.skills.map(skill => readAndAnalyze(skill, config, services, salt));
		parentPort?.postMessage({ type: 'batch', outcomes } satisfies AnalysisResponse, transferables(outcomes));
	} else {
		parentPort?.postMessage({ type: 'done' } satisfies AnalysisResponse);
	}
});
