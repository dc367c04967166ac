import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type AnalysisRequest, type AnalysisResponse, type AnalysisWorkerData, readAndAnalyze, transferables } from './analyzeLibrary';
import { budgetedAnalyzeServices } from './readSkill';

// A worker thread of `analyzeLibrary`: reads and analyses batches of skills in parallel with the others.
const { config, salt, markdownlintScript, background } = workerData as AnalysisWorkerData;
// On Linux a priority set from a thread is that thread's (and that of the markdownlint thread it starts); elsewhere it may be the whole process's.
if (background && process.platform === 'linux') {
	setPriority(19);
}
const services = budgetedAnalyzeServices(markdownlintScript);

parentPort?.on('message', (request: AnalysisRequest) => {
	if (request.type === 'batch') {
		const outcomes = request.skills.map(skill => readAndAnalyze(skill, config, services, salt));
		parentPort?.postMessage({ type: 'batch', outcomes } satisfies AnalysisResponse, transferables(outcomes));
	} else {
		parentPort?.postMessage({ type: 'done' } satisfies AnalysisResponse);
	}
});
