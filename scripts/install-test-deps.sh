#!/usr/bin/env bash
# Installs the Debian packages the integration tests run for real when they are missing:
# slapd and ldap-utils (a private OpenLDAP server per test run), openssl (a test CA),
# samba-ad-dc, samba and samba-ad-provision (a private Samba AD DC for the AD-fidelity suite),
# bind9 and bind9-dnsutils (a private BIND named serving fixture zones, and dig),
# chromium (headless, driven by playwright-core, opens the HTML report as a reader would).
# `npm test` runs this first. The tests never use or stop a system slapd, samba or named.
set -euo pipefail

missing=""
for tool in slapd slapadd ldapsearch openssl samba samba-tool named named-checkconf dig; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing="$missing $tool"
done
# The HTML report tests launch /usr/bin/chromium, where Debian's package puts it.
{ command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromium ]; } || missing="$missing chromium"
[ -z "$missing" ] && exit 0

echo "casaudit tests: installing slapd ldap-utils openssl samba-ad-dc samba samba-ad-provision bind9 bind9-dnsutils chromium (missing:$missing)" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "casaudit tests: missing:$missing; run as root or install them: apt-get install slapd ldap-utils openssl samba-ad-dc samba samba-ad-provision bind9 bind9-dnsutils chromium" >&2
    exit 1
  fi
fi
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slapd ldap-utils openssl samba-ad-dc samba samba-ad-provision bind9 bind9-dnsutils chromium
