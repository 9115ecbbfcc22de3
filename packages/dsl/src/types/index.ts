/**
 * Type descriptors for component inputs and outputs, grouped as `t`:
 *
 * @example
 * import { t } from '@kfp-ts/dsl';
 * const inputs = { rows: t.integer().default(100), data: t.dataset() };
 */
export * from './parameters.js';
export * from './artifacts.js';

import type { ArtifactType } from './artifacts.js';
import type { ParameterType } from './parameters.js';

/** Any input or output type descriptor. */
export type IOType = ParameterType | ArtifactType;
