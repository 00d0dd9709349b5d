// Helpers shared by tests: temporary folders, fixture indexes and running the programs.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>

#include "indexer/indexer.hpp"

namespace heritage::test {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() /
                 ("heritage-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

// Indexes `paths` into db and commits; returns the report. Errors go to `errors`.
inline indexer::IndexReport index_into(const std::string& db, const std::vector<std::string>& paths,
                                       std::ostream* errors = nullptr) {
    indexer::IndexWriter writer(db);
    std::ostringstream sink;
    return indexer::index_paths(writer, paths, errors ? *errors : sink);
}

struct CommandResult {
    int status = -1;  // exit code
    std::string out;  // stdout (and stderr when merged)
};

// Runs a shell command line, capturing stdout (add "2>&1" to capture stderr too).
inline CommandResult run(const std::string& command) {
    CommandResult r;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

inline std::string bin(const std::string& program) { return std::string(HERITAGE_BIN_DIR) + "/" + program; }

// Single-quotes s for the shell.
inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace heritage::test
