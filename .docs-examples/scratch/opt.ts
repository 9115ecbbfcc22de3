import { pipeline, pythonComponent, t, ParallelFor, containerComponent } from '@kfp-ts/dsl';
import { compileToYaml } from '@kfp-ts/compiler';
const c = pythonComponent({ functionName: 'c', source: 'def c(x: Optional[str] = None, y: Input[Dataset] = None):\n    print(x)\n', inputs: { x: t.string().default(null), y: t.dataset().optionalInput() } });
const p = pipeline({ name: 'p' }, () => { c(); });
console.log(compileToYaml(p).split('\n').slice(0, 30).join('\n'));
const use = containerComponent({ name: 'use', inputs: { d: t.dataset() }, image: 'a' });
try {
const q = pipeline({ name: 'q', inputs: { ds: t.artifactList(t.dataset()) } }, ({ ds }) => { ParallelFor(ds, (d) => { use({ d }); }); });
compileToYaml(q);
} catch (e) { console.log('ERR', (e as Error).message); }
