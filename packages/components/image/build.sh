#!/usr/bin/env bash
# Builds (and with --push, pushes) the image of the prebuilt polyp steps.
#   packages/components/image/build.sh [image] [--push]
# The image reference defaults to the one the steps declare (POLYP_COMPONENTS_IMAGE). When you build under
# another name, point the tasks at it with setContainerImage (see docs/components.md).
set -euo pipefail
cd "$(dirname "$0")/../../.."
image="${1:-ghcr.io/kfp-ts/polyp-components:0.1.0}"
docker build -f packages/components/image/Dockerfile --build-arg IMAGE="$image" -t "$image" .
if [ "${2:-}" = "--push" ]; then docker push "$image"; fi
