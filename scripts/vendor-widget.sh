#!/usr/bin/env bash
# Rebuild the vendored third-party browser files of the chat widget from the pinned npm packages.
#
#   bash scripts/vendor-widget.sh
#
# Versions are pinned in widget/package.json and widget/package-lock.json (npm ci installs exactly the
# lock file). The copied files are committed under rehearse/portal/static/widget/vendor/, so running the
# portal needs neither npm nor the internet; run this script only to upgrade a dependency.
#   socket.io/socket.io.min.js   socket.io-client (engine.io protocol 4), bundled into /widget.js
#   rasa-webchat/webchat.js      the rasa-webchat 1.0.1 UMD bundle (the package's lib/index.js) for /webchat-demo;
#                                its CSS @import of a Google web font is removed so nothing loads from the internet
#   axe-core/axe.min.js          accessibility checker, injected by the browser tests
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULES="$ROOT/widget/node_modules"
VENDOR="$ROOT/rehearse/portal/static/widget/vendor"
FONT_IMPORT='@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);'

(cd "$ROOT/widget" && npm ci --ignore-scripts --no-audit --no-fund)

rm -rf "$VENDOR"
mkdir -p "$VENDOR/socket.io" "$VENDOR/rasa-webchat" "$VENDOR/axe-core"

# Source maps are not shipped: drop the comment that would make developer tools ask for them.
grep -v '^//# sourceMappingURL=' "$MODULES/socket.io-client/dist/socket.io.min.js" > "$VENDOR/socket.io/socket.io.min.js"
cp "$MODULES/socket.io-client/LICENSE" "$VENDOR/socket.io/LICENSE"

# Plain string replacement (no regex): the font import is a literal inside the bundle's CSS strings.
python3 - "$MODULES/rasa-webchat/lib/index.js" "$VENDOR/rasa-webchat/webchat.js" "$FONT_IMPORT" <<'PY'
import sys
source, target, font_import = sys.argv[1:4]
text = open(source, encoding="utf-8").read()
if font_import not in text:
    sys.exit("rasa-webchat bundle changed: the web font import to remove was not found")
open(target, "w", encoding="utf-8").write(text.replace(font_import, ""))
PY
cp "$MODULES/rasa-webchat/LICENSE" "$VENDOR/rasa-webchat/LICENSE"

cp "$MODULES/axe-core/axe.min.js" "$VENDOR/axe-core/axe.min.js"
cp "$MODULES/axe-core/LICENSE" "$VENDOR/axe-core/LICENSE"
cp "$MODULES/axe-core/LICENSE-3RD-PARTY.txt" "$VENDOR/axe-core/LICENSE-3RD-PARTY.txt"

if grep -rl 'fonts.googleapis.com' "$VENDOR"; then
    echo "a vendored file still refers to a web font host" >&2
    exit 1
fi

{
    echo "Vendored by scripts/vendor-widget.sh from widget/package-lock.json. Do not edit by hand."
    for package in socket.io-client rasa-webchat axe-core; do
        version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$MODULES/$package/package.json")"
        echo "$package $version"
    done
} > "$VENDOR/VERSIONS.txt"
(cd "$VENDOR" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
echo "vendored into $VENDOR:"
cat "$VENDOR/VERSIONS.txt"
