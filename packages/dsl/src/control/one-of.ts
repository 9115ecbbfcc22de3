/**
 * OneOf: the output of whichever branch of an If/Elif/Else chain ran.
 */
import { ArtifactChannel, isChannel, ParameterChannel, type Channel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { GroupNode } from '../pipeline/graph.js';

function branchOf(channel: Channel): GroupNode | undefined {
  if (channel.source.kind !== 'task-output') return undefined;
  for (let g: GroupNode | undefined = channel.source.task.parent; g; g = g.parent) {
    if (g.groupKind === 'condition' && g.parent?.groupKind === 'condition-branches') return g;
  }
  return undefined;
}

/**
 * One value from the branch of an If/Elif/Else chain that ran. Give one channel per branch, in branch
 * order; the chain must end with `Else` so exactly one branch runs.
 *
 * @example
 * import { If, OneOf, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
 * const flip = pythonComponent({
 *   functionName: 'flip',
 *   source: 'def flip() -> str:\n    import random\n    return random.choice(["heads", "tails"])\n',
 *   outputs: { Output: t.string() },
 * });
 * const shout = pythonComponent({
 *   functionName: 'shout',
 *   source: 'def shout(text: str) -> str:\n    return text.upper()\n',
 *   inputs: { text: t.string() },
 *   outputs: { Output: t.string() },
 * });
 *
 * export const coin = pipeline({ name: 'coin' }, () => {
 *   const side = flip().output;
 *   const said = If(side.eq('heads'), () => shout({ text: 'heads!' }).output).Else(() => shout({ text: 'tails!' }).output);
 *   return OneOf(...said.results);
 * });
 */
export function OneOf<P extends ParameterChannel>(...channels: P[]): P;
export function OneOf<A extends ArtifactChannel>(...channels: A[]): A;
export function OneOf(...channels: Channel[]): Channel {
  const location = callerLocation();
  const fail = (message: string) => new KfpDefinitionError(`OneOf: ${message}`, { location });
  if (channels.length < 2) throw fail('give one output per branch (at least two)');
  if (!channels.every(isChannel)) throw fail('every argument must be a task output');
  const branches = channels.map(branchOf);
  if (branches.some((b) => !b)) throw fail('every output must come from a task inside a branch of an If/Elif/Else chain');
  const wrapper = branches[0]!.parent!;
  if (branches.some((b) => b!.parent !== wrapper)) throw fail('all outputs must come from branches of the same If/Elif/Else chain');
  if (new Set(branches).size !== branches.length) throw fail('give exactly one output per branch');
  const last = wrapper.children[wrapper.children.length - 1] as GroupNode;
  if (!last.isElse) throw fail('the If/Elif chain must end with an Else, so that exactly one branch runs');
  if (branches.length !== wrapper.children.length) {
    throw fail(`the chain has ${wrapper.children.length} branches but ${branches.length} outputs were given`);
  }
  const first = channels[0];
  for (const ch of channels) {
    if (ch.channelKind !== first.channelKind) throw fail('outputs must be all parameters or all artifacts');
    if (ch.channelKind === 'parameter' && first.channelKind === 'parameter' && ch.parameterType !== first.parameterType) {
      throw fail(`outputs must have the same type (got ${first.parameterType} and ${ch.parameterType})`);
    }
    if (ch.channelKind === 'artifact' && first.channelKind === 'artifact' && ch.schemaTitle !== first.schemaTitle) {
      throw fail(`outputs must have the same artifact type (got ${first.schemaTitle} and ${ch.schemaTitle})`);
    }
  }
  wrapper.oneOfCount = (wrapper.oneOfCount ?? 0) + 1;
  const source = { kind: 'oneof' as const, branches: channels, group: wrapper, index: wrapper.oneOfCount };
  return first.channelKind === 'parameter'
    ? new ParameterChannel(first.parameterType, source)
    : new ArtifactChannel(first.schemaTitle, first.schemaVersion, first.isList, source);
}
