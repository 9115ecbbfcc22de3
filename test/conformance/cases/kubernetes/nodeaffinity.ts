import { pipeline, pythonComponent } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printHelloWithJsonAffinity = pythonComponent(golden.python('exec-print-hello-with-json-affinity'));
  const printHelloWithPreferredAffinity = pythonComponent(golden.python('exec-print-hello-with-preferred-affinity'));
  const printHelloWithEmptyJson = pythonComponent(golden.python('exec-print-hello-with-empty-json'));

  return pipeline({ name: 'test-node-affinity' }, () => {
    // JSON node affinity, preferred scheduling.
    printHelloWithJsonAffinity().setNodeAffinityJson({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] } },
      ],
    });

    // A preferred term with a weight.
    printHelloWithPreferredAffinity().addNodeAffinity({
      matchExpressions: [{ key: 'zone', operator: 'In', values: ['us-west-1'] }],
      weight: 50,
    });

    // Empty JSON: no affinity at run time.
    printHelloWithEmptyJson().setNodeAffinityJson({});

    // JSON with several preferred terms.
    printHelloWithJsonAffinity().setNodeAffinityJson({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['us-west-1'] }] } },
        { weight: 50, preference: { matchExpressions: [{ key: 'instance-type', operator: 'In', values: ['n1-standard-4'] }] } },
      ],
    });
  });
};
