import * as path from 'node:path';
import { repositoryRoot } from './repository';
import { buildSampleWorkspace } from './sampleWorkspace';

// `npm run sample-workspace [folder]`: the fresh copy the debugger's launch configurations open.
const target = path.resolve(process.argv[2] ?? path.join(repositoryRoot, '.cache', 'debug-workspace'));
process.stdout.write(`Sample workspace: ${buildSampleWorkspace(target)}\n`);
