import { containerComponent, If, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import { parse } from 'yaml';
import type { Golden } from '../../golden.js';

/**
 * `CustomTrainingJobOp` of Google Cloud Pipeline Components (a Python container component, published
 * with no YAML). Its interface is declared here; its launcher command line and the documentation of its
 * inputs are taken from the golden.
 */
function customTrainingJobOp(golden: Golden) {
  const { image, command, args } = golden.container('exec-custom-training-job');
  type Documented = { parameters: Record<string, { description: string }> };
  const compiled = parse(golden.text) as { components: Record<string, { inputDefinitions: Documented; outputDefinitions: Documented }> };
  const { inputDefinitions, outputDefinitions } = compiled.components['comp-custom-training-job'];
  const doc = (name: string) => inputDefinitions.parameters[name].description;

  return containerComponent({
    name: 'custom_training_job',
    inputs: {
      project: t.string().default('{{$.pipeline_google_cloud_project_id}}').describe(doc('project')),
      display_name: t.string().describe(doc('display_name')),
      location: t.string().default('{{$.pipeline_google_cloud_location}}').describe(doc('location')),
      worker_pool_specs: t.list().default([]).describe(doc('worker_pool_specs')),
      timeout: t.string().default('604800s').describe(doc('timeout')),
      restart_job_on_worker_restart: t.boolean().default(false).describe(doc('restart_job_on_worker_restart')),
      service_account: t.string().default('').describe(doc('service_account')),
      tensorboard: t.string().default('').describe(doc('tensorboard')),
      enable_web_access: t.boolean().default(false).describe(doc('enable_web_access')),
      network: t.string().default('').describe(doc('network')),
      reserved_ip_ranges: t.list().default([]).describe(doc('reserved_ip_ranges')),
      base_output_directory: t.string().default('').describe(doc('base_output_directory')),
      labels: t.struct().default({}).describe(doc('labels')),
      encryption_spec_key_name: t.string().default('').describe(doc('encryption_spec_key_name')),
      persistent_resource_id: t.string().default('{{$.pipeline_persistent_resource_id}}').describe(doc('persistent_resource_id')),
      strategy: t.string().default('STANDARD').describe(doc('strategy')),
      max_wait_duration: t.string().default('86400s').describe(doc('max_wait_duration')),
      psc_interface_config: t.struct().default({}).describe(doc('psc_interface_config')),
    },
    outputs: {
      gcp_resources: t.string().describe(outputDefinitions.parameters.gcp_resources.description),
    },
    image: image!,
    command: command!,
    args: args!,
  });
}

export default (golden: Golden) => {
  // The golden was compiled with kfp 2.14.3, whose version its Python components install.
  const py = (executorLabel: string) => ({ ...golden.python(executorLabel), kfpVersion: '2.14.3' });
  const flipBiasedCoinOp = pythonComponent({ ...py('exec-flip-biased-coin-op'), outputs: { Output: t.string() } });
  const machineType = pythonComponent({ ...py('exec-machine-type'), outputs: { Output: t.string() } });
  const acceleratorType = pythonComponent({ ...py('exec-accelerator-type'), outputs: { Output: t.string() } });
  const acceleratorCount = pythonComponent({ ...py('exec-accelerator-count'), outputs: { Output: t.integer() } });
  const customTrainingJob = customTrainingJobOp(golden);

  return pipeline(
    {
      name: 'pipeline-with-dynamic-condition-output',
      inputs: { project: t.string(), location: t.string(), encryption_spec_key_name: t.string().default('') },
    },
    ({ project, location, encryption_spec_key_name }) => {
      const flip1 = flipBiasedCoinOp().setCachingOptions(false);
      const machineTypeTask = machineType();
      const acceleratorTypeTask = acceleratorType();
      const acceleratorCountTask = acceleratorCount();

      If(flip1.output.eq('heads'), () => {
        customTrainingJob({
          display_name: 'add-numbers',
          worker_pool_specs: [
            {
              container_spec: {
                image_uri: 'gcr.io/ml-pipeline/google-cloud-pipeline-components:2.5.0',
                command: ['echo'],
                args: ['foo'],
              },
              machine_spec: {
                machine_type: `${machineTypeTask.output}`,
                accelerator_type: `${acceleratorTypeTask.output}`,
                accelerator_count: `${acceleratorCountTask.output}`,
              },
              replica_count: 1,
            },
          ],
          project,
          location,
          encryption_spec_key_name,
        });
      });
    },
  );
};
