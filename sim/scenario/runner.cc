#include "sim/scenario/runner.h"

#include <algorithm>

#include "sim/scenario/ims_network.h"
#include "sim/scenario/interfaces.h"
#include "sim/scenario/probe_actions.h"
#include "sim/scenario/scenario_spec.h"
#include "sim/scenario/world.h"
#include "sim/simulation.h"

namespace imssim::scenario {

namespace {

// One run: the simulation, the world built in it, and the state of the timeline's actions.
class Run {
 public:
  Run(const Scenario& s, std::string variant)
      : scenario_(s),
        variant_(std::move(variant)),
        sim_(s.seed),
        world_(s, sim_),
        probes_(world_),
        ims_(world_, variant_) {
    sim_.tracer().enable_metrics();
    sim_.tracer().set_interface_classifier(interface_classifier(world_));
  }

  Result<Ok> enable_traces(const RunOptions& o) {
    if (!o.pcap_path.empty()) {
      if (auto r = sim_.tracer().enable_pcap(o.pcap_path); !r) return r;
    }
    if (!o.event_log_path.empty()) {
      if (auto r = sim_.tracer().enable_event_log(o.event_log_path); !r) return r;
    }
    if (!o.ladder_paths.empty()) sim_.tracer().enable_ladder();
    return Ok{};
  }

  // Plays the timeline until the scenario's duration; the first action that cannot start
  // stops the run with its error.
  Result<Ok> play() {
    if (!scenario_.subscribers.empty())
      if (auto r = ims_.start(); !r) return r;
    schedule_population_and_traffic();
    for (const auto& a : scenario_.timeline)
      sim_.scheduler().schedule_at(a.at, [this, &a] {
        if (auto r = start(a); !r && !error_) {
          error_ = r.error();
          sim_.stop();
        }
      });
    sim_.run_until(scenario_.duration);
    sim_.tracer().flush();
    if (error_) return Unexpected{*error_};
    return Ok{};
  }

  Result<Ok> write_ladders(const std::vector<std::string>& paths) {
    for (const auto& p : paths)
      if (auto r = sim_.tracer().ladder()->write(p); !r) return r;
    return Ok{};
  }

  nlohmann::json results() const {
    return {{"imssim_version", IMSSIM_VERSION},
            {"scenario", scenario_.name},
            {"variant", variant_},
            {"seed", scenario_.seed},
            {"duration_s", scenario_.duration.to_sec()},
            {"calls", scenario_.subscribers.empty() ? nlohmann::json::array() : ims_.calls()},
            {"attacks", ims_.attacks()},
            {"nodes", scenario_.subscribers.empty() ? nlohmann::json::object() : ims_.nodes()},
            {"probes", probes_.results()},
            {"network", sim_.metrics_json()}};
  }

  // The population registers over the first second (spread evenly, not as one burst); the
  // traffic model's calls arrive as a Poisson process between its start and stop.
  void schedule_population_and_traffic() {
    std::vector<const Subscriber*> generated;
    for (const auto& sub : scenario_.subscribers)
      if (sub.generated) generated.push_back(&sub);
    for (std::size_t i = 0; i < generated.size(); ++i)
      sim_.scheduler().schedule_at(Time::from_ms(1000.0 * double(i) / double(generated.size())),
                                   [this, name = generated[i]->host.name] {
                                     if (auto r = ims_.register_name(name); !r && !error_) {
                                       error_ = r.error();
                                       sim_.stop();
                                     }
                                   });
    if (scenario_.traffic) next_arrival(scenario_.traffic->start);
  }

  void next_arrival(Time after) {
    const Traffic& t = *scenario_.traffic;
    Time at = after + Time::from_ms(sim_.rng("traffic").exponential(1000.0 / t.calls_per_s));
    if (at > t.stop) return;
    sim_.scheduler().schedule_at(at, [this, at] {
      ims_.traffic_call(sim_.rng("traffic"), *scenario_.traffic);
      next_arrival(at);
    });
  }

  const ImsNetwork& ims() const { return ims_; }

  nlohmann::json measured() const {
    return scenario_.subscribers.empty() ? nlohmann::json::object() : ims_.measured();
  }

 private:
  Result<Ok> start(const Action& a) {
    const auto& k = a.kind;
    auto& net = sim_.network();
    auto name = [&a](const char* field) { return a.args.at(field).get<std::string>(); };
    if (k == "datagrams") return probes_.start_datagrams(a);
    if (k == "transfer") return probes_.start_transfer(a);
    if (k == "register") return ims_.register_ue(a);
    if (k == "call") return ims_.start_call(a);
    if (k == "group_call") return ims_.start_group_call(a);
    if (k == "retrieve_mailbox") return ims_.retrieve_mailbox(a);
    if (k == "attack") return ims_.attack(a);
    if (k == "link_down")
      net.link_down(world_.zone(name("zone")));
    else if (k == "link_up")
      net.link_up(world_.zone(name("zone")));
    else if (k == "loss_burst")
      net.loss_burst(world_.zone(name("zone")), a.args.at("loss").get<double>(),
                     Time::from_ms(a.args.at("duration_s").get<double>() * 1e3));
    else if (k == "node_down")
      net.node_down(world_.host(name("node")));
    else if (k == "node_up") {
      net.node_up(world_.host(name("node")));
      if (!scenario_.subscribers.empty()) return ims_.node_restarted(name("node"));
    }
    else
      return fail(a.pointer + ": the action '" + k + "' is not implemented yet");
    return Ok{};
  }

  const Scenario& scenario_;
  std::string variant_;
  sim::Simulation sim_;  // before the world and the nodes: destroyed after them
  World world_;
  ProbeActions probes_;
  ImsNetwork ims_;
  std::optional<Error> error_;
};

}  // namespace

bool RunOutcome::passed() const {
  return std::all_of(expectations.begin(), expectations.end(),
                     [](const ExpectationOutcome& e) { return e.passed || e.skipped; });
}

Result<RunOutcome> run_scenario(const Scenario& s, const RunOptions& options) {
  // A variant the scenario does not name still runs (to compare it); its expectations are the
  // ones not limited to other variants.
  std::string variant = options.variant.empty() ? s.variants.front() : options.variant;
  const auto& known = variant_names();
  if (std::find(known.begin(), known.end(), variant) == known.end())
    return fail("unknown variant '" + variant + "' (mikey, tls-ticket and mikey-ticket exist)");
  Run run(s, variant);
  if (auto r = run.enable_traces(options); !r) return Unexpected{r.error()};
  if (auto r = run.play(); !r) return Unexpected{r.error()};
  if (options.at_end) options.at_end();
  if (options.inspect) options.inspect(run.ims());
  if (auto r = run.write_ladders(options.ladder_paths); !r) return Unexpected{r.error()};
  RunOutcome out{variant, run.results(), run.measured(), {}};
  out.expectations = check_expectations(s.expectations, out.results, variant);
  auto& outcomes = out.results["expectations"] = nlohmann::json::array();
  for (const auto& e : out.expectations) outcomes.push_back(e.to_json());
  out.results["passed"] = out.passed();
  return out;
}

}  // namespace imssim::scenario
