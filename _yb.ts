import { compile } from './packages/compiler/src/index.js';
import { writeYaml } from './packages/compiler/src/emit/yaml-writer.js';
import { buildPipeline, caseNamed } from './test/bench/cases.js';
const spec = compile(buildPipeline(caseNamed('chain-5000'))).pipelineSpec;
for (let r = 0; r < 8; r++) { const t = performance.now(); const s = writeYaml(spec); console.log((performance.now() - t).toFixed(0), 'ms', s.length); }
