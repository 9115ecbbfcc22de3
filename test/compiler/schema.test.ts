/**
 * The strict IR schemas against the conformance corpus (every golden written by the Python compiler must pass) and
 * against hand-made broken documents (each must fail with a precise path and message).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  validatePipelineSpecSchema,
  validatePlatformSpecSchema,
  type SchemaIssue,
} from '../../packages/compiler/src/validate/schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = process.env.KFPTS_CORPUS ?? path.resolve(here, '../../../shared/kfp-corpus');

/**
 * Goldens whose text is not valid YAML 1.2, with the smallest repair that makes it so. PyYAML (which the KFP tests
 * use) is lenient where the `yaml` package is not. Each entry is checked to still be broken, so the list cannot go
 * stale silently.
 */
const yamlRepairs: Record<string, { why: string; repair: (text: string) => string }> = {
  // A hand-edited golden: the continuation line of a multi-line single-quoted list item sits at the same column as
  // its `- `, but YAML 1.2 wants it indented further. Indenting that one line by two spaces fixes it.
  'yaml-only/placeholder_with_if_placeholder_none_input_value.yaml': {
    why: 'under-indented continuation of a quoted scalar',
    repair: (text) => text.replace('\n          "Else": ["--arg2"', '\n            "Else": ["--arg2"'),
  },
};

/** `<group>/<case>.yaml`, every YAML file one folder down (the corpus layout). */
function corpusFiles(): string[] {
  if (!fs.existsSync(corpus)) return [];
  return fs
    .readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((group) =>
      fs
        .readdirSync(path.join(corpus, group.name))
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => `${group.name}/${file}`),
    )
    .sort();
}

function parseDocuments(text: string): { docs: unknown[]; errors: string[] } {
  const parsed = parseAllDocuments(text);
  return {
    docs: parsed.map((doc) => doc.toJS()),
    errors: parsed.flatMap((doc) => doc.errors.map((e) => e.message)),
  };
}

