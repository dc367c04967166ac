import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderRulesDoc } from './rulesDoc';

// Writes docs/rules.md from the rule catalog (`npm run docs`).
const target = path.join(process.cwd(), 'docs', 'rules.md');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderRulesDoc());
process.stdout.write(`wrote ${target}\n`);
