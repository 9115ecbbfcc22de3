/**
 * Containerized TypeScript components: `kfp-ts component build` writes a Docker build context; tasks run
 * the image's entry point by component name. Docker is not needed: the context's files are checked, and
 * its entry point is run from the context directory under the simulated launcher, its npm dependencies
 * provided as `npm install` would.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, validateDocuments, writeBuildContext } from '@kfp-ts/compiler';
import { countWords, IMAGE, textTools, toYaml } from './fixtures/image-components.js';
import { makeData } from './fixtures/ts-components.js';
import { cleanUpLaunches, launch } from './launcher.js';
import { fixture, kfpTs } from '../cli/run-cli.js';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-image-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  cleanUpLaunches();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const yamlVersion = JSON.parse(readFileSync(resolve('node_modules/yaml/package.json'), 'utf8')).version as string;

describe('the IR of a containerized component', () => {
  const spec = parse(compileToYaml(textTools));

  it('runs the image entry point by component name, with no code in the pipeline', () => {
    expect(validateDocuments(spec)).toEqual([]);
    expect(spec.deploymentSpec.executors['exec-to-yaml'].container).toEqual({
      image: IMAGE,
      command: ['node', '--enable-source-maps', '/kfp-ts/component/component.mjs'],
      args: ['--executor_input', '{{$}}', '--component', 'to-yaml'],
    });
  });
});

describe('the build context', () => {
  const dir = scratch();
  const context = writeBuildContext({ components: [countWords.spec, toYaml.spec], image: IMAGE, outputDir: dir });
  const written = readdirSync(dir).sort();

  it('holds the Dockerfile, package.json and the bundle with its source map', () => {
    expect(written).toEqual(['.dockerignore', 'Dockerfile', 'component.mjs', 'component.mjs.map', 'package.json']);
    expect(context.warnings).toEqual([]);
  });

  it('installs the imported packages at the versions installed here, and those declared', () => {
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({
      name: 'kfp-ts-components',
      private: true,
      type: 'module',
      dependencies: { 'left-pad': '1.3.0', yaml: yamlVersion },
    });
  });

  it('writes a Dockerfile that installs them on the Node.js base image', () => {
    const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^# TypeScript components count-words, to-yaml \(from \.\.\/.*test\/runtime\/fixtures\/image-components\.ts\), with the kfp-ts runtime\.$/);
    expect(lines.slice(1)).toEqual([
      '# Written by `kfp-ts component build`. Build and push:',
      `#   docker build -t ${IMAGE} . && docker push ${IMAGE}`,
      'FROM node:20-slim',
      'WORKDIR /kfp-ts/component',
      'ENV NODE_ENV=production',
      'COPY package.json ./',
      'RUN npm install --omit=dev --no-audit --no-fund --loglevel=error',
      'COPY component.mjs component.mjs.map ./',
      `# Tasks run: node --enable-source-maps ${IMAGE_ENTRY} --executor_input <json> --component <name>`,
    ]);
  });

  it('bundles the components and the runtime, not the packages', () => {
    const bundle = readFileSync(join(dir, 'component.mjs'), 'utf8');
    expect(bundle).toMatch(/import \w+ from"yaml"/);
    expect(bundle).toContain('function wordCount(');
    expect(bundle).not.toContain('class Document');
  });

  // As `npm install` in the image would: the packages next to the bundle.
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  const fromContext = (command: readonly string[]) => command.map((part) => (part === IMAGE_ENTRY ? join(dir, 'component.mjs') : part));
  const spec = parse(compileToYaml(textTools));

  it('runs each component of the image by name', () => {
    const r = launch({ spec, executor: 'exec-to-yaml', parameters: { value: { a: 1, b: [true, null] } }, rewriteCommand: fromContext });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(r.outputArtifacts.document.path, 'utf8')).toBe('```yaml\na: 1\nb:\n  - true\n  - null\n```\n');
    expect(r.executorOutput).toEqual({
      artifacts: { document: { artifacts: [{ name: 'document', uri: 'gs://kfp-test-bucket/pipeline-root/to-yaml/run-salt/document', metadata: {} }] } },
    });

    const words = launch({
      spec: parse(compileToYaml(countWords)),
      executor: 'exec-count-words',
      artifacts: { text: { contents: 'one two  three\nfour\n' } },
      rewriteCommand: fromContext,
    });
    expect(words.stderr).toBe('');
    expect(words.outputParameters).toEqual({ words: 4 });
    expect(words.outputArtifacts.stats.metadata).toEqual({ words: 4 });
  });

  it('points stack traces at the TypeScript source', () => {
    const r = launch({
      spec: parse(compileToYaml(countWords)),
      executor: 'exec-count-words',
      artifacts: { text: {} },
      rewriteCommand: fromContext,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: component 'count-words' failed: ENOENT");
    expect(r.stderr).toContain(`at async run (${dir}/test/runtime/fixtures/image-components.ts:19:`);
  });

  it('warns about components whose tasks would not use the image', () => {
    const other = writeBuildContext({ components: [toYaml.spec, makeData.spec], image: 'registry.example.com/other:2', outputDir: scratch() });
    expect(other.warnings).toEqual([
      "component 'to-yaml' has targetImage 'registry.example.com/kfp-ts/text-tools:1.0', not 'registry.example.com/other:2': its tasks will not run this image",
      "component 'make-data' has no targetImage: its tasks embed their code and do not use this image (set targetImage: 'registry.example.com/other:2')",
    ]);
  });
});

describe('kfp-ts component build', () => {
  it('writes the build context of the components a file exports', () => {
    const out = join(scratch(), 'context');
    const r = kfpTs('component', 'build', 'test/runtime/fixtures/image-components.ts', '--image', IMAGE, '-o', out);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `wrote ${out}: component.mjs, component.mjs.map, package.json, Dockerfile, .dockerignore (components: count-words, to-yaml)\n` +
        `build and push it: docker build -t ${IMAGE} ${out} && docker push ${IMAGE}\n`,
    );
    expect(readFileSync(join(out, 'Dockerfile'), 'utf8')).toContain('FROM node:20-slim\n');
  });

  it('fails with one line for a file that exports no TypeScript component', () => {
    const out = join(scratch(), 'context');
    const r = kfpTs('component', 'build', fixture('good.ts'), '--image', IMAGE, '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${fixture('good.ts')} exports no TypeScript component (declare them with tsComponent and export them)\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('needs --image', () => {
    const r = kfpTs('component', 'build', 'test/runtime/fixtures/image-components.ts');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '--image <ref>' not specified");
  });

  it('is listed in the help', () => {
    expect(kfpTs('component', 'build', '--help').stdout).toContain('Write a Docker build context');
  });
});
