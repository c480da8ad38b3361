#!/usr/bin/env bash
# Installs what tests/test_deploy.py needs beside the quality kit: Debian's nginx (the light
# build) and openssl. Safe to re-run: apt runs only when something is missing.
set -euo pipefail
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v openssl >/dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y "${missing[@]}" || { $sudo apt-get update && $sudo apt-get install -y "${missing[@]}"; }
fi
echo "==> nginx and openssl are installed"
