-- MIKEY-TICKET (RFC 6043) dissector for Wireshark/tshark 4.x, written for imssim.
--
--   tshark -X lua_script:tools/wireshark/mikey_ticket.lua -r trace.pcap -V
--
-- Wireshark 4.0 decodes RFC 3830 MIKEY but not the MIKEY-TICKET data types (11-18) nor the
-- TR, RANDR, TP and TICKET payloads. This script takes over MIKEY on UDP 2269 and inside SDP
-- a=key-mgmt:mikey: messages of data types 11-18 are decoded here in full (every RFC 3830 and
-- RFC 6043 payload, key data sub-payloads of a clear KEMAC, SP parameters); any other MIKEY
-- message is handed to the built-in dissector unchanged.
--
-- RFC 6043 layouts follow imssim's nodes/proto/mikey (see its README for which values are
-- confirmed). Truncated or inconsistent messages are flagged as malformed (expert error).

local p = Proto("mikeyticket", "MIKEY-TICKET (RFC 6043)")

local data_types = {
  [0] = "Pre-shared", [1] = "PSK ver msg", [2] = "Public key", [3] = "PK ver msg",
  [4] = "D-H init", [5] = "D-H resp", [6] = "Error", [7] = "DHHMAC init", [8] = "DHHMAC resp",
  [9] = "RSA-R I_MSG", [10] = "RSA-R R_MSG", [11] = "REQUEST_INIT_PSK",
  [12] = "REQUEST_INIT_PK", [13] = "REQUEST_RESP", [14] = "TRANSFER_INIT", [15] = "TRANSFER_RESP",
  [16] = "RESOLVE_INIT_PSK", [17] = "RESOLVE_INIT_PK", [18] = "RESOLVE_RESP",
  [26] = "SAKKE",
}
local payload_names = {
  [0] = "Last payload", [1] = "KEMAC", [2] = "PKE", [3] = "DH", [4] = "SIGN", [5] = "T",
  [6] = "ID", [7] = "CERT", [8] = "CHASH", [9] = "V", [10] = "SP", [11] = "RAND", [12] = "ERR",
  [13] = "TR", [14] = "IDR", [15] = "RANDR", [16] = "TP", [17] = "TICKET", [20] = "Key data",
  [21] = "General Ext.", [26] = "SAKKE",
}
local prf_funcs = { [0] = "MIKEY-1", [1] = "PRF-HMAC-SHA-256" }
local map_types = { [0] = "SRTP-ID", [1] = "Empty map", [2] = "GENERIC-ID" }
local ts_types = { [0] = "NTP-UTC", [1] = "NTP", [2] = "COUNTER", [3] = "NTP-UTC-32" }
local ts_roles = { [1] = "TRi (time of issue)", [2] = "TRs (start of validity)",
                   [3] = "TRe (end of validity)", [4] = "TRr (rekeying interval)" }
local id_types = { [0] = "NAI", [1] = "URI", [2] = "Byte string" }
local id_roles = { [1] = "IDRi (Initiator)", [2] = "IDRr (Responder)", [3] = "IDRkms (KMS)",
                   [4] = "IDRpsk (Pre-Shared Key)", [5] = "IDRapp (Application)",
                   [6] = "IDRkmsi (Initiator's KMS)", [7] = "IDRkmsr (Responder's KMS)" }
local rand_roles = { [1] = "RANDRi (Initiator)", [2] = "RANDRr (Responder)",
                     [3] = "RANDRkms (KMS)" }
local encr_algs = { [0] = "NULL", [1] = "AES-CM-128", [2] = "AES-KW-128" }
local mac_algs = { [0] = "NULL", [1] = "HMAC-SHA-1-160" }
local kd_types = { [0] = "TGK", [1] = "TGK+SALT", [2] = "TEK", [3] = "TEK+SALT", [4] = "GTGK",
                   [5] = "GTGK+SALT", [6] = "MPK" }
