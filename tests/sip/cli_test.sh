#!/usr/bin/env bash
# CLI test: `imssim sip check` exits 0 with a JSON summary for valid messages (key-mgmt
# reported), 1 with the reason for invalid ones, 2 for unreadable input.
# Usage: cli_test.sh IMSSIM VECTORS_DIR
set -u
imssim=$1 vectors=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() { if ! "$@"; then echo "FAIL: $*"; failures=$((failures + 1)); fi; }

"$imssim" sip check "$vectors/sip-callflows/rfc3665_3.1_F1_INVITE_with_sdp.sip" > "$tmp/out.json"
check test $? -eq 0
check grep -q '"method": "INVITE"' "$tmp/out.json"
check grep -q '"cseq": 1' "$tmp/out.json"
check grep -q '"key_mgmt": false' "$tmp/out.json"

"$imssim" sip check "$vectors/sip-callflows/rfc3665_3.1_F3_200OK_with_sdp.sip" > "$tmp/out.json"
check test $? -eq 0
check grep -q '"status": 200' "$tmp/out.json"

# An INVITE whose SDP carries a=key-mgmt:mikey at media level.
sdp=$'v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\na=key-mgmt:mikey AQIDBA==\r\n'
printf 'INVITE sip:bob@ims.test SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nTo: <sip:bob@ims.test>\r\nFrom: <sip:alice@ims.test>;tag=a\r\nCall-ID: km1@ims.test\r\nCSeq: 5 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s' "${#sdp}" "$sdp" > "$tmp/km.sip"
"$imssim" sip check "$tmp/km.sip" > "$tmp/out.json"
check test $? -eq 0
check grep -q '"key_mgmt": true' "$tmp/out.json"
check grep -q '"call_id": "km1@ims.test"' "$tmp/out.json"
check grep -q '"level": "media 0"' "$tmp/out.json"

# Bad base64 in key-mgmt: invalid.
sed 's/AQIDBA==/AQ$DBA==/' "$tmp/km.sip" > "$tmp/badkm.sip"
"$imssim" sip check "$tmp/badkm.sip" > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q "key-mgmt" "$tmp/err"

# RFC 4475 invalid messages: exit 1 with the reason.
"$imssim" sip check "$vectors/sip-torture/clerr.dat" > "$tmp/out.json" 2> "$tmp/err"
check test $? -eq 1
check grep -q "Content-Length: 9999" "$tmp/err"
check grep -q '"valid": false' "$tmp/out.json"
"$imssim" sip check "$vectors/sip-torture/badvers.dat" > "$tmp/out.json" 2> /dev/null
check test $? -eq 1
check grep -q '"answer": 505' "$tmp/out.json"

# Stream framing: the extra octets of dblreq are an error there.
"$imssim" sip check "$vectors/sip-torture/dblreq.dat" > /dev/null
check test $? -eq 0
"$imssim" sip check --stream "$vectors/sip-torture/dblreq.dat" > /dev/null 2>&1
check test $? -eq 1

"$imssim" sip check "$tmp/does-not-exist" > /dev/null 2>&1
check test $? -eq 2

if [ $failures -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "sip CLI: all checks passed"
