#include "sim/scenario/scenario_spec.h"

namespace imssim::scenario {
namespace {

SpecRef zone_profile() {
  return object(
             "Link characteristics every packet meets when it enters or leaves this zone. A packet "
             "between two zones crosses the link of each (so access -> core -> access crosses two "
             "access links and nothing else counts twice).",
             {
                 optional("delay_ms", number("One-way propagation delay of the zone's link, in ms.").min(0).def(10)),
                 optional("jitter_ms", number("Standard deviation of the extra delay per packet, in ms (0 = none). Streams never overtake their own earlier segments.").min(0).def(0)),
                 optional("jitter", choice("Distribution of the jitter.", {"normal", "lognormal"}).def("normal")),
                 optional("loss", number("Probability that a packet crossing the link is lost.").min(0).max(1).def(0)),
                 optional("bandwidth_mbps", number("Link rate in Mbit/s; serialisation delay and queueing follow from it.").above(0).def(100)),
                 optional("mtu", integer("Largest IP packet in bytes; bigger UDP datagrams are fragmented, streams use MSS = MTU - 40.").min(576).max(9000).def(1500)),
                 optional("subnet", formatted("IPv4 prefix the zone's hosts are numbered from (default 10.<n>.0.0/16, n = 1, 2, ... in zone order).", "cidr")),
             })
      .title("zone");
}

SpecRef subscriber() {
  return object(
             "One UE and its USIM: the identity the IMS core knows it by and the AKA secrets the HSS "
             "shares with it.",
             {
                 required("name", string("Host name of the UE, used everywhere else in the file (timeline, groups, warrants).").example("alice")),
                 optional("impi", string("Private identity (IMPI). Default: <name>@<ims.domain>.")),
                 optional("impu", formatted("Public identity (IMPU). Default: sip:<name>@<ims.domain>.", "sip-uri")),
                 required("k", hex("Subscriber key K (TS 35.206).", 16)),
                 optional("opc", hex("OPc, the operator variant key combined with K (TS 35.206 §4.1).", 16)),
                 optional("op", hex("OP; OPc is derived from it (give OP or OPc, not both).", 16)),
                 optional("sqn", hex("Initial sequence number SQN in the HSS (TS 33.102 Annex C).", 6).def("000000000020")),
                 optional("amf", hex("Authentication management field AMF.", 2).def("8000")),
                 optional("zone", string("Zone the UE attaches to.").def("access")),
                 optional("address", formatted("IPv4 address (default: next free address of the zone).", "ipv4")),
             })
      .title("subscriber")
      .exactly_one_of({"opc", "op"});
}

SpecRef population() {
  return object(
             "A population of generated UEs for traffic models: <name_prefix>1 .. <name_prefix><count>, "
             "each with K and OPc drawn from the seed, registered at the start.",
             {
                 required("count", integer("Number of UEs.").min(1).max(100000)),
                 optional("name_prefix", string("Prefix of the generated host names.").def("ue")),
                 optional("zone", string("Zone the UEs attach to.").def("access")),
             })
      .title("population");
}

SpecRef at() { return number("Simulated time of the action, in seconds from the start of the run.").min(0); }

SpecBuilder action(std::string description, std::vector<Field> fields) {
  fields.insert(fields.begin(), required("at_s", at()));
  auto b = object(std::move(description), std::move(fields));
  b.title("action");
  return b;
}

SpecRef timeline_action() {
  auto ue = [](std::string what) { return required("ue", string(std::move(what))); };
  auto id = required("id", string("Name of this call or probe in the results and expectations."));
  auto zone = required("zone", string("Zone whose link is affected."));
  return tagged(
             "One timed action.", "action",
             {
                 {"register", action("The UE bootstraps GBA and registers with the IMS core (REGISTER with AKA).", {ue("UE that registers.")})},
                 {"deregister", action("The UE deregisters (REGISTER with Expires: 0).", {ue("UE that deregisters.")})},
                 {"call", action("A two-party call with media protected by the key of the run's key-management variant.",
                                 {id, required("from", string("Calling UE.")),
                                  required("to", string("Callee: a subscriber name or IMPU.")),
                                  optional("duration_s", number("Media duration once established, in seconds.").min(0).def(5)),
                                  optional("answer_after_ms", number("Time the callee rings before answering, in ms.").min(0).def(0)),
                                  optional("answer", boolean("Whether the callee answers at all (false: no-answer timeout, retargeting to the mailbox).").def(true))})},
                 {"group_call", action("A call to a group identity or an explicit list of users; each member gets the INVITE and resolves the same key.",
                                       {id, required("from", string("Calling UE.")),
                                        optional("group", formatted("Group identity from `groups`.", "sip-uri")),
                                        optional("to", array("Explicit list of callees (names or IMPUs).", string("A callee.")).min_items(1)),
                                        optional("duration_s", number("Media duration, in seconds.").min(0).def(5))})
                                    .exactly_one_of({"group", "to"})},
                 {"retrieve_mailbox", action("The UE fetches messages stored for it in the media mailbox and decrypts them.", {ue("UE that retrieves.")})},
                 {"attack", action("A security probe: something that must fail, checked by expectations.",
                                   {required("kind", choice("What is attempted.", {"resolve-unauthorised", "replay-request", "tamper-request", "resolve-unknown-key-id", "resolve-expired", "mailbox-resolve", "li-without-warrant"})),
                                    required("by", string("Node that attempts it (a UE, `mailbox` or `li`).")),
                                    optional("call", string("Call whose key-id or request is used."))})},
                 {"link_down", action("The zone's link drops every packet until link_up.", {zone})},
                 {"link_up", action("The zone's link carries packets again.", {zone})},
                 {"loss_burst", action("The zone's link loses packets with a higher probability for a while.",
                                       {zone, required("loss", number("Loss probability during the burst.").min(0).max(1)),
                                        required("duration_s", number("Length of the burst, in seconds.").above(0))})},
                 {"node_down", action("The node stops: it drops everything it receives, its timers stop, its streams reset.", {required("node", string("Host name."))})},
                 {"node_up", action("The node restarts with its durable state (the KMS key store survives).", {required("node", string("Host name."))})},
                 {"datagrams", action("Network probe: UDP datagrams at a fixed interval from one host to another.",
                                      {id, required("from", string("Sending host.")), required("to", string("Receiving host.")),
                                       required("count", integer("Number of datagrams.").min(1)),
                                       optional("size_bytes", integer("UDP payload size.").min(1).max(65507).def(160)),
                                       optional("interval_ms", number("Time between datagrams, in ms.").min(0).def(20)),
                                       optional("port", integer("Destination UDP port.").min(1).max(65535).def(9))})},
                 {"transfer", action("Network probe: a reliable stream carries a number of bytes from one host to another and closes.",
                                     {id, required("from", string("Sending host.")), required("to", string("Receiving host.")),
                                      required("bytes", integer("Bytes to transfer.").min(1).max(1e9)),
                                      optional("port", integer("Destination TCP port.").min(1).max(65535).def(5001))})},
             })
      .title("action");
}

SpecRef expectation() {
  return object(
             "A check on the results document after the run. `path` is a JSON pointer into the results "
             "(see the results format); a `*` segment matches every element, and the check must hold for "
             "each. Give `equals`, or `min` and/or `max`.",
             {
                 optional("what", string("What this checks, in words (printed when it fails).")),
                 required("path", string("JSON pointer into the results, e.g. /calls/0/established or /calls/*/km_round_trips/caller.")),
                 optional("equals", any("The value must equal this.")),
                 optional("min", number("The value must be a number >= this.")),
                 optional("max", number("The value must be a number <= this.")),
                 optional("variants", array("Only check under these variants (default: all the run uses).", choice("A variant.", variant_names()))),
             })
      .title("expectation");
}

SpecRef default_zones() {
  json zones = {{"access", {{"delay_ms", 10}}}, {"core", {{"delay_ms", 1}}}};
  return map("Named zones. Each host belongs to one. IMS functions live in `ims.zone`, UEs in theirs.", zone_profile())
      .def(zones);
}

SpecRef build() {
  return object(
      "An imssim scenario: the network, the subscribers, a timeline of actions or a traffic model, "
      "the key-management variants to run under, and the expectations that must hold.",
      {
          required("name", string("Short name of the scenario (used in output file names).")),
          optional("description", string("What the scenario shows, in words.")),
          optional("seed", integer("Seed of every random stream of the run. Same seed, same bytes.").min(0).def(1)),
          required("duration_s", number("Simulated time limit of the run, in seconds.").above(0)),
          optional("variants", array("Key-management variants the scenario runs under (`imssim run --variant` overrides).",
                                     choice("A variant.", variant_names()))
                                   .min_items(1)
                                   .def(json::array({"mikey"}))),
          optional("network", object("The simulated network.",
                                     {optional("zones", default_zones())})
                                  .title("network")
                                  .def(json::object())),
          optional("ims", object("The IMS core and the key-management service.",
                                 {
                                     optional("domain", string("Home network domain: IMS identities, KMS and BSF names are under it.").def("ims.example.com")),
                                     optional("zone", string("Zone of the IMS functions (HSS, BSF, KMS, CSCFs, LI, mailbox).").def("core")),
                                     optional("sip_transport", choice("Transport of SIP between UEs and the P-CSCF.", {"udp", "tcp"}).def("udp")),
                                     optional("tls_version", choice("TLS version of the TLS-based variants.", {"1.2", "1.3"}).def("1.2")),
                                     optional("key_lifetime_s", number("Lifetime of a KMS-issued key, in seconds.").above(0).def(3600)),
                                     optional("gba_key_lifetime_s", number("Lifetime of a GBA bootstrapping (Ks and B-TID), in seconds.").above(0).def(86400)),
                                     optional("no_answer_timeout_s", number("Seconds the S-CSCF waits for an answer before retargeting to the mailbox.").above(0).def(20)),
                                     optional("kms_cpu", object("The KMS's processor as a modelled resource for load studies: one server, first come first served, each operation holding it for a service time calibrated from the real handlers' CPU time (nodes/kms/cpu_model.h). Off: replies leave at once.",
                                                                {optional("model", boolean("Model the KMS processor (queueing delay, utilisation in nodes.kms.cpu_model).").def(false)),
                                                                 optional("slowdown", number("Service times multiplied by this: a KMS this many times slower than the calibration machine.").min(1).def(1))})
                                                             .title("kms_cpu")
                                                             .def(json::object())),
                                 })
                              .title("ims")
                              .def(json::object())),
          optional("hosts", array("Plain hosts (no IMS role) for network probes.",
                                  object("A plain host.", {required("name", string("Host name.")),
                                                           optional("zone", string("Zone of the host.").def("core")),
                                                           optional("address", formatted("IPv4 address (default: next free of the zone).", "ipv4"))})
                                      .title("host"))
                                .def(json::array())),
          optional("subscribers", array("Subscribers, one UE each.", subscriber()).def(json::array())),
          optional("population", population()),
          optional("groups", array("Group identities and their members.",
                                   object("A group.", {required("id", formatted("Group identity (a SIP URI).", "sip-uri")),
                                                       required("members", array("Subscriber names.", string("A member.")).min_items(1))})
                                       .title("group"))
                                 .def(json::array())),
          optional("warrants", array("Lawful-interception warrants.",
                                     object("A warrant.", {required("target", string("Subscriber name or IMPU under interception.")),
                                                           optional("start_s", number("Start of validity, seconds.").min(0).def(0)),
                                                           optional("stop_s", number("End of validity, seconds (default: end of run)."))})
                                         .title("warrant"))
                                   .def(json::array())),
          optional("timeline", array("Timed actions, in any order (ties run in file order).", timeline_action()).def(json::array())),
          optional("traffic", object("A call traffic model over the population and subscribers.",
                                     {optional("model", choice("Arrival process.", {"poisson"}).def("poisson")),
                                      required("calls_per_s", number("Mean call arrival rate over the whole network.").above(0)),
                                      optional("mean_call_s", number("Mean call duration, exponentially distributed.").above(0).def(30)),
                                      optional("start_s", number("First possible arrival.").min(0).def(1)),
                                      optional("stop_s", number("No arrivals after this (default: duration_s).").min(0))})
                                  .title("traffic")),
          optional("expect", array("Expectations checked after the run; `imssim run` exits 1 if one fails.", expectation()).def(json::array())),
      })
      .title("scenario");
}

}  // namespace

const Spec& scenario_spec() {
  static const SpecRef spec = build();
  return *spec;
}

}  // namespace imssim::scenario
