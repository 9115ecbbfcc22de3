import { compileToYaml } from '@kfp-ts/compiler';
import { p } from '/work/main/test/runtime/fixtures/smoke-tmp.ts';
console.log(compileToYaml(p));
