#!/usr/bin/env sh
# Copy the front-end packages the pages use from node_modules into static/vendor.
# Used by `make assets` and the Dockerfile, so both ship the same files.
# Source-map comments are removed: the maps are not shipped, and collectstatic's manifest
# storage would otherwise fail on the missing .map files.
set -eu
cd "$(dirname "$0")/.."
NM=node_modules
mkdir -p static/vendor/utrecht static/vendor/swagger-ui
cp "$NM/@utrecht/component-library-css/dist/index.css" static/vendor/utrecht/component-library.css
cp "$NM/@utrecht/design-tokens/dist/index.css" static/vendor/utrecht/design-tokens.css
for f in swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css; do
  sed -e '/sourceMappingURL=/d' "$NM/swagger-ui-dist/$f" > "static/vendor/swagger-ui/$f"
done
cp "$NM/swagger-ui-dist/favicon-32x32.png" static/vendor/swagger-ui/
