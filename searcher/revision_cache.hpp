// Objects built from one revision of a local index, shared by every searcher in the process.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace heritage::searcher {

// "uuid/revision" of db, or nothing when db is not exactly one local database (several shards
// have no one revision, a remote one none to share by).
inline std::optional<std::string> revision_id(const Xapian::Database& db) {
    try {
        return db.get_uuid() + '/' + std::to_string(db.get_revision());
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
}

// The T held for revision `id`, or make()'s, kept while someone holds it: callers asking for
// the same revision share one. T's of revisions nobody holds are forgotten.
template <class T, class Make>
std::shared_ptr<const T> shared_per_revision(const std::string& id, Make make) {
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<const T>> held;
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = held.begin(); it != held.end();)
        it = it->second.expired() ? held.erase(it) : std::next(it);
    if (auto existing = held[id].lock()) return existing;
    std::shared_ptr<const T> made = make();
    held[id] = made;
    return made;
}

}  // namespace heritage::searcher
