# Nightly compliance run with Windows Task Scheduler. Register it once (elevated):
#   schtasks /Create /TN "casaudit nightly" /SC DAILY /ST 06:15 /RU CONTOSO\svc-casaudit /RP * /TR "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\casaudit\casaudit-nightly.ps1"
# The folder holds exports\ (ldifde, dnscmd /ZoneExport, Export-CasAuditHostData.ps1) refreshed before it runs.
Set-Location C:\casaudit
$Today = Get-Date -Format yyyy-MM-dd
New-Item -ItemType Directory -Force snapshots, reports | Out-Null
npx casaudit collect --ldif exports/config.ldf --zone exports/contoso.local.dns --hosts exports/hosts --quiet --output "snapshots/$Today.json"
if ($LASTEXITCODE -ne 0) { exit 2 }
npx casaudit audit "snapshots/$Today.json" --format markdown --output "reports/$Today.md" --fail-on none
npx casaudit audit "snapshots/$Today.json" --format sarif --output "reports/$Today.sarif" --fail-on error
exit $LASTEXITCODE