local kv_types = { [0] = "Null", [1] = "SPI/MKI", [2] = "Interval" }
local errors = {
  [0] = "Authentication failure", [1] = "Invalid timestamp", [2] = "PRF function not supported",
  [3] = "MAC algorithm not supported", [4] = "Encryption algorithm not supported",
  [5] = "Hash function not supported", [6] = "DH group not supported", [7] = "ID not supported",
  [8] = "Certificate not supported", [9] = "SP type not supported",
  [10] = "SP parameters not supported", [11] = "Data type not supported",
  [12] = "Unspecified error", [14] = "Invalid TICKET",
  [15] = "Invalid TPpar",
}
local ticket_types = { [1] = "MIKEY base ticket", [2] = "3GPP base ticket",
                       [0xFF01] = "imssim key-id ticket",
                       [0xFF02] = "imssim sealed ticket" }
local srtp_params = {
  [0] = "Encryption algorithm", [1] = "Session Encr. key length", [2] = "Authentication algorithm",
  [3] = "Session Auth. key length", [4] = "Session Salt key length", [5] = "SRTP Pseudo Random Function",
  [6] = "Key derivation rate", [7] = "SRTP encryption", [8] = "SRTCP encryption",
  [9] = "Sender's FEC order", [10] = "SRTP authentication", [11] = "Authentication tag length",
  [12] = "SRTP prefix length",
}

