import { containerComponent, pipeline, pythonComponent, t } from '@kfp-ts/dsl';

const greet = pythonComponent({
  functionName: 'greet',
  source: `
def greet(name: str) -> str:
    message = f"Hello, {name}!"
    print(message)
    return message
`,
  inputs: { name: t.string() },
  outputs: { Output: t.string() },
});

const shout = containerComponent({
  name: 'shout',
  inputs: { text: t.string() },
  image: 'alpine:3.20',
  command: ['sh', '-c', 'echo "$0" | tr a-z A-Z'],
  args: ({ inputs }) => [inputs.text],
});

export const hello = pipeline(
  { name: 'hello-pipeline', description: 'Greets someone, then shouts it.', inputs: { name: t.string().default('Kubeflow') } },
  ({ name }) => {
    const greeting = greet({ name });
    shout({ text: greeting.output });
  },
);
