/**
 * The one image every prebuilt TypeScript step runs in (containerized mode). Build it from the repository
 * root with `packages/components/image/build.sh`; its Dockerfile is `packages/components/image/Dockerfile`.
 * Point the steps at your registry's copy with their `image` option.
 */
export const POLYP_COMPONENTS_IMAGE = 'ghcr.io/kfp-ts/polyp-components:0.1.0';
