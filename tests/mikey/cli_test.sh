#!/usr/bin/env bash
# CLI test: `imssim mikey decode` then `encode` returns the same bytes for the real vectors and
# the generated messages; verification with --psk works; bad input exits 2 with a message.
# Usage: cli_test.sh IMSSIM VECTORS_DIR SAMPLES_DIR
set -u
imssim=$1 vectors=$2 samples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { if ! "$@"; then echo "FAIL: $*"; failures=$((failures + 1)); fi; }

for f in "$vectors"/*.bin "$samples"/*.bin; do
  "$imssim" mikey decode "$f" > "$tmp/m.json" || { echo "FAIL: decode $f"; failures=$((failures + 1)); continue; }
  check "$imssim" mikey encode "$tmp/m.json" --out "$tmp/m.bin"
  check cmp -s "$f" "$tmp/m.bin"
  # hex and base64 input, stdin
  xxd -p "$f" | tr -d '\n' > "$tmp/m.hex"
  "$imssim" mikey decode --hex - < "$tmp/m.hex" > "$tmp/m2.json"
  check cmp -s "$tmp/m.json" "$tmp/m2.json"
  "$imssim" mikey encode --base64 "$tmp/m.json" > "$tmp/m.b64"
  "$imssim" mikey decode --base64 "$tmp/m.b64" > "$tmp/m3.json"
  check cmp -s "$tmp/m.json" "$tmp/m3.json"
done

# Verification: the generated REQUEST_RESP with the UE-KMS PSK and its request.
psk=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
"$imssim" mikey decode --psk $psk --request "$samples/request_init.bin" "$samples/request_resp.bin" > "$tmp/v.json"
check test $? -eq 0
check grep -q '"mac_ok": true' "$tmp/v.json"
check grep -q '"traffic_keys"' "$tmp/v.json"
"$imssim" mikey decode --psk ff$psk --request "$samples/request_init.bin" "$samples/request_resp.bin" > "$tmp/v.json"
check test $? -eq 1
check grep -q '"mac_ok": false' "$tmp/v.json"

# Garbage and truncation: exit 2 with a message naming the offset.
printf 'garbage, not MIKEY' > "$tmp/g.bin"
"$imssim" mikey decode "$tmp/g.bin" 2> "$tmp/err" > /dev/null
check test $? -eq 2
check grep -q "offset" "$tmp/err"
head -c 40 "$vectors/tsitle_rtsp_sdp_psk_init_mki.bin" > "$tmp/t.bin"
"$imssim" mikey decode "$tmp/t.bin" 2> "$tmp/err" > /dev/null
check test $? -eq 2
check grep -q "RAND at offset 29" "$tmp/err"
echo '{"header": {}}' > "$tmp/bad.json"
"$imssim" mikey encode "$tmp/bad.json" 2> "$tmp/err" > /dev/null
check test $? -eq 2
check grep -q "/header/version" "$tmp/err"

if [ $failures -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "mikey CLI: all checks passed"