describe('corpus goldens pass the IR schemas', () => {
  const files = corpusFiles();

  it('finds the corpus', () => {
    expect(files.length, `no YAML files under ${corpus} (set KFPTS_CORPUS)`).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    let text = fs.readFileSync(path.join(corpus, file), 'utf8');
    const known = yamlRepairs[file];
    if (known) {
      expect(parseDocuments(text).errors, `${file} no longer needs its repair (${known.why})`).not.toEqual([]);
      text = known.repair(text);
    }

    const { docs, errors } = parseDocuments(text);
    expect(errors).toEqual([]);
    expect(docs.length).toBeGreaterThanOrEqual(1);
    expect(docs.length).toBeLessThanOrEqual(2);

    expect(validatePipelineSpecSchema(docs[0])).toEqual([]);
    if (docs.length === 2) expect(validatePlatformSpecSchema(docs[1])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Broken documents
// ---------------------------------------------------------------------------------------------------------------

/** A small valid pipeline: a root input passed to one container task. */
function pipeline(): Record<string, any> {
  return {
    components: {
      'comp-echo': {
        executorLabel: 'exec-echo',
        inputDefinitions: { parameters: { text: { parameterType: 'STRING' } } },
      },
    },
    deploymentSpec: {
      executors: {
        'exec-echo': { container: { image: 'alpine', command: ['echo'], args: ['{{$.inputs.parameters[\'text\']}}'] } },
      },
    },
    pipelineInfo: { name: 'echo' },
    root: {
      dag: {
        tasks: {
          echo: {
            cachingOptions: { enableCache: true },
            componentRef: { name: 'comp-echo' },
            inputs: { parameters: { text: { componentInputParameter: 'text' } } },
            taskInfo: { name: 'echo' },
          },
        },
      },
      inputDefinitions: { parameters: { text: { parameterType: 'STRING', defaultValue: 'hi' } } },
    },
    schemaVersion: '2.1.0',
    sdkVersion: 'kfp-2.15.2',
  };
}

/** A small valid Kubernetes PlatformSpec for the pipeline above. */
function platform(): Record<string, any> {
  return {
    platforms: {
      kubernetes: {
        deploymentSpec: {
          executors: {
            'exec-echo': {
              tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: '60' }],
              secretAsEnv: [
                {
                  keyToEnv: [{ secretKey: 'password', envVar: 'PASSWORD' }],
                  secretNameParameter: { runtimeValue: { constant: 'db-secret' } },
                },
              ],
              podMetadata: { labels: { 'app.kubernetes.io/name': 'echo' } },
            },
          },
        },
      },
    },
  };
}

/** Exactly one issue, or a failure listing what came instead. */
function single(issues: SchemaIssue[]): SchemaIssue {
  expect(issues, JSON.stringify(issues, null, 2)).toHaveLength(1);
  return issues[0];
}

describe('PipelineSpec schema rejects', () => {
  it('accepts the valid base document', () => {
    expect(validatePipelineSpecSchema(pipeline())).toEqual([]);
  });

  it('an unknown top-level field', () => {
    const doc = { ...pipeline(), pipelineRoot: 'gs://bucket' };
    expect(single(validatePipelineSpecSchema(doc))).toEqual({
      document: 'PipelineSpec',
      path: 'pipelineRoot',
      message: "unknown field 'pipelineRoot'",
    });
  });

  it('an unknown field deep in a task, naming the field it probably meant', () => {
    const doc = pipeline();
    doc.root.dag.tasks.echo.caching_options = { enableCache: false };
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('root.dag.tasks.echo.caching_options');
    expect(issue.message).toBe("unknown field 'caching_options' (did you mean 'cachingOptions'?)");
  });

  it('an unknown field inside a container executor', () => {
    const doc = pipeline();
    doc.deploymentSpec.executors['exec-echo'].container.entrypoint = ['sh'];
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('deploymentSpec.executors.exec-echo.container.entrypoint');
    expect(issue.message).toBe("unknown field 'entrypoint'");
  });

  it('a parameterType that is not a ParameterTypeEnum name', () => {
    const doc = pipeline();
    doc.components['comp-echo'].inputDefinitions.parameters.text.parameterType = 'STR';
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('components.comp-echo.inputDefinitions.parameters.text.parameterType');
    expect(issue.message).toMatch(/^must be one of NUMBER_DOUBLE, NUMBER_INTEGER, STRING, BOOLEAN, LIST, STRUCT/);
    expect(issue.message).toContain('(got "STR")');
  });

  it('a container command that is a string instead of a list', () => {
    const doc = pipeline();
    doc.deploymentSpec.executors['exec-echo'].container.command = 'echo hello';
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('deploymentSpec.executors.exec-echo.container.command');
    expect(issue.message).toBe('must be an array (got string "echo hello")');
  });

  it('a non-string item of container args, by index', () => {
    const doc = pipeline();
    doc.deploymentSpec.executors['exec-echo'].container.args = ['--n', 3];
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('deploymentSpec.executors.exec-echo.container.args[1]');
    expect(issue.message).toBe('must be a string (got number 3)');
  });

  it('two members of one oneof (componentInputParameter and taskOutputParameter)', () => {
    const doc = pipeline();
    doc.root.dag.tasks.echo.inputs.parameters.text.taskOutputParameter = {
      producerTask: 'other',
      outputParameterKey: 'Output',
    };
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('root.dag.tasks.echo.inputs.parameters.text');
    expect(issue.message).toMatch(/^only one of .* may be set/);
    expect(issue.message).toContain("(found 'taskOutputParameter', 'componentInputParameter')");
  });

  it('a task input with no source at all', () => {
    const doc = pipeline();
    doc.root.dag.tasks.echo.inputs.parameters.text = { parameterExpressionSelector: 'parseJson(string_value)["a"]' };
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('root.dag.tasks.echo.inputs.parameters.text');
    expect(issue.message).toBe(
      "must set one of 'taskOutputParameter', 'runtimeValue', 'componentInputParameter', 'taskFinalStatus'",
    );
  });

  it('a task without componentRef.name', () => {
    const doc = pipeline();
    doc.root.dag.tasks.echo.componentRef = {};
    expect(single(validatePipelineSpecSchema(doc))).toEqual({
      document: 'PipelineSpec',
      path: 'root.dag.tasks.echo.componentRef.name',
      message: "missing required field 'name'",
    });
  });

  it('a pipeline without pipelineInfo', () => {
    const doc = pipeline();
    delete doc.pipelineInfo;
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('pipelineInfo');
    expect(issue.message).toBe("missing required field 'pipelineInfo'");
  });

  it('an executor that is neither container, importer nor resolver', () => {
    const doc = pipeline();
    doc.deploymentSpec.executors['exec-echo'] = {};
    const issue = single(validatePipelineSpecSchema(doc));
    expect(issue.path).toBe('deploymentSpec.executors.exec-echo');
    expect(issue.message).toBe("must set one of 'container', 'importer', 'resolver', 'customJob'");
  });

  it('a retry backoff that is not a protobuf Duration, and a float retry count', () => {
    const doc = pipeline();
    doc.root.dag.tasks.echo.retryPolicy = { maxRetryCount: 1.5, backoffDuration: '10 seconds' };
    const issues = validatePipelineSpecSchema(doc);
    expect(issues.map((i) => i.path)).toEqual([
      'root.dag.tasks.echo.retryPolicy.maxRetryCount',
      'root.dag.tasks.echo.retryPolicy.backoffDuration',
    ]);
    expect(issues[0].message).toBe('must be a 32-bit integer (got number 1.5)');
    expect(issues[1].message).toContain('must be a duration such as "3600s"');
  });

  it('a document that is not an object', () => {
    expect(single(validatePipelineSpecSchema('pipelineInfo: x'))).toMatchObject({
      path: '(document)',
      message: 'must be an object (got string "pipelineInfo: x")',
    });
  });

  it('reports each problem once, even when the same mistake repeats in many places', () => {
    const doc = pipeline();
    for (let i = 0; i < 3; i++) doc.root.dag.tasks[`t${i}`] = { ...doc.root.dag.tasks.echo, bogus: true };
    const issues = validatePipelineSpecSchema(doc);
    expect(issues.map((i) => i.path)).toEqual([
      'root.dag.tasks.t0.bogus',
      'root.dag.tasks.t1.bogus',
      'root.dag.tasks.t2.bogus',
    ]);
  });
});

describe('PlatformSpec schema rejects', () => {
  it('accepts the valid base document', () => {
    expect(validatePlatformSpecSchema(platform())).toEqual([]);
  });

  it('an unknown field in a Kubernetes executor config', () => {
    const doc = platform();
    doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'].nodeSelectors = { labels: { a: 'b' } };
    expect(single(validatePlatformSpecSchema(doc))).toEqual({
      document: 'PlatformSpec',
      path: 'platforms.kubernetes.deploymentSpec.executors.exec-echo.nodeSelectors',
      message: "unknown field 'nodeSelectors'",
    });
  });

  it('tolerations given as one object instead of a list', () => {
    const doc = platform();
    const executor = doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'];
    executor.tolerations = executor.tolerations[0];
    const issue = single(validatePlatformSpecSchema(doc));
    expect(issue.path).toBe('platforms.kubernetes.deploymentSpec.executors.exec-echo.tolerations');
    expect(issue.message).toBe('must be an array (got an object)');
  });

  it('a toleration with a Kubernetes-style field name and a non-numeric tolerationSeconds', () => {
    const doc = platform();
    const executor = doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'];
    executor.tolerations[0].tolerationSeconds = 'ten';
    executor.tolerations[0].toleration_json = {};
    const issues = validatePlatformSpecSchema(doc);
    const base = 'platforms.kubernetes.deploymentSpec.executors.exec-echo.tolerations[0]';
    expect(issues).toEqual([
      {
        document: 'PlatformSpec',
        path: `${base}.toleration_json`,
        message: "unknown field 'toleration_json' (did you mean 'tolerationJson'?)",
      },
      {
        document: 'PlatformSpec',
        path: `${base}.tolerationSeconds`,
        message: 'must be an integer or a string of decimal digits (proto int64) (got "ten")',
      },
    ]);
  });

  it('an image pull policy Kubernetes does not know', () => {
    const doc = platform();
    doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'].imagePullPolicy = 'Sometimes';
    const issue = single(validatePlatformSpecSchema(doc));
    expect(issue.message).toBe('must be one of Always, Never, IfNotPresent (got "Sometimes")');
  });

  it('a secret name parameter with two sources', () => {
    const doc = platform();
    const secret = doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'].secretAsEnv[0];
    secret.secretNameParameter.componentInputParameter = 'secret_name';
    const issue = single(validatePlatformSpecSchema(doc));
    expect(issue.path).toBe(
      'platforms.kubernetes.deploymentSpec.executors.exec-echo.secretAsEnv[0].secretNameParameter',
    );
    expect(issue.message).toContain("(found 'runtimeValue', 'componentInputParameter')");
  });

  it('a label key with dots is quoted in the path', () => {
    const doc = platform();
    doc.platforms.kubernetes.deploymentSpec.executors['exec-echo'].podMetadata.labels['app.kubernetes.io/name'] = 7;
    const issue = single(validatePlatformSpecSchema(doc));
    expect(issue.path).toBe(
      'platforms.kubernetes.deploymentSpec.executors.exec-echo.podMetadata.labels["app.kubernetes.io/name"]',
    );
    expect(issue.message).toBe('must be a string (got number 7)');
  });

  it('a platform other than kubernetes', () => {
    const doc = { platforms: { kubernets: platform().platforms.kubernetes } };
    const issues = validatePlatformSpecSchema(doc);
    expect(issues).toContainEqual({
      document: 'PlatformSpec',
      path: 'platforms.kubernets',
      message: "unknown field 'kubernets'",
    });
  });
});

// Speed is measured by `npm run bench`, not here; this checks that large documents validate correctly.
describe('large documents', () => {
  it('validates a 5,000-task pipeline and still finds one bad field in it', () => {
    const doc = pipeline();
    const template = doc.root.dag.tasks.echo;
    for (let i = 0; i < 5000; i++) {
      doc.root.dag.tasks[`echo-${i}`] = { ...structuredClone(template), taskInfo: { name: `echo-${i}` } };
      doc.components[`comp-echo-${i}`] = structuredClone(doc.components['comp-echo']);
      doc.deploymentSpec.executors[`exec-echo-${i}`] = structuredClone(doc.deploymentSpec.executors['exec-echo']);
    }
    expect(validatePipelineSpecSchema(doc)).toEqual([]);
    (doc.root.dag.tasks['echo-4999'] as Record<string, unknown>).cachingOption = {};
    expect(validatePipelineSpecSchema(doc)).toEqual([
      expect.objectContaining({ path: expect.stringContaining('echo-4999'), message: expect.stringContaining("unknown field 'cachingOption'") }),
    ]);
  });
});
