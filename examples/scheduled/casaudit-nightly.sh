#!/bin/sh
# Nightly compliance run on Linux, from the exports the Windows side drops in exports/
# (ldifde, dnscmd /ZoneExport, scripts/Export-CasAuditHostData.ps1). Keeps a dated snapshot,
# what changed since the last run, and a SARIF report compared with the last one.
# crontab -e:   15 6 * * *  /opt/casaudit/casaudit-nightly.sh >> /var/log/casaudit.log 2>&1
set -u
cd "${CASAUDIT_HOME:-/var/lib/casaudit}" || exit 2
today=$(date +%F)
mkdir -p snapshots reports
npx casaudit collect --ldif exports/config.ldf --zone exports/contoso.local.dns --hosts exports/hosts --quiet --output "snapshots/$today.json" || exit 2
if [ -f snapshots/latest.json ]; then
  npx casaudit diff snapshots/latest.json "snapshots/$today.json" --output "reports/$today-drift.txt"
fi
if [ -f reports/latest.sarif ]; then
  npx casaudit audit "snapshots/$today.json" --format sarif --output "reports/$today.sarif" --baseline reports/latest.sarif --fail-on-new
else
  npx casaudit audit "snapshots/$today.json" --format sarif --output "reports/$today.sarif" --fail-on error
fi
status=$?
[ "$status" -eq 2 ] && exit 2
cp "snapshots/$today.json" snapshots/latest.json
cp "reports/$today.sarif" reports/latest.sarif
exit "$status"
