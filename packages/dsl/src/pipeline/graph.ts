/**
 * The in-memory graph a pipeline body builds: tasks nested in groups (the pipeline itself, conditions,
 * loops, exit handlers). It records what the user wrote and in which order; naming and the IR are the
 * compiler's business.
 */
import type { Channel, Condition } from '../channels/channel.js';
import type { SourceLocation } from '../errors.js';
import type { ComponentSpec } from '../components/component-spec.js';
import type { IOType } from '../types/index.js';
import type { TaskConfig } from './task-config.js';
import type { WorkspaceConfig } from '../kubernetes/workspace.js';

/** A value given for a task input: a constant, a channel, or a string with channel tokens in it. */
export type ArgumentValue = unknown;

/** One component call inside a pipeline. */
export interface TaskNode {
  readonly nodeKind: 'task';
  /** Creation order among all tasks of the pipeline, from 0. */
  readonly index: number;
  readonly component: ComponentSpec;
  /** Arguments as passed, by input name (inputs not passed are absent). */
  readonly args: Readonly<Record<string, ArgumentValue>>;
  readonly config: TaskConfig;
  /** Tasks this one must run after (`.after()`), in call order. */
  readonly after: TaskNode[];
  /** The group this task was created in (moved to an exit handler's parent when used as an exit task). */
  parent: GroupNode;
  readonly location?: SourceLocation;
}

export type GroupKind = 'pipeline' | 'condition' | 'condition-branches' | 'for-loop' | 'exit-handler';

/** The items a loop iterates over. */
export type LoopItems =
  | { kind: 'literal'; values: unknown[] }
  | { kind: 'channel'; channel: Channel };

/** A group of tasks: the pipeline's root, a branch of a condition, a loop body or an exit handler's body. */
export interface GroupNode {
  readonly nodeKind: 'group';
  readonly groupKind: GroupKind;
  /**
   * The group's number, from one counter per pipeline as the Python SDK numbers them (`condition-N`,
   * `for-loop-N`, `exit-handler-N`; the root is 0). An If that gains an Elif/Else swaps its number with the
   * new `condition-branches` group, so this may change once after creation.
   */
  id: number;
  /** Set only for the root group (the pipeline itself). */
  parent?: GroupNode;
  readonly children: (TaskNode | GroupNode)[];
  /** A display name the user gave the group. */
  readonly displayName?: string;
  readonly location?: SourceLocation;

  /** `If`: the condition; `Elif`/`Else` also carry the conditions of the branches before them, negated. */
  condition?: Condition;
  /** For a branch: the conditions of earlier branches in its If/Elif/Else chain, which must all be false. */
  negatedConditions?: Condition[];
  /** For a branch: true for `Else`. */
  isElse?: boolean;

  /** `ParallelFor`: what it iterates over. */
  loopItems?: LoopItems;
  /** `ParallelFor`: how many iterations may run at once. */
  parallelism?: number;
  /** `ParallelFor`: the channel for the current item. */
  loopItem?: Channel;
  /** `ParallelFor` over a literal list: the number naming its item (`loop-item-param-N`). */
  loopItemNameCode?: number;

  /** `ExitHandler`: the task that runs when the body finishes, however it finishes. */
  exitTask?: TaskNode;

  /** `condition-branches`: how many OneOf values were taken from this chain (numbers `oneof-K`). */
  oneOfCount?: number;
}

/** A pipeline's declared interface and its body's graph. */
export interface PipelineGraph {
  readonly name: string;
  readonly description?: string;
  readonly displayName?: string;
  /** The default pipeline root (where runs store artifacts). */
  readonly pipelineRoot?: string;
  readonly inputs: Readonly<Record<string, IOType>>;
  /** The pipeline's outputs: what its body returned, by name. */
  readonly outputs: Readonly<Record<string, Channel>>;
  /** The outputs' declared types (with their descriptions), when the pipeline declared them. */
  readonly outputTypes?: Readonly<Record<string, IOType>>;
  readonly root: GroupNode;
  /** All tasks in creation order. */
  readonly tasks: readonly TaskNode[];
  /** All groups in creation order; `groups[0]` is the root. */
  readonly groups: readonly GroupNode[];
  /** The channels standing for the pipeline's inputs inside its body. */
  readonly inputChannels: Readonly<Record<string, Channel>>;
  /** The run's shared workspace volume (`PipelineOptions.workspace`). */
  readonly workspace?: WorkspaceConfig;
  readonly location?: SourceLocation;
}
