// Shard assignment by a stable hash of the id, and the stub file that joins the shards.
#include "indexer/shards.hpp"

#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "indexer/indexer.hpp"

namespace heritage::indexer {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStubName = "XAPIANDB";  // Xapian's name for a folder's stub

std::string shard_name(std::size_t i) { return "shard-" + std::to_string(i); }

// "idx/" -> "idx": the folder's own name, to name folders beside it.
std::string without_trailing_slashes(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

}  // namespace

std::size_t shard_of(std::string_view id, std::size_t shards) {
    return static_cast<std::size_t>(fnv1a(id) % shards);
}

std::size_t existing_shards(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(fs::path(dir) / kStubName, ec)) return 0;
    std::size_t n = 0;
    while (fs::is_directory(fs::path(dir) / shard_name(n), ec)) ++n;
    return n;
}

std::vector<std::string> prepare_shards(const std::string& dir, std::size_t shards) {
    if (shards == 0) throw std::runtime_error("the number of shards must be at least 1");
    std::size_t existing = existing_shards(dir);
    std::error_code ec;
    bool single = fs::exists(fs::path(dir) / "iamglass", ec);
    if (shards == 1 && existing == 0) return {dir};
    if (single || (existing != 0 && existing != shards))
        throw std::runtime_error(dir + " holds an index of " +
                                 std::to_string(single ? 1 : existing) + " shard" +
                                 (single || existing == 1 ? "" : "s") + ", not " +
                                 std::to_string(shards) + " (index into a new folder)");
    fs::create_directories(dir);
    std::vector<std::string> dirs;
    std::string stub = "# heritage-search: " + std::to_string(shards) +
                       " shards; add \"remote HOST:PORT\" lines in a stub of your own for "
                       "shards served by xapian-tcpsrv\n";
    for (std::size_t i = 0; i < shards; ++i) {
        dirs.push_back((fs::path(dir) / shard_name(i)).string());
        stub += "auto " + shard_name(i) + "\n";
    }
    if (existing == 0) {
        // Shards first, the stub last: a folder with a stub always has all its shards.
        for (const auto& d : dirs) fs::create_directories(d);
        std::string tmp = (fs::path(dir) / (std::string(kStubName) + ".tmp")).string();
        {
            std::ofstream out(tmp, std::ios::trunc);
            out << stub;
            if (!out) throw std::runtime_error("cannot write " + tmp);
        }
        fs::rename(tmp, fs::path(dir) / kStubName);
    }
    return dirs;
}

bool is_new_index(const std::string& dir) {
    std::error_code ec;
    return !fs::exists(fs::path(dir) / "iamglass", ec) && existing_shards(dir) == 0;
}

void compact_in_place(const std::string& dir_given) {
    const std::string dir = without_trailing_slashes(dir_given);
    const fs::path tmp = dir + ".compacting", old = dir + ".compacted-old";
    fs::remove_all(tmp);
    fs::remove_all(old);
    Xapian::Database db(dir);
    db.compact(tmp.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    db.close();
    fs::rename(dir, old);
    fs::rename(tmp, dir);
    fs::remove_all(old);
}

}  // namespace heritage::indexer
