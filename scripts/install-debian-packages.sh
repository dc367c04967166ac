#!/usr/bin/env bash
# Installs the Debian packages that running the product and its tests need, if any is missing:
# code-server builds native modules (g++, make, python3, pkg-config, libkrb5-dev) and needs `rg`
# (ripgrep); the integration and UI tests drive Debian's Chromium, and commit skills with git.
set -euo pipefail
packages=(chromium ripgrep libkrb5-dev pkg-config g++ make python3 git)
missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi
if ! command -v apt-get >/dev/null; then
	echo "Missing Debian packages: ${missing[*]} (no apt-get here; install them another way)." >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
