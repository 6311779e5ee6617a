#!/usr/bin/env bash
# Audit the pinned dependency set (requirements/lock.txt) for known vulnerabilities with pip-audit.
#
# pip-audit cannot live in the project's venv (its dependencies conflict with Rasa's pins), so it is
# installed, at a pinned version, into a throwaway venv of its own (default /tmp/rehearse-audit, override
# with AUDIT_VENV) with the default python3. The lock has hashes, so pip-audit audits exactly the pinned
# versions without resolving or installing anything (--disable-pip).
#
# Writes the JSON report to var/audit/pip-audit.json (override with AUDIT_REPORT) and prints the table.
# Exit status: 0 no known vulnerabilities; 1 vulnerabilities found (triage them in docs/security.md);
# 2 the audit could not look the packages up (e.g. no access to the vulnerability service) - an audit
# that checked nothing must not pass as clean.
set -euo pipefail
cd "$(dirname "$0")/.."

PIP_AUDIT_VERSION="2.10.1"
AUDIT_VENV="${AUDIT_VENV:-/tmp/rehearse-audit}"
AUDIT_REPORT="${AUDIT_REPORT:-var/audit/pip-audit.json}"
PYTHON="${AUDIT_PYTHON:-python3}"

if [ ! -x "$AUDIT_VENV/bin/pip-audit" ] || ! "$AUDIT_VENV/bin/pip-audit" --version 2>/dev/null | grep -qx "pip-audit $PIP_AUDIT_VERSION"; then
  rm -rf "$AUDIT_VENV"
  "$PYTHON" -m venv "$AUDIT_VENV"
  "$AUDIT_VENV/bin/pip" install --quiet "pip-audit==$PIP_AUDIT_VERSION"
fi

mkdir -p "$(dirname "$AUDIT_REPORT")"
rm -f "$AUDIT_REPORT"
status=0
"$AUDIT_VENV/bin/pip-audit" --requirement requirements/lock.txt --disable-pip --require-hashes \
  --vulnerability-service "${AUDIT_SERVICE:-pypi}" --format json --output "$AUDIT_REPORT" --progress-spinner off \
  || status=$?
if [ ! -s "$AUDIT_REPORT" ]; then
  echo "pip-audit wrote no report (status $status): nothing was audited" >&2
  exit 2
fi

summary=0
"$AUDIT_VENV/bin/python" - "$AUDIT_REPORT" <<'PY' || summary=$?
import json
import sys

report = json.load(open(sys.argv[1]))
deps = report["dependencies"]
skipped = [dep for dep in deps if "skip_reason" in dep]
vulnerable = [dep for dep in deps if dep.get("vulns")]
for dep in vulnerable:
    for vuln in dep["vulns"]:
        fixes = ", ".join(vuln.get("fix_versions") or []) or "none"
        print(f"{dep['name']}=={dep['version']}  {vuln['id']}  fixed in: {fixes}  {' '.join(vuln.get('aliases') or [])}")
print(f"audited {len(deps) - len(skipped)} of {len(deps)} pinned packages; "
      f"{sum(len(dep['vulns']) for dep in vulnerable)} known vulnerabilities in {len(vulnerable)} packages")
if skipped:
    print(f"NOT AUDITED ({len(skipped)}): {skipped[0]['skip_reason']} ...", file=sys.stderr)
    sys.exit(2)
PY
if [ "$summary" -ne 0 ]; then exit "$summary"; fi
exit $(( status == 0 ? 0 : 1 ))
