#!/usr/bin/env bash
# README command 1: install what is needed, build, and run the default scenario (the proposal's
# secure call between two UEs), writing results, pcap and ladder diagrams under out/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
tools/build.sh release >/dev/null
build/tools/imssim run scenarios/basic-call.json --out out/basic-call