local f = {
  version = ProtoField.uint8("mikeyticket.version", "Version"),
  type = ProtoField.uint8("mikeyticket.type", "Data Type", base.DEC, data_types),
  next_payload = ProtoField.uint8("mikeyticket.next_payload", "Next Payload", base.DEC, payload_names),
  v = ProtoField.bool("mikeyticket.v", "V", 8, nil, 0x80),
  prf = ProtoField.uint8("mikeyticket.prf_func", "PRF func", base.DEC, prf_funcs, 0x7F),
  csb_id = ProtoField.uint32("mikeyticket.csb_id", "CSB ID", base.HEX),
  cs_count = ProtoField.uint8("mikeyticket.cs_count", "#CS"),
  map_type = ProtoField.uint8("mikeyticket.cs_id_map_type", "CS ID map type", base.DEC, map_types),
  policy_no = ProtoField.uint8("mikeyticket.srtp_id.policy_no", "Policy No"),
  ssrc = ProtoField.uint32("mikeyticket.srtp_id.ssrc", "SSRC", base.HEX),
  roc = ProtoField.uint32("mikeyticket.srtp_id.roc", "ROC", base.HEX),
  g_cs_id = ProtoField.uint8("mikeyticket.generic.cs_id", "CS ID"),
  g_prot = ProtoField.uint8("mikeyticket.generic.prot_type", "Prot type"),
  g_s = ProtoField.bool("mikeyticket.generic.s", "S", 8, nil, 0x80),
  g_np = ProtoField.uint8("mikeyticket.generic.num_policies", "#P", base.DEC, nil, 0x7F),
  g_policy = ProtoField.uint8("mikeyticket.generic.policy", "Policy"),
  g_session = ProtoField.bytes("mikeyticket.generic.session_data", "Session Data"),
  g_spi = ProtoField.bytes("mikeyticket.generic.spi", "SPI"),
  payload = ProtoField.string("mikeyticket.payload", "Payload"),
  ts_type = ProtoField.uint8("mikeyticket.ts_type", "TS type", base.DEC, ts_types),
  ts_role = ProtoField.uint8("mikeyticket.ts_role", "TS role", base.DEC, ts_roles),
  ts_value = ProtoField.bytes("mikeyticket.ts_value", "TS value"),
  ntp = ProtoField.absolute_time("mikeyticket.ntp", "NTP timestamp", base.UTC),
  rand_role = ProtoField.uint8("mikeyticket.rand_role", "RAND role", base.DEC, rand_roles),
  rand_len = ProtoField.uint8("mikeyticket.rand_len", "RAND len"),
  rand = ProtoField.bytes("mikeyticket.rand", "RAND"),
  id_role = ProtoField.uint8("mikeyticket.id_role", "ID role", base.DEC, id_roles),
  id_type = ProtoField.uint8("mikeyticket.id_type", "ID type", base.DEC, id_types),
  id_len = ProtoField.uint16("mikeyticket.id_len", "ID len"),
  id = ProtoField.string("mikeyticket.id", "ID"),
  id_bytes = ProtoField.bytes("mikeyticket.id_bytes", "ID data"),
  encr_alg = ProtoField.uint8("mikeyticket.kemac.encr_alg", "Encr alg", base.DEC, encr_algs),
  encr_len = ProtoField.uint16("mikeyticket.kemac.encr_len", "Encr data len"),
  encr_data = ProtoField.bytes("mikeyticket.kemac.encr_data", "Encr data"),
  mac_alg = ProtoField.uint8("mikeyticket.mac_alg", "MAC alg", base.DEC, mac_algs),
  mac = ProtoField.bytes("mikeyticket.mac", "MAC"),
  kd_np = ProtoField.uint8("mikeyticket.key.next_payload", "Next Payload", base.DEC, payload_names),
  kd_type = ProtoField.uint8("mikeyticket.key.type", "Type", base.DEC, kd_types, 0xF0),
  kd_kv = ProtoField.uint8("mikeyticket.key.kv", "KV", base.DEC, kv_types, 0x0F),
  kd_len = ProtoField.uint16("mikeyticket.key.len", "Key data len"),
  kd_key = ProtoField.bytes("mikeyticket.key.data", "Key data"),
  kd_salt_len = ProtoField.uint16("mikeyticket.key.salt_len", "Salt len"),
  kd_salt = ProtoField.bytes("mikeyticket.key.salt", "Salt"),
  kd_spi = ProtoField.bytes("mikeyticket.key.spi", "SPI/MKI"),
  kd_vf = ProtoField.bytes("mikeyticket.key.valid_from", "Valid From"),
  kd_vt = ProtoField.bytes("mikeyticket.key.valid_to", "Valid To"),
  sp_no = ProtoField.uint8("mikeyticket.sp.no", "Policy No"),
  sp_prot = ProtoField.uint8("mikeyticket.sp.prot_type", "Prot type", base.DEC, { [0] = "SRTP" }),
  sp_len = ProtoField.uint16("mikeyticket.sp.param_len", "Policy param length"),
  sp_type = ProtoField.uint8("mikeyticket.sp.param.type", "Type", base.DEC, srtp_params),
  sp_value = ProtoField.bytes("mikeyticket.sp.param.value", "Value"),
  err = ProtoField.uint8("mikeyticket.err", "Error no", base.DEC, errors),
  reserved = ProtoField.uint16("mikeyticket.reserved", "Reserved"),
  ext_type = ProtoField.uint8("mikeyticket.ext.type", "Extension type"),
  ext_len = ProtoField.uint16("mikeyticket.ext.len", "Length"),
  ext_data = ProtoField.bytes("mikeyticket.ext.data", "Data"),
  ticket_type = ProtoField.uint16("mikeyticket.tp.ticket_type", "Ticket Type", base.HEX, ticket_types),
  subtype = ProtoField.uint8("mikeyticket.tp.subtype", "Subtype"),
  tp_version = ProtoField.uint8("mikeyticket.tp.version", "Version"),
  -- RFC 6043 §6.10: PRF Func (7 bits), flags D..O (12 bits), Res (5 bits) share 3 bytes.
  tp_prf = ProtoField.uint24("mikeyticket.tp.prf_func", "PRF Func", base.DEC, prf_funcs, 0xFE0000),
  flags = ProtoField.uint24("mikeyticket.tp.flags", "Flags D..O", base.HEX, nil, 0x01FFE0),
  policy_len = ProtoField.uint16("mikeyticket.tp.data_len", "TP Data length"),
  policy_data = ProtoField.bytes("mikeyticket.tp.data", "TP Data"),
  td_len = ProtoField.uint16("mikeyticket.ticket.data_len", "Ticket Data length"),
  td = ProtoField.bytes("mikeyticket.ticket.data", "Ticket Data"),
  initd_len = ProtoField.uint16("mikeyticket.ticket.initiator_len", "Initiator Data length"),
  initd = ProtoField.bytes("mikeyticket.ticket.initiator", "Initiator Data"),
}
local field_list = {}
for _, v in pairs(f) do field_list[#field_list + 1] = v end
p.fields = field_list

local ef_malformed = ProtoExpert.new("mikeyticket.malformed", "Malformed MIKEY-TICKET message",
                                     expert.group.MALFORMED, expert.severity.ERROR)
p.experts = { ef_malformed }

-- A cursor over the message; need() raises a Lua error that the dissector turns into an
-- expert "malformed" item, so a short message never reads past its end.
local Short = {}
local function cursor(tvb)
  local c = { tvb = tvb, pos = 0 }
  function c.need(n, what)
    if c.pos + n > tvb:len() then error({ short = Short, what = what, at = c.pos }) end
  end
  function c.take(tree, field, n, what)
    c.need(n, what)
    if n == 0 then return tvb(c.pos, 0) end
    local r = tvb(c.pos, n)
    if tree then tree:add(field, r) end
    c.pos = c.pos + n
    return r
  end
  return c
end

local function add_ts(c, tree, ts_type)
  local len = (ts_type == 0 or ts_type == 1) and 8 or ((ts_type == 2 or ts_type == 3) and 4 or nil)
  if not len then error({ short = Short, what = "TS type " .. ts_type .. " is unknown", at = c.pos }) end
  local r = c.take(tree, f.ts_value, len, "TS value")
  -- NTP (seconds since 1900 + 2^-32 fractions) shown as a date; NTP-UTC-32 = seconds part.
  if len == 8 or ts_type == 3 then
    local frac = len == 8 and r(4, 4):uint() or 0
    tree:add(f.ntp, r, NSTime.new(r(0, 4):uint() - 2208988800, math.floor(frac * 1e9 / 4294967296)))
  end
end

local function add_id(c, tree)
  local t = c.take(tree, f.id_type, 1, "ID type"):uint()
  local len = c.take(tree, f.id_len, 2, "ID len"):uint()
  c.need(len, "ID data")
  local r = c.tvb(c.pos, len)
  if t == 2 or len == 0 then tree:add(f.id_bytes, r) else tree:add(f.id, r) end
  c.pos = c.pos + len
end

local function add_policy(c, tree)
  c.take(tree, f.ticket_type, 2, "Ticket Type")
  c.take(tree, f.subtype, 1, "Subtype")
  c.take(tree, f.tp_version, 1, "Version")
  local bits = c.take(tree, f.tp_prf, 3, "PRF Func and flags")
  tree:add(f.flags, bits)
  local len = c.take(tree, f.policy_len, 2, "TP Data length"):uint()
  c.take(tree, f.policy_data, len, "TP Data")
end

local function add_key_data(tvb, tree)
  local c = cursor(tvb)
  repeat
    local start = c.pos
    local sub = tree:add(p, tvb(c.pos, 0), "Key data sub-payload")
    local np = c.take(sub, f.kd_np, 1, "next payload"):uint()
    c.need(1, "Type/KV")
    local tkv = tvb(c.pos, 1):uint()
    sub:add(f.kd_type, tvb(c.pos, 1))
    sub:add(f.kd_kv, tvb(c.pos, 1))
    c.pos = c.pos + 1
    local len = c.take(sub, f.kd_len, 2, "Key data len"):uint()
    c.take(sub, f.kd_key, len, "Key data")
    local kt, kv = bit.rshift(tkv, 4), bit.band(tkv, 0x0F)
    if kt == 1 or kt == 3 then
      local sl = c.take(sub, f.kd_salt_len, 2, "Salt len"):uint()
      c.take(sub, f.kd_salt, sl, "Salt")
    end
    if kv == 1 then
      local n = c.take(nil, nil, 1, "SPI len"):uint()
      c.take(sub, f.kd_spi, n, "SPI")
    elseif kv == 2 then
      local n = c.take(nil, nil, 1, "VF len"):uint()
      c.take(sub, f.kd_vf, n, "Valid From")
      n = c.take(nil, nil, 1, "VT len"):uint()
      c.take(sub, f.kd_vt, n, "Valid To")
    end
    sub:set_len(c.pos - start)
    sub:append_text(string.format(": %s, KV %s", kd_types[bit.rshift(tkv, 4)] or "?", kv_types[kv] or "?"))
  until np ~= 20
  if c.pos ~= tvb:len() then
    error({ short = Short, what = "bytes after the last key data sub-payload", at = c.pos })
  end
end

-- One payload of type `pt`; returns its Next Payload.
local function add_payload(c, tree, pt)
  local start = c.pos
  local name = payload_names[pt] or ("Unknown (" .. pt .. ")")
  local pl = tree:add(p, c.tvb(c.pos, 0), name)
  tree:add(f.payload, name):set_generated()
  local np = c.take(pl, f.next_payload, 1, "next payload"):uint()
  if pt == 5 then
    add_ts(c, pl, c.take(pl, f.ts_type, 1, "TS type"):uint())
  elseif pt == 13 then
    c.take(pl, f.ts_role, 1, "TS role")
    add_ts(c, pl, c.take(pl, f.ts_type, 1, "TS type"):uint())
  elseif pt == 11 or pt == 15 then
    if pt == 15 then c.take(pl, f.rand_role, 1, "RAND role") end
    local len = c.take(pl, f.rand_len, 1, "RAND len"):uint()
    c.take(pl, f.rand, len, "RAND")
  elseif pt == 6 then
    add_id(c, pl)
  elseif pt == 14 then
    c.take(pl, f.id_role, 1, "ID role")
    add_id(c, pl)
  elseif pt == 1 then
    local alg = c.take(pl, f.encr_alg, 1, "Encr alg"):uint()
    local len = c.take(pl, f.encr_len, 2, "Encr data len"):uint()
    local data = c.take(pl, f.encr_data, len, "Encr data")
    if alg == 0 and len > 0 then add_key_data(data:tvb(), pl) end
    local mac = c.take(pl, f.mac_alg, 1, "MAC alg"):uint()
    if mac == 1 then c.take(pl, f.mac, 20, "MAC")
    elseif mac ~= 0 then error({ short = Short, what = "MAC alg " .. mac .. " is unknown", at = c.pos }) end
  elseif pt == 10 then
    c.take(pl, f.sp_no, 1, "Policy no")
    c.take(pl, f.sp_prot, 1, "Prot type")
    local len = c.take(pl, f.sp_len, 2, "Policy param length"):uint()
    c.need(len, "Policy params")
    local stop = c.pos + len
    while c.pos < stop do
      local ps = c.pos
      local t = c.tvb(c.pos, 1):uint()
      local pi = pl:add(p, c.tvb(c.pos, 0), srtp_params[t] or ("Parameter " .. t))
      c.take(pi, f.sp_type, 1, "parameter type")
      local plen = c.take(nil, nil, 1, "parameter length"):uint()
      if c.pos + plen > stop then error({ short = Short, what = "SP parameter length", at = c.pos }) end
      c.take(pi, f.sp_value, plen, "parameter value")
      pi:set_len(c.pos - ps)
    end
  elseif pt == 9 then
    local alg = c.take(pl, f.mac_alg, 1, "Auth alg"):uint()
    if alg == 1 then c.take(pl, f.mac, 20, "Ver data")
    elseif alg ~= 0 then error({ short = Short, what = "Auth alg " .. alg .. " is unknown", at = c.pos }) end
  elseif pt == 12 then
    c.take(pl, f.err, 1, "Error no")
    c.take(pl, f.reserved, 2, "Reserved")
  elseif pt == 21 then
    c.take(pl, f.ext_type, 1, "Type")
    local len = c.take(pl, f.ext_len, 2, "Length"):uint()
    c.take(pl, f.ext_data, len, "Data")
  elseif pt == 16 then
    add_policy(c, pl)
  elseif pt == 17 then
    add_policy(c, pl)
    local td_len = c.take(pl, f.td_len, 2, "Ticket Data length"):uint()
    c.take(pl, f.td, td_len, "Ticket Data")
    local init_len = c.take(pl, f.initd_len, 2, "Initiator Data length"):uint()
    c.take(pl, f.initd, init_len, "Initiator Data")
  else
    error({ short = Short, what = name .. " payload is not expected in a MIKEY-TICKET message", at = start })
  end
  pl:set_len(c.pos - start)
  return np
end

local builtin = Dissector.get("mikey")

function p.dissector(tvb, pinfo, tree)
  if tvb:len() < 2 then return 0 end
  local dt = tvb(1, 1):uint()
  if dt < 11 or dt > 18 then
    return builtin:call(tvb, pinfo, tree)
  end
  pinfo.cols.protocol:set("MIKEY-TICKET")
  pinfo.cols.info:set(data_types[dt])
  local root = tree:add(p, tvb(), "MIKEY-TICKET, " .. data_types[dt])
  local c = cursor(tvb)
  local ok, err = pcall(function()
    local hdr = root:add(p, tvb(0, 0), "Common Header (HDR)")
    c.take(hdr, f.version, 1, "version")
    c.take(hdr, f.type, 1, "data type")
    local np = c.take(hdr, f.next_payload, 1, "next payload"):uint()
    c.need(1, "V/PRF func")
    hdr:add(f.v, tvb(c.pos, 1))
    hdr:add(f.prf, tvb(c.pos, 1))
    c.pos = c.pos + 1
    local csb = c.take(hdr, f.csb_id, 4, "CSB ID"):uint()
    local n = c.take(hdr, f.cs_count, 1, "#CS"):uint()
    local map = c.take(hdr, f.map_type, 1, "CS ID map type"):uint()
    for _ = 1, (map == 1) and 0 or n do
      local es = c.pos
      local e = hdr:add(p, tvb(c.pos, 0), map == 0 and "SRTP ID" or "GENERIC ID")
      if map == 0 then
        c.take(e, f.policy_no, 1, "Policy_no")
        c.take(e, f.ssrc, 4, "SSRC")
        c.take(e, f.roc, 4, "ROC")
      elseif map == 2 then
        c.take(e, f.g_cs_id, 1, "CS ID")
        c.take(e, f.g_prot, 1, "Prot type")
        c.need(1, "S/#P")
        e:add(f.g_s, tvb(c.pos, 1))
        e:add(f.g_np, tvb(c.pos, 1))
        local np_ = bit.band(tvb(c.pos, 1):uint(), 0x7F)
        c.pos = c.pos + 1
        for _ = 1, np_ do c.take(e, f.g_policy, 1, "Ps") end
        local sl = c.take(nil, nil, 2, "Session Data len"):uint()
        c.take(e, f.g_session, sl, "Session Data")
        local spil = c.take(nil, nil, 1, "SPI len"):uint()
        c.take(e, f.g_spi, spil, "SPI")
      else
        error({ short = Short, what = "CS ID map type " .. map .. " is unknown", at = c.pos })
      end
      e:set_len(c.pos - es)
    end
    hdr:set_len(c.pos)
    root:append_text(string.format(", CSB ID 0x%08x", csb))
    while np ~= 0 do
      np = add_payload(c, root, np)
    end
    if c.pos ~= tvb:len() then
      error({ short = Short, what = (tvb:len() - c.pos) .. " trailing byte(s)", at = c.pos })
    end
  end)
  if not ok then
    if type(err) == "table" and err.short == Short then
      root:add_proto_expert_info(ef_malformed,
        string.format("Malformed: %s at offset %d", err.what, err.at))
    else
      error(err)
    end
  end
  return tvb:len()
end

DissectorTable.get("udp.port"):add(2269, p)
DissectorTable.get("key_mgmt"):add("mikey", p)
