import { ExitHandler, loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';

const exitOp = loadComponentFromText(`
name: Exit Op
inputs:
- {name: user_input, type: String}
- {name: status, type: PipelineTaskFinalStatus}
implementation:
  container:
    image: registry.access.redhat.com/ubi9/python-311:latest
    command:
    - echo
    - "user input:"
    - {inputValue: user_input}
    - "pipeline status:"
    - {inputValue: status}
`);

const printOp = loadComponentFromText(`
name: Print Op
inputs:
- {name: message, type: String}
implementation:
  container:
    image: registry.access.redhat.com/ubi9/python-311:latest
    command:
    - echo
    - {inputValue: message}
`);

export default () =>
  pipeline({ name: 'pipeline-with-task-final-status-yaml', inputs: { message: t.string().default('Hello World!') } }, ({ message }) => {
    const exitTask = exitOp({ user_input: message });
    ExitHandler(
      exitTask,
      () => {
        printOp({ message });
      },
      'my-pipeline',
    );
  });
