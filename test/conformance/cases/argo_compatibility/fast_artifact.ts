import { containerComponent, pipeline, t } from '@kfp-ts/dsl';

export default () => {
  const writeArtifact = containerComponent({
    name: 'write_artifact',
    outputs: { output: t.dataset() },
    image: 'alpine:3.23',
    command: ['sh', '-c'],
    args: ({ outputs }) => ['mkdir -p "$(dirname "$0")"; printf foo > "$0"; printf "input:  foo\\n"', outputs.output.path],
  });

  return pipeline({ name: 'argo-compatibility-artifact' }, () => {
    writeArtifact().setCachingOptions(false);
  });
};
