// compare.csv: the report in long ("tidy") form, one figure per line, so the variant table and
// the sweep share one header, files of several runs concatenate, and it loads straight into a
// spreadsheet or pandas:
//
//   scenario,seed,variant,sweep_param,sweep_value,metric,value,error
//   basic-call,1,mikey,,,km_round_trips.caller,1,
//   basic-call,1,mikey,/network/zones/access/delay_ms,10,setup_delay_ms.mean,104.2,
//
// Absent figures have an empty value; a failed run is one line with the error and no metric.
// Sweep lines carry setup_delay_ms.mean, calls.established and calls.total per value.
// Quoting follows RFC 4180 §2: fields holding a comma, a double quote, CR or LF are enclosed
// in double quotes, with inner double quotes doubled.
#pragma once

#include <string>

#include "sim/compare/report.h"

namespace imssim::compare {

std::string csv_field(const std::string& s);

std::string csv_report(const Report& r);

}  // namespace imssim::compare
