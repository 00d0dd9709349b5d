// Shared by the scale benchmarks: reading query files, timing and latency percentiles as JSON.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace heritage::bench {

// One query a line; blank lines are skipped.
inline std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
    }
    return lines;
}

inline double now_ms() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// CPU time of the calling thread (user + system): unlike wall time, barely moved by other
// processes competing for the cores, so ratios between programs stay meaningful on a busy host.
inline double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Wall and CPU milliseconds of each timed call.
struct Latencies {
    std::vector<double> wall, cpu;
    template <class F>
    void time(F&& f) {
        double w0 = now_ms(), c0 = thread_cpu_ms();
        f();
        cpu.push_back(thread_cpu_ms() - c0);
        wall.push_back(now_ms() - w0);
    }
};

// Runs the first `count` queries once untimed, so neither program is timed opening files or
// loading ICU data on its first query.
template <class F>
void warm_up(const std::vector<std::string>& queries, F&& one, std::size_t count = 50) {
    for (std::size_t i = 0; i < queries.size() && i < count; ++i) one(queries[i]);
}

// Nearest-rank percentile (p in 0..100) of unsorted samples.
inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * v.size()));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

inline double mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0.0 : sum / v.size();
}

// One JSON line the bench script reads: {"name", "n", "p50_ms", "p95_ms", "p99_ms", "mean_ms",
// "cpu_p50_ms", "cpu_p95_ms", "cpu_p99_ms", "cpu_mean_ms"}, then `extra` (more "key":value
// pairs, each after a comma) when given.
inline void print_latencies(const std::string& name, const Latencies& l,
                            const std::string& extra = "") {
    std::printf(
        "{\"name\":\"%s\",\"n\":%zu,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,"
        "\"mean_ms\":%.3f,\"cpu_p50_ms\":%.3f,\"cpu_p95_ms\":%.3f,\"cpu_p99_ms\":%.3f,"
        "\"cpu_mean_ms\":%.3f%s}\n",
        name.c_str(), l.wall.size(), percentile(l.wall, 50), percentile(l.wall, 95),
        percentile(l.wall, 99), mean(l.wall), percentile(l.cpu, 50), percentile(l.cpu, 95),
        percentile(l.cpu, 99), mean(l.cpu), extra.c_str());
}

}  // namespace heritage::bench
