import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const submitRequest = pythonComponent({
    ...golden.python('exec-submit-request'),
    baseImage: 'registry.access.redhat.com/ubi9/python-311:latest',
    packagesToInstall: ['requests'],
    inputs: { url: t.string() },
  });

  return pipeline(
    { name: 'pipeline-with-external-request', description: 'A pipeline that requests both in-cluster & external URLs.' },
    () => {
      submitRequest({ url: 'httpbin.org/get' }).setCachingOptions(false);
      submitRequest({ url: 'ml-pipeline:8888/apis/v2beta1/healthz' }).setCachingOptions(false);
    },
  );
};
