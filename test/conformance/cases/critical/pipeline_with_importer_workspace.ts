import { importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const baseImage = 'registry.access.redhat.com/ubi9/python-311:latest';
  const train = pythonComponent({
    ...golden.python('exec-train'),
    baseImage,
    inputs: { dataset: t.dataset() },
    outputs: { scalar: t.string(), message: t.string() },
  });
  const readDir = pythonComponent({ ...golden.python('exec-read-dir'), baseImage, inputs: { data: t.dataset() }, outputs: { Output: t.string() } });
  const writeFileArtifact = pythonComponent({ ...golden.python('exec-write-file-artifact'), baseImage, outputs: { out_ds: t.dataset() } });
  const writeDirArtifact = pythonComponent({ ...golden.python('exec-write-dir-artifact'), baseImage, outputs: { out_ds: t.dataset() } });
  const getUri = pythonComponent({ ...golden.python('exec-get-uri'), baseImage, inputs: { d: t.dataset() }, outputs: { Output: t.string() } });

  const importStage = pipeline(
    {
      name: 'import-stage',
      description: 'Nested stage that imports by URI and runs consumers.',
      inputs: { file_uri: t.string(), dir_uri: t.string() },
    },
    ({ file_uri, dir_uri }) => {
      const importer1 = importer({
        artifactUri: file_uri,
        artifactClass: t.dataset(),
        reimport: false,
        metadata: { key: 'value' },
        downloadToWorkspace: true,
      });
      const dirImport = importer({
        artifactUri: dir_uri,
        artifactClass: t.dataset(),
        reimport: true,
        downloadToWorkspace: true,
        metadata: { source: 'directory' },
      });
      const trainTask = train({ dataset: importer1.output });
      const dirTask = readDir({ data: dirImport.output });
      return { train_result: trainTask.outputs.scalar, dir_result: dirTask.output };
    },
  );

  return pipeline(
    {
      name: 'pipeline-with-importer-workspace',
      description: 'Importer downloads an artifact into workspace; downstream reads it',
      workspace: { size: '1Gi', pvcSpecPatch: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'] } },
    },
    () => {
      // Produce a file artifact and a directory artifact, and compute their URIs at run time.
      const fileWriter = writeFileArtifact();
      const fileUri = getUri({ d: fileWriter.outputs.out_ds });
      const dirWriter = writeDirArtifact();
      const dirUri = getUri({ d: dirWriter.outputs.out_ds });

      // Import and consume them in a nested pipeline.
      const stage = importStage({ file_uri: fileUri.output, dir_uri: dirUri.output });
      return { train_result: stage.outputs.train_result, dir_result: stage.outputs.dir_result };
    },
  );
};
