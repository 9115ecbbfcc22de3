/**
 * Inspection of a segmentation dataset in S3/MinIO: per split, the images and masks, paired by file stem.
 *
 * The polyp layout (the default) is `<prefix>/TrainDataset/{images,masks}/…` for training and
 * `<prefix>/TestDataset/<name>/{images,masks}/…` for each named test set (Kvasir, CVC-ClinicDB, …). A
 * `train/val/test` layout is described with {@link splitLayout}. One listing of the prefix serves all splits.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listObjects, type S3ListOptions } from './list.js';

/** Where one split lives, relative to the dataset prefix. */
export interface SplitSpec {
  /** Name in the summary, e.g. `train`. */
  name: string;
  /** Folder relative to the prefix, e.g. `TrainDataset`. */
  path: string;
  /** Each sub-folder of `path` is a split of its own, named `<name>/<sub-folder>` (the polyp test sets). */
  perSubfolder?: boolean;
  /** A missing split is an error unless this is false. Default true. */
  required?: boolean;
}

/** The dataset to inspect. */
export interface DatasetLocation {
  bucket: string;
  /** Key prefix of the dataset, without a trailing slash, e.g. `polyp_dataset`. */
  prefix: string;
  /** Default {@link POLYP_LAYOUT}. */
  splits?: SplitSpec[];
  /** Folder names of images and masks inside a split. Default `images` and `masks`. */
  imagesDir?: string;
  masksDir?: string;
}

/** The seed's layout: `TrainDataset` and the named test sets under `TestDataset`. */
export const POLYP_LAYOUT: SplitSpec[] = [
  { name: 'train', path: 'TrainDataset' },
  { name: 'test', path: 'TestDataset', perSubfolder: true },
];

/** A layout of plain split folders, e.g. `splitLayout(['train', 'val', 'test'])`. */
export function splitLayout(names: string[], options: { required?: boolean } = {}): SplitSpec[] {
  return names.map((name) => ({ name, path: name, required: options.required }));
}

/** Counts of one split. */
export interface SplitSummary {
  name: string;
  /** `s3://bucket/prefix/path/` of the split. */
  uri: string;
  images: number;
  masks: number;
  /** Image/mask pairs with the same stem. */
  pairs: number;
  /** Stems of images without a mask, and of masks without an image (at most 20 each). */
  imagesWithoutMask: string[];
  masksWithoutImage: string[];
  /** Files in the split that are neither an image nor a mask. */
  otherFiles: number;
  bytes: number;
}

/** The result of {@link inspectDataset}. */
export interface DatasetSummary {
  bucket: string;
  prefix: string;
  splits: SplitSummary[];
  totalImages: number;
  totalMasks: number;
  totalPairs: number;
  /** Problems found; {@link inspectDataset} throws them unless `strict` is false. */
  problems: string[];
}

