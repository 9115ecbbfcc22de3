/**
 * `kfp-ts validate <files...>`: checks IR YAML files against the PipelineSpec and PlatformSpec schemas and
 * the backend's rules; each problem is one line with its field path, then a code frame of the YAML.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { validateYamlText, type SchemaIssue } from '../validate/validate.js';
import { codeFrame, wantsColor } from './code-frame.js';
import { jsonOption, reportResult, type ValidatedFile, type ValidationIssue } from './json-output.js';
import { issuePositions } from './yaml-positions.js';
import { unreadableFileReason } from '../ir/read-ir-yaml.js';

/** One line per problem: the document and field path, then the message (YAML parse errors carry a code frame: drop it). */
function describeIssue(issue: SchemaIssue): string {
  return issue.path ? `${issue.document} ${issue.path}: ${firstLine(issue.message)}` : firstLine(issue.message);
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

/** Validates one file; prints its verdict (valid on standard output, problems on standard error). */
function validateFile(file: string): ValidatedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const why = unreadableFileReason(e);
    process.stderr.write(`${file}: cannot read: ${why}\n`);
    return { file, valid: false, issues: [{ message: `cannot read: ${why}` }] };
  }
  const issues = validateYamlText(text);
  if (issues.length === 0) {
    process.stdout.write(`${file}: valid\n`);
    return { file, valid: true, issues: [] };
  }
  const positions = issuePositions(text, issues);
  const color = wantsColor(process.stderr);
  const reported: ValidationIssue[] = issues.map((issue, i) => {
    const at = positions[i];
    const frame = at && codeFrame(text, at.line, at.column, { color });
    process.stderr.write(`${file}: ${describeIssue(issue)}\n${frame ? `${frame}\n` : ''}`);
    return {
      message: firstLine(issue.message),
      document: issue.document,
      ...(issue.path ? { path: issue.path } : {}),
      ...(at ? { location: { file, ...at } } : {}),
    };
  });
  return { file, valid: false, issues: reported };
}

export function addValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check KFP IR YAML files against the PipelineSpec and Kubernetes PlatformSpec schemas.')
    .argument('<files...>', 'YAML files to check')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Prints "<file>: valid" for each valid file and one line per problem for the others, with the path of the
offending field and the YAML around it. The exit code is 1 when any file is invalid or unreadable.

Example:
  $ kfp-ts validate pipeline.yaml other.yaml`,
    )
    .action((files: string[]) => {
      const results = files.map(validateFile);
      const bad = results.filter((r) => !r.valid).map((r) => r.file);
      if (bad.length) process.exitCode = 1;
      reportResult(
        bad.length
          ? { ok: false, command: 'validate', files: results, error: { message: `invalid or unreadable: ${bad.join(', ')}` } }
          : { ok: true, command: 'validate', files: results },
      );
    });
}
