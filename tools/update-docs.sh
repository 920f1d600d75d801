#!/usr/bin/env bash
# Regenerates the parts of the docs that come from code: the scenario JSON Schema and the field
# reference in scenarios/README.md (between the GENERATED REFERENCE markers).
set -euo pipefail
cd "$(dirname "$0")/.."
imssim=${IMSSIM:-build/tools/imssim}
[ -x "$imssim" ] || tools/build.sh release >/dev/null
"$imssim" schema > scenarios/scenario.schema.json
python3 - "$imssim" <<'PY'
import subprocess, sys
ref = subprocess.run([sys.argv[1], "schema", "--markdown"], check=True, capture_output=True, text=True).stdout
path = "scenarios/README.md"
text = open(path).read()
begin = "<!-- BEGIN GENERATED REFERENCE (tools/update-docs.sh) -->\n"
end = "<!-- END GENERATED REFERENCE -->"
a, b = text.index(begin) + len(begin), text.index(end)
open(path, "w").write(text[:a] + ref + text[b:])
PY
echo "updated scenarios/scenario.schema.json and scenarios/README.md"
