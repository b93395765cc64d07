#!/usr/bin/env bash
# System packages the pipeline and its tests use: Tesseract for OCR of scanned PDFs, Chromium
# for the dashboard test. Installed only when missing and when we may (root or sudo).
set -euo pipefail
need=()
# Tesseract with its English data (a bare tesseract-ocr without tesseract-ocr-eng cannot read English).
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx eng; } || \
  need+=(tesseract-ocr tesseract-ocr-eng)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "setup-system: cannot install ${need[*]} (not root); OCR/dashboard tests will be skipped" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || \
  echo "setup-system: apt-get install ${need[*]} failed; OCR/dashboard tests will be skipped" >&2