/** A dataset that does not have the expected layout. */
export class DatasetLayoutError extends Error {
  override readonly name = 'DatasetLayoutError';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** File types counted as images or masks. */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.bmp', '.tif', '.tiff'];

/**
 * Lists the dataset once and counts images and masks per split. Throws {@link DatasetLayoutError} naming
 * every problem — a missing split, a split without images or masks, images and masks that do not pair up —
 * unless `strict` is false, in which case the problems are returned in the summary.
 */
export async function inspectDataset(
  client: S3Client,
  location: DatasetLocation,
  options: S3ListOptions & { strict?: boolean } = {},
): Promise<DatasetSummary> {
  const prefix = location.prefix.replace(/^\/+|\/+$/g, '');
  const root = prefix ? `${prefix}/` : '';
  const objects = await listObjects(client, location.bucket, root, options);
  const summary = summarizeKeys(
    location.bucket,
    prefix,
    objects.map((o) => ({ key: o.key.slice(root.length), size: o.size })),
    location,
  );
  if (summary.problems.length > 0 && options.strict !== false) {
    const shown = summary.problems.slice(0, 10).join('; ');
    const more = summary.problems.length > 10 ? ` (and ${summary.problems.length - 10} more)` : '';
    throw new DatasetLayoutError(`dataset s3://${location.bucket}/${root}: ${shown}${more}`, summary.problems);
  }
  return summary;
}

/**
 * Counts images and masks of keys relative to the dataset prefix (the part of {@link inspectDataset} that
 * needs no network).
 */
export function summarizeKeys(
  bucket: string,
  prefix: string,
  objects: Array<{ key: string; size: number }>,
  location: Pick<DatasetLocation, 'splits' | 'imagesDir' | 'masksDir'> = {},
): DatasetSummary {
  const imagesDir = location.imagesDir ?? 'images';
  const masksDir = location.masksDir ?? 'masks';
  const root = prefix ? `${prefix}/` : '';
  const problems: string[] = [];
  const splits: SplitSummary[] = [];

  for (const spec of location.splits ?? POLYP_LAYOUT) {
    const splitRoot = `${spec.path.replace(/^\/+|\/+$/g, '')}/`;
    const inSplit = objects.filter((o) => o.key.startsWith(splitRoot) && !o.key.endsWith('/'));
    const uri = `s3://${bucket}/${root}${splitRoot}`;
    if (inSplit.length === 0) {
      if (spec.required !== false) problems.push(`split '${spec.name}' is missing: no objects under ${uri}`);
      continue;
    }
    if (!spec.perSubfolder) {
      splits.push(countSplit(spec.name, uri, inSplit, splitRoot, imagesDir, masksDir, problems));
      continue;
    }
    const groups = new Map<string, Array<{ key: string; size: number }>>();
    for (const object of inSplit) {
      const rest = object.key.slice(splitRoot.length);
      const slash = rest.indexOf('/');
      if (slash < 0) continue; // a file directly in the parent folder belongs to no named set
      const name = rest.slice(0, slash);
      const group = groups.get(name);
      if (group) group.push(object);
      else groups.set(name, [object]);
    }
    if (groups.size === 0) {
      problems.push(`split '${spec.name}' has no sub-folders (expected ${uri}<name>/${imagesDir}/…)`);
      continue;
    }
    for (const name of [...groups.keys()].sort()) {
      const subRoot = `${splitRoot}${name}/`;
      splits.push(countSplit(`${spec.name}/${name}`, `${uri}${name}/`, groups.get(name)!, subRoot, imagesDir, masksDir, problems));
    }
  }

  return {
    bucket,
    prefix,
    splits,
    totalImages: splits.reduce((n, s) => n + s.images, 0),
    totalMasks: splits.reduce((n, s) => n + s.masks, 0),
    totalPairs: splits.reduce((n, s) => n + s.pairs, 0),
    problems,
  };
}

const MAX_EXAMPLES = 20;

function countSplit(
  name: string,
  uri: string,
  objects: Array<{ key: string; size: number }>,
  splitRoot: string,
  imagesDir: string,
  masksDir: string,
  problems: string[],
): SplitSummary {
  const images = new Set<string>();
  const masks = new Set<string>();
  let otherFiles = 0;
  let bytes = 0;
  for (const object of objects) {
    bytes += object.size;
    const rest = object.key.slice(splitRoot.length);
    const slash = rest.indexOf('/');
    const folder = slash < 0 ? '' : rest.slice(0, slash);
    const file = rest.slice(slash + 1);
    const stem = imageStem(file);
    if (stem !== undefined && folder === imagesDir) images.add(stem);
    else if (stem !== undefined && folder === masksDir) masks.add(stem);
    else otherFiles++;
  }
  const imagesWithoutMask = [...images].filter((s) => !masks.has(s)).sort();
  const masksWithoutImage = [...masks].filter((s) => !images.has(s)).sort();
  const pairs = images.size - imagesWithoutMask.length;

  if (images.size === 0) problems.push(`split '${name}' has no images under ${uri}${imagesDir}/`);
  if (masks.size === 0) problems.push(`split '${name}' has no masks under ${uri}${masksDir}/`);
  if (images.size > 0 && masks.size > 0 && (imagesWithoutMask.length > 0 || masksWithoutImage.length > 0)) {
    const parts: string[] = [];
    if (imagesWithoutMask.length > 0) parts.push(`${imagesWithoutMask.length} image(s) without a mask (${examples(imagesWithoutMask)})`);
    if (masksWithoutImage.length > 0) parts.push(`${masksWithoutImage.length} mask(s) without an image (${examples(masksWithoutImage)})`);
    problems.push(`split '${name}' has ${images.size} images and ${masks.size} masks: ${parts.join(', ')}`);
  }
  return {
    name,
    uri,
    images: images.size,
    masks: masks.size,
    pairs,
    imagesWithoutMask: imagesWithoutMask.slice(0, MAX_EXAMPLES),
    masksWithoutImage: masksWithoutImage.slice(0, MAX_EXAMPLES),
    otherFiles,
    bytes,
  };
}

/** The file name without its image extension, or undefined when it is not an image file. */
function imageStem(file: string): string | undefined {
  if (!file || file.includes('/')) return undefined;
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return IMAGE_EXTENSIONS.includes(file.slice(dot).toLowerCase()) ? file.slice(0, dot) : undefined;
}

function examples(stems: string[]): string {
  const shown = stems.slice(0, 3).join(', ');
  return stems.length > 3 ? `${shown}, …` : shown;
}

/** Flat counts for a Metrics output: `<split>/images`, `<split>/masks`, `<split>/pairs`, and totals. */
export function datasetMetrics(summary: DatasetSummary): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const split of summary.splits) {
    metrics[`${split.name}/images`] = split.images;
    metrics[`${split.name}/masks`] = split.masks;
    metrics[`${split.name}/pairs`] = split.pairs;
  }
  metrics['total/images'] = summary.totalImages;
  metrics['total/masks'] = summary.totalMasks;
  metrics['total/pairs'] = summary.totalPairs;
  return metrics;
}
