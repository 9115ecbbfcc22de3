import { compile } from './packages/compiler/src/index.js';
import { writeYaml } from './_yw_array.ts';
import { buildPipeline, caseNamed } from './test/bench/cases.js';
const spec = compile(buildPipeline(caseNamed('chain-1000'))).pipelineSpec;
const n = Number(process.env.N);
let len = 0;
for (let r = 0; r < n; r++) len += writeYaml(spec).length;
console.log(len);
